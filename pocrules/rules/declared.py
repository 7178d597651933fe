"""A compiled rule's own words and settings, as plain frozen dataclasses.

Selection, findings, reports and the rule documentation read a rule through these
once it is compiled. They are kept apart from the ruleset schema (:mod:`.schema`),
which validates what an author writes, so that a ruleset read back from the cache
(:mod:`.stored`) is rebuilt without building a validator for rules it wrote itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
"""Most severe first."""

SectionName = Literal["body", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "annex-I"]

ParamValue = int | float | str | bool | dt.date
ParamType = Literal["integer", "number", "boolean", "text", "date"]
_WORDS = {"integer": "a whole number", "number": "a number", "boolean": "true or false", "text": "a text",
          "date": "a date (YYYY-MM-DD)"}


@dataclass(frozen=True)
class Param:
    """A rule parameter: its default, and the values a reviewer may set it to."""

    default: ParamValue
    type: ParamType
    min: int | float | dt.date | None = None
    max: int | float | dt.date | None = None

    def consistent(self) -> None:
        """ValueError unless the declaration makes sense (bounds of its type, its default within them)."""
        if (self.min is not None or self.max is not None) and self.type in ("boolean", "text"):
            raise ValueError(f"min/max do not apply to a {self.type} parameter")
        for bound in (self.min, self.max):
            if bound is not None and self._coerce(bound) is None:
                raise ValueError(f"min and max of a {self.type} parameter must each be {_WORDS[self.type]}")
        if self.min is not None and self.max is not None and self.min > self.max:  # type: ignore[operator]
            raise ValueError("min is larger than max")
        self.check(self.default)

    def expected(self) -> str:
        """The allowed values in a reviewer's words, e.g. 'a whole number from 1 to 3650'."""
        low, high = self.min, self.max
        if low is not None and high is not None:
            return f"{_WORDS[self.type]} from {low} to {high}"
        if low is not None:
            return f"{_WORDS[self.type]} of at least {low}"
        if high is not None:
            return f"{_WORDS[self.type]} of at most {high}"
        return _WORDS[self.type]

    def check(self, value: Any) -> ParamValue:
        """``value`` as this parameter's type; ValueError naming what is expected otherwise.

        Text from the command line (``--param RULE.NAME=60``) is read as the declared type.
        """
        out = self._coerce(value)
        if out is None or (self.min is not None and out < self.min) or (self.max is not None and out > self.max):
            raise ValueError(f"expected {self.expected()}, got {_shown(value)}")
        return out

    def _coerce(self, value: Any) -> Any:
        text = value.strip() if isinstance(value, str) else None
        if self.type == "text":
            return value if isinstance(value, str) else None
        if self.type == "boolean":
            if isinstance(value, bool):
                return value
            return {"true": True, "false": False}.get((text or "").lower())
        if self.type == "date":
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return value
            try:
                return dt.date.fromisoformat(text) if text else None
            except ValueError:
                return None
        if isinstance(value, bool):
            return None
        if self.type == "integer":
            if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
                return int(value)
            return int(text) if text and text.lstrip("+-").isdigit() else None
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            try:
                number = float(text) if text else None
            except ValueError:
                return None
        return number if number is not None and number == number and abs(number) != float("inf") else None


def _shown(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    text = str(value)
    return f"'{text[:60]}…' ({len(text)} characters)" if len(text) > 60 else f"'{text}'"


@dataclass(frozen=True)
class Docs:
    """What a rule checks and why, with a bad and a good example, for ``pocrules rules show`` and reports."""

    description: str
    rationale: str
    bad: str
    good: str
    limits: str | None = None


@dataclass(frozen=True)
class Expect:
    """What a finding's message may name from the rule's expectation (the rest is compiled into its queries)."""

    count: str | None = None
    """The kind whose elements a rule counts (``{consultation.actor}`` names each one counted)."""
    none: str | None = None
    """The kind of which no element may match (each one that does is named in its finding)."""


@dataclass(frozen=True)
class Rule:
    """A rule as its author wrote it, less its conditions (compiled into queries by then)."""

    id: str
    title: str
    cites: tuple[str, ...]
    tags: tuple[str, ...]
    params: dict[str, Param]
    message: str
    fix: str
    fix_yaml: str | None
    docs: Docs
    expect: Expect | None = None
    input: str | None = None
    at: str | None = None
    depends_on: tuple[str, ...] = ()
    final_only: bool = False
    score_cap: int | None = None

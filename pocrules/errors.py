"""User-facing errors: bad input is reported as one clear paragraph, never a traceback."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the source allows."""

    message: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    kind: str = ""
    """For a strategy: which input rule reports it (unknown_key, wrong_value, missing, undeclared, duplicate)."""
    hint: str = ""
    """What to do, in a few words, for the rule's fix text (e.g. " (did you mean 'likelihood'?)")."""
    requires: str = ""
    """The catalogue requirement that asks for the data where the problem is (e.g. T4.prioritization)."""

    def where(self, path: str) -> str:
        if self.line is None:
            return path
        return f"{path}:{self.line}:{self.column}"


class InputError(Exception):
    """A strategy or ruleset file that cannot be used; carries every problem found in it."""

    def __init__(self, path: str, problems: list[Problem], *, kind: str = "strategy") -> None:
        self.path = path
        self.problems = problems
        self.kind = kind
        super().__init__(self.render())

    def render(self) -> str:
        lines = []
        for p in self.problems:
            pointer = p.pointer if len(p.pointer) <= 2 * SHOWN else f"{p.pointer[:2 * SHOWN]}…"  # a huge key
            at = f" (at {pointer})" if pointer else ""
            lines.append(f"{p.where(self.path)}: {p.message}{at}")
        return "\n".join(lines)


SHOWN = 80
"""Most characters of an input value echoed in a message; the rest is elided with its length."""


def shorten(value: object) -> str:
    """A value quoted for a message, cut to :data:`SHOWN` characters with an ellipsis and its length."""
    if value is None:
        return "null"
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= SHOWN:
        return repr(text) if isinstance(value, str) else text
    cut = text[:SHOWN] + "…"
    return f"{cut!r} ({len(text):,} characters)" if isinstance(value, str) else f"{cut} ({len(text):,} characters)"


class UsageError(Exception):
    """A command-line request that cannot be honoured (unknown rule id, bad option value)."""


def did_you_mean(word: str, options: Iterable[str], *, what: str = "") -> str:
    """A hint for a misspelled name: the closest option, else the list of valid ones."""
    options = sorted(set(options))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if not options:
        return f"; no {what} is declared" if what else ""
    return f"; expected one of: {', '.join(options)}"

"""User-facing errors: bad input is reported as one clear paragraph, never a traceback."""

from __future__ import annotations

import bisect
import difflib
import functools
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


SUGGEST_UP_TO = 64
"""Longer names get no suggestion: nobody mistypes one, and comparing texts costs time quadratic in their length."""
CANDIDATES = 40
"""How many options a name is compared with: all of a short list, else its neighbours in sorted order."""
LISTED = 20
"""How many options are listed when none is close."""


def did_you_mean(word: str, options: Iterable[str], *, what: str = "") -> str:
    """A hint for a misspelled name: the closest option, else the (first) valid ones.

    Bounded whatever the input: a long word is not compared, and of the options only
    the :data:`CANDIDATES` nearest in sorted order, of a length that can reach the
    cutoff, are (all of them in a short list).
    """
    ordered = _sorted(frozenset(options))
    if len(word) <= SUGGEST_UP_TO:
        at = bisect.bisect(ordered, word)
        low, high = 0.42 * len(word), len(word) / 0.42  # outside these, similarity stays below 0.6
        near = [o for o in ordered[max(at - CANDIDATES // 2, 0):at + CANDIDATES // 2] if low <= len(o) <= high]
        close = difflib.get_close_matches(word, near, n=1, cutoff=0.6)
        if close:
            return f"; did you mean '{close[0]}'?"
    if not ordered:
        return f"; no {what} is declared" if what else ""
    more = f" and {len(ordered) - LISTED} more" if len(ordered) > LISTED else ""
    return f"; expected one of: {', '.join(ordered[:LISTED])}{more}"


@functools.lru_cache(maxsize=16)
def _sorted(options: frozenset[str]) -> tuple[str, ...]:
    """Sorted once per set of options: callers ask about many names against the same registry."""
    return tuple(sorted(options))

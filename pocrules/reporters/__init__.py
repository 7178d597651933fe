"""Output formats. Each takes the results of a run and returns text; none re-derives findings."""

from __future__ import annotations

from dataclasses import dataclass

from ..check import Result

FORMATS = ("text", "json")


@dataclass(frozen=True)
class Run:
    """Everything a reporter may show about one invocation."""

    results: tuple[Result, ...]
    ruleset: str
    engine: str
    as_of: str
    fail_on: str

    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for r in self.results:
            for f in r.findings:
                counts[f.severity] += 1
        return counts


def render(run: Run, fmt: str, *, color: bool = False) -> str:
    if fmt == "json":
        from .json import render as json_render

        return json_render(run)
    from .text import render as text_render

    return text_render(run, color=color)

"""Human-readable report, grouped by template section, with a summary line.

Values from a strategy pass through ``printable``: an escape sequence in a risk
title must not recolour, move or clear the reader's terminal.
"""

from __future__ import annotations

import typer

from ..check import Result
from ..findings import SECTION_TITLES
from ..progress import progress
from . import Run, by_section, details, printable, settled_text, titles_of

_COLORS = {"error": "red", "warning": "yellow", "info": "blue", "unverified": "magenta"}


def render(run: Run, *, color: bool = False) -> str:
    def style(text: str, **kw: object) -> str:
        return typer.style(text, **kw) if color else text  # type: ignore[arg-type]

    out: list[str] = []
    titles = titles_of(run)
    for result in run.results:
        if result.error:
            kind = "cannot check" if result.error.kind == "strategy" else "bad ruleset"
            out.append(style(f"{printable(result.path)}: {kind}", bold=True, fg="red"))
            out.extend(printable(f"  {p.where(result.path)}: {p.message}" + (f" (at {p.pointer})" if p.pointer else ""))
                       for p in result.error.problems)
            out.append("")
            continue
        head = printable(f"{result.path} ({result.mission})" if result.mission else result.path)
        if not result.findings:
            out.append(f"{style(head, bold=True)}: no findings")
            out.extend("  " + style(line, dim=True) for line in settled_text(result, titles))
            continue
        out.append(style(head, bold=True))
        out.extend("  " + style(line, dim=True) for line in settled_text(result, titles))
        for section, group in by_section(result.findings):
            out.append("  " + style(SECTION_TITLES[section], underline=True))
            for f in group:
                if f.waived:
                    sev = style("waived ", dim=True)
                else:
                    sev = style(f"{f.severity:<7}", fg=_COLORS[f.severity], bold=f.severity == "error")
                out.append(f"    {printable(f.where())}  {sev}  {style(f.rule, bold=True)}  {printable(f.message)}")
                out.extend(f"      {printable(line)}" for line in details(f))
                if run.verbose and f.pointer:
                    out.append(f"      pointer: {printable(f.pointer)}")
        out.append("")
    counts = run.counts()
    unreadable = sum(1 for r in run.results if r.error)
    n = len(run.results)
    summary = f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
    if counts.get("unverified"):
        summary += f", {counts['unverified']} could not be verified from the document"
    summary += f" in {n} file{'s' if n != 1 else ''}"
    if run.waived:
        summary += f" ({run.waived} waived)"
    if unreadable:
        summary += f"; {unreadable} file{'s' if unreadable != 1 else ''} could not be checked"
    summary += f" (ruleset {run.ruleset}, engine {run.engine}, as of {run.as_of})"
    out.append(style(summary, bold=True))
    for result in run.results if run.rules else ():
        if not result.error:
            out.append(f"Progress of {_name(result)}:")
            out.extend(f"  {p.line}" for p in progress(result.findings, run.rules))
    return "\n".join(out) + "\n"


def _name(result: Result) -> str:
    return printable(f"{result.mission} ({result.path})" if result.mission else result.path)


def todo(run: Run) -> str:
    """The to-do list of each strategy: its unmet requirements, section by section, in template order."""
    if run.rules is None:  # pragma: no cover - check always passes its ruleset
        raise ValueError("a to-do list needs the ruleset")
    out: list[str] = []
    for result in run.results:
        if result.error:
            out.append(f"{printable(result.path)}: cannot check (run without --todo to see why)")
            continue
        out.append(f"To do for {_name(result)}:")
        for p in progress(result.findings, run.rules):
            out.append(f"  {p.line}")
            out.extend(f"    [ ] {req.ref}: {req.title} ({n} finding{'s' if n != 1 else ''})" for req, n in p.todo)
        out.append("")
    return "\n".join(out)

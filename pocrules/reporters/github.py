"""GitHub Actions workflow commands: each finding becomes an annotation on the
strategy's line in a pull request (``::error file=...,line=...,col=...,title=...::...``).

Escaping follows the Actions runner (``@actions/core``): in the message ``%``,
CR and LF are percent-encoded; in a property ``:`` and ``,`` are too, since
they separate properties. Without it a message with a newline would end the
command early and the rest would print as a log line. A waived finding is a
notice saying who waived it and why: recorded, but not flagged as a problem.
"""

from __future__ import annotations

from . import LEVELS, Run, advice, citation_text, relative, waiver_text, where

_LEVEL = LEVELS["github"]


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: object) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{level} {fields}::{escape_data(message)}"


def render(run: Run) -> str:
    out = []
    for result in run.results:
        path = relative(result.path)
        for p in result.error.problems if result.error else ():
            message = p.message + (f" (at {p.pointer})" if p.pointer else "")
            out.append(command("error", message, file=path, line=p.line, col=p.column,
                               title="pocrules: the strategy could not be checked"))
        for f in result.findings:
            lines = [f.message]
            if f.subject or f.place:
                lines.append(f"where: {where(f, line=False)}")
            if f.waived:
                lines.append(waiver_text(f))
            if f.cites:
                lines.append(f"cites: {citation_text(f.cites)}")
            if f.fix:
                lines.append(f"fix: {advice(f)}")
            out.append(command("notice" if f.waived else _LEVEL[f.severity], "\n".join(lines),
                               # a Word document has no lines: its place is in the message
                               file=relative(f.path), line=None if f.place else f.line,
                               col=None if f.place else f.column,
                               title=f"{f.rule} (waived)" if f.waived else f.rule))
    return "".join(line + "\n" for line in out)

"""Markdown for pasting into a review memo (or a GitHub comment): a summary, then per
document and template section a table of findings with their citations.

Text from the strategy ends up in table cells, so Markdown's active characters
are backslash-escaped and line breaks flattened: a risk title with a ``|`` or
``<b>`` stays text and never breaks the table.
"""

from __future__ import annotations

import re

from ..findings import SECTION_TITLES, Finding
from . import Run, advice, by_section, citation_text, printable, relative, settled_text, titles_of, waiver_text, where

_ACTIVE = re.compile(r"([\\`*_\[\]<>|#])")


_SPAN = re.compile(r"`([^`]*)`")


def code_cell(text: str) -> str:
    """A cell that keeps the `backticked` YAML keys of fix texts as code; everything else as :func:`cell`."""
    def plain(part: str) -> str:
        return _ACTIVE.sub(r"\\\1", re.sub(r"\s+", " ", part))

    out, at = [], 0
    for m in _SPAN.finditer(text):
        out += [plain(text[at:m.start()]), "`" + " ".join(m.group(1).split()).replace("|", "\\|") + "`"]
        at = m.end()
    return "".join([*out, plain(text[at:])]).strip()


def cell(text: str) -> str:
    return _ACTIVE.sub(r"\\\1", " ".join(printable(text).split()))


HEADER = ("| where | severity | rule | finding | Framework |", "|---|---|---|---|---|")


def row(f: Finding) -> str:
    severity = f"{f.severity} (waived)" if f.waived else f.severity
    message = cell(f.message) + (f" — *{cell(waiver_text(f))}*" if f.waived else "")
    fix = "" if f.waived or not f.fix else f"<br>**Fix:** {code_cell(advice(f))}"
    return (f"| {cell(where(f))} | {severity} | {cell(f.rule)} | {message}{fix} "
            f"| {cell(citation_text(f.cites))} |")


def render(run: Run) -> str:
    counts = run.counts()
    out = [f"# POC strategy review: {len(run.results)} document(s)", "",
           f"Ruleset **{cell(run.ruleset)}**, engine {cell(run.engine)}, as of **{cell(run.as_of)}**.", "",
           "| errors | warnings | info | of which waived | documents | could not be checked |",
           "|---:|---:|---:|---:|---:|---:|",
           f"| {counts['error']} | {counts['warning']} | {counts['info']} | {run.waived} | {len(run.results)} "
           f"| {run.unreadable} |"]
    titles = titles_of(run)
    for result in run.results:
        path = relative(result.path)
        out += ["", f"## {cell(path)}" + (f" ({cell(result.mission)})" if result.mission else ""), ""]
        if result.error:
            out.append("**Could not be checked:**")
            out += [f"- {cell(p.where(path))}: {cell(p.message)}" + (f" (at {cell(p.pointer)})" if p.pointer else "")
                    for p in result.error.problems]
            continue
        out += [f"- {cell(line)}" for line in settled_text(result, titles)]
        if not result.findings:
            out.append("No findings.")
            continue
        for section, findings in by_section(result.findings):
            out += [f"### {cell(SECTION_TITLES[section])}", "",
                    *HEADER]
            out += [row(f) for f in findings]
            out.append("")
        if out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"

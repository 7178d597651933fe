"""One self-contained HTML page a reviewer can forward or print: summary first, then
findings by document and template section, each with its citation, location,
message and remediation.

Self-contained means no network at all: inline CSS, no scripts, no fonts or
images, and a Content-Security-Policy that forbids loading anything else.
Every piece of text is HTML-escaped (strategy text is untrusted input).
"""

from __future__ import annotations

import re
from html import escape

from .. import __version__
from ..check import Result
from ..findings import SECTION_TITLES, Finding
from . import Run, by_section, citations, relative, rules_of, waiver_text

_CODE = re.compile(r"`([^`]+)`")

_CSS = """
:root { --error: #b3261e; --warning: #8a5a00; --info: #1f5fa8; --line: #c9c9c9; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; margin: 2rem auto;
       max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .4rem;
     border-bottom: 2px solid #111; padding-bottom: .2rem; } h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.meta { color: #444; margin: 0 0 1rem; }
table.summary { border-collapse: collapse; margin: .5rem 0 1rem; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: .25rem .8rem; text-align: left; }
table.summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--line); padding: .5rem .8rem;
           margin: .5rem 0; break-inside: avoid; page-break-inside: avoid; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); }
.finding.info { border-left-color: var(--info); }
.finding header { display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
.sev { font-size: .75rem; font-weight: 700; text-transform: uppercase; color: #fff; padding: .05rem .4rem;
       border-radius: 3px; background: #666; }
.sev.error { background: var(--error); } .sev.warning { background: var(--warning); }
.sev.info { background: var(--info); } .sev.waived { background: #555; }
.finding.is-waived { border-left-style: dashed; background: #fafafa; }
.rule { font-weight: 700; font-family: ui-monospace, monospace; } .title { color: #444; }
.message { margin: .35rem 0; font-size: 1.02rem; }
dl { display: grid; grid-template-columns: 7rem 1fr; gap: .15rem .6rem; margin: .3rem 0 0; }
dt { color: #555; font-weight: 600; } dd { margin: 0; }
code { font-family: ui-monospace, monospace; font-size: .92em; background: #f2f2f2; padding: 0 .2rem; }
.unreadable { border: 1px solid var(--error); padding: .5rem .8rem; }
.clean { color: #1b6b2a; font-weight: 600; }
footer { margin-top: 2rem; color: #666; font-size: .85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; } h3 { break-after: avoid; page-break-after: avoid; }
  .finding, .sev, table.summary { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  code { background: none; padding: 0; }
}
"""


def _rich(text: str) -> str:
    """Escaped text, with `backticked` spans shown as code (the fix texts use them)."""
    return _CODE.sub(r"<code>\1</code>", escape(text))


def _cites(f: Finding) -> str:
    return "; ".join(f"<code>{escape(c)}</code> ({escape(ref)})" if ref else f"<code>{escape(c)}</code>"
                     for c, ref in citations(f.cites)) or "—"


def _finding(f: Finding, titles: dict[str, str]) -> str:
    title = titles.get(f.rule, "")
    pointer = f' <code>{escape(f.pointer)}</code>' if f.pointer else ""
    fix = f"<dt>Remediation</dt><dd>{_rich(f.fix)}</dd>" if f.fix else ""
    waived = f"<dt>Waiver</dt><dd>{escape(waiver_text(f))}</dd>" if f.waived else ""
    badge = '<span class="sev waived">waived</span>' if f.waived else ""
    return (f'<article class="finding {escape(f.severity)}{" is-waived" if f.waived else ""}">'
            f'<header><span class="sev {escape(f.severity)}">{escape(f.severity)}</span>{badge}'
            f'<span class="rule">{escape(f.rule)}</span><span class="title">{escape(title)}</span></header>'
            f'<p class="message">{escape(f.message)}</p>'
            f"<dl><dt>Location</dt><dd><code>{escape(f.where(relative(f.path)))}</code>{pointer}</dd>"
            f"<dt>Cites</dt><dd>{_cites(f)}</dd>{fix}{waived}</dl></article>")


def _document(result: Result, titles: dict[str, str]) -> list[str]:
    path = relative(result.path)
    head = escape(path) + (f" <small>({escape(result.mission)})</small>" if result.mission else "")
    out = [f"<section class=\"document\"><h2>{head}</h2>"]
    if result.error:
        items = "".join(f"<li><code>{escape(p.where(path))}</code>: {escape(p.message)}"
                        + (f" (at <code>{escape(p.pointer)}</code>)" if p.pointer else "") + "</li>"
                        for p in result.error.problems)
        out.append(f'<div class="unreadable"><p><b>This file could not be checked.</b></p><ul>{items}</ul></div>')
    elif not result.findings:
        out.append('<p class="clean">No findings.</p>')
    for section, findings in by_section(result.findings):
        out.append(f"<h3>{escape(SECTION_TITLES[section])}</h3>")
        out += [_finding(f, titles) for f in findings]
    out.append("</section>")
    return out


def render(run: Run) -> str:
    counts = run.counts()
    titles = {r.id: r.title for r in rules_of(run) if r.title != r.id}
    rows = "".join(f'<tr><th>{label}</th><td class="n">{n}</td></tr>' for label, n in (
        ("Errors", counts["error"]), ("Warnings", counts["warning"]), ("Info", counts["info"]),
        ("of which waived", run.waived), ("Documents", len(run.results)), ("Could not be checked", run.unreadable)))
    files = ", ".join(escape(relative(r.path)) for r in run.results)
    body = [
        "<header>", "<h1>POC strategy review</h1>",
        f'<p class="meta">Ruleset <b>{escape(run.ruleset)}</b> · engine {escape(run.engine)} · '
        f"as of <b>{escape(run.as_of)}</b> · fail on {escape(run.fail_on)}</p>",
        f'<table class="summary">{rows}</table>', f'<p class="meta">Files: {files}</p>', "</header>",
        "<main>", *(line for result in run.results for line in _document(result, titles)), "</main>",
        f"<footer>pocrules {escape(__version__)}. Citations are requirement ids with the paragraphs of the 2011 "
        "DPKO/DFS Framework for Drafting Comprehensive POC Strategies (and its template) they refer to.</footer>",
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>POC strategy review, as of {escape(run.as_of)}</title>\n<style>{_CSS}</style>\n</head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")

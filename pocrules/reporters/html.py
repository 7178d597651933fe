"""One self-contained HTML page a reviewer can forward or print: the strategy's cover (mission,
version, period, draft or final, audit date), a summary, a per-section table linked to the
findings, and the findings by template section, each with where it is, the Framework paragraph
it rests on and what to do. Several files get a table of contents.

The page comes from the shared templates (see :mod:`.pages`): the same stylesheet and
Content-Security-Policy as the audit report, and every piece of text autoescaped.
"""

from __future__ import annotations

from . import Run, rules_of, settled_text, titles_of
from .pages import document, render as page


def render(run: Run) -> str:
    titles = titles_of(run)
    sections = {r.section for r in rules_of(run)} if run.rules else ()
    docs = [document(f"doc-{i}", r.path, r.mission, r.cover, r.findings,
                     r.error.problems if r.error else (), sections, notes=settled_text(r, titles))
            for i, r in enumerate(run.results, 1)]
    return page("check.html.j2", run=run, docs=docs, titles=titles)

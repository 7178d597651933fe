"""The review document: a copy of the checked strategy in Word, every finding a comment where it applies.

A reviewer at NYHQ works in Word, so the findings go back the way they would write
them: as comments by "pocrules" anchored at the table cell or paragraph concerned
(a finding without a place of its own at its section's heading), each giving the
severity, the finding, the Framework paragraphs and what to do, with the template's place to
write it (never the YAML a file would record it in). A .docx input is
copied (the original is only read); a YAML or JSON input is rendered in the
Framework's template first. Waived findings are left out: the copy shows what still
needs work, and the text, HTML and JSON reports list the waivers.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ..check import Result
from ..findings import SECTION_POINTERS, SECTION_ORDER, Finding
from ..sources import Document, Place
from . import Run, advice, citation_text, xml_safe

AUTHOR, INITIALS = "pocrules", "PR"


def render(run: Run) -> bytes | None:
    """The review copy of the run's one document, as .docx bytes; None when it could not be checked."""
    if len(run.results) != 1:
        raise ValueError("a review document (docx) is written for one checked document at a time")
    result = run.results[0]
    if result.error:
        return None
    document, places = _source(result.path)
    when = dt.datetime.combine(dt.date.fromisoformat(run.as_of), dt.time(), dt.timezone.utc)
    anchors = sorted(((_anchor_place(f, places), f) for f in _open(result)), key=_order)
    for place, finding in anchors:
        comment = document.add_comment(_runs(document, place), text=comment_text(finding), author=AUTHOR,
                                       initials=INITIALS)
        comment._comment_elm.date = when  # the audit date, so the same check writes the same comments
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def comment_text(f: Finding) -> str:
    """Severity and rule, the finding, then the Framework paragraphs and what to do, one per paragraph."""
    lines = [f"{f.severity.upper()} ({f.rule}): {f.message}"]
    if f.cites:
        lines.append(f"Framework: {citation_text(f.cites)}")
    if f.fix:  # in the template's words, whatever the checked file was: this reader works in Word
        lines.append(f"What to do: {advice(f, word=True)}")
    return xml_safe("\n".join(" ".join(line.split()) for line in lines))


def _open(result: Result) -> list[Finding]:
    return [f for f in result.findings if f.waived is None]


def _source(path: str) -> tuple[Any, Document]:
    """The Word document to annotate, and where each pointer is in it."""
    from ..sources import read
    from ..sources.docx_safety import looks_like_word, open_docx
    from ..word import importer
    from ..word.render import render as to_word

    with open(path, "rb") as handle:
        head = handle.read(8)
    if looks_like_word(path, head):
        document = open_docx(path)
    else:
        document = to_word(read(path).data)
    return document, Document(path, None, places=importer.read(document).places)


def _anchor_place(f: Finding, places: Document) -> Place:
    """The finding's own place, else its section heading's, else the top of the document."""
    if f.place is not None:
        return f.place
    return places.place(f.pointer) or places.place(SECTION_POINTERS[f.section]) or Place("", 0)


def _order(item: tuple[Place, Finding]) -> tuple:
    place, f = item
    return (place.block, place.row or 0, place.cell or 0, SECTION_ORDER.index(f.section), f)


def _runs(document: Any, place: Place) -> list[Any]:
    """The runs a comment at ``place`` spans; an empty paragraph or cell is given an empty run to hold it."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks = [c for c in document.element.body.iterchildren() if c.tag in (qn("w:p"), qn("w:tbl"))]
    element = blocks[min(place.block, len(blocks) - 1)]
    if element.tag == qn("w:p"):
        paragraphs = [Paragraph(element, document._body)]
    else:
        rows = Table(element, document._body).rows
        row = rows[min(place.row or 0, len(rows) - 1)]
        cells = list({id(c._tc): c for c in row.cells}.values())  # merged cells once, as the importer counts them
        paragraphs = cells[min(place.cell or 0, len(cells) - 1)].paragraphs
    runs = [run for paragraph in paragraphs for run in paragraph.runs]
    return runs or [paragraphs[0].add_run()]

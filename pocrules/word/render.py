"""Strategy data -> the Word document a mission would submit, in the Framework's template.

Every part of the template is written, empty ones too, so the document is also
the drafting template (``init --docx`` adds guidance under each heading). After
writing the text, the renderer reads its own document back and records what the
text could not carry (flags, codes, odd whitespace) in a short structured annex,
so importing a rendering gives back exactly the strategy rendered.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..model import Strategy
from ..sources.document import escape, resolve
from . import cells, importer
from .template import RECORD, SECTIONS, SUBTITLE, TITLE, Part, Section


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _add(paragraph: Any, text: str, *, bold: bool = False) -> None:
    """A run of text; characters XML cannot hold are left to the structured record."""
    run = paragraph.add_run(_NOT_XML.sub("", text))
    if bold:
        run.bold = True


def _paragraph(document: WordDocument, style_id: str | None = None) -> Any:
    """A new body paragraph in a style given by id (looking styles up by name is slow in python-docx)."""
    paragraph = document.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    return paragraph


def _heading(document: WordDocument, text: str, level: int) -> None:
    _add(_paragraph(document, f"Heading{level}"), text)


def canonical(data: Any) -> dict[str, Any]:
    """The strategy as plain data without defaults: what a rendering must give back."""
    strategy = data if isinstance(data, Strategy) else Strategy.model_validate(data)
    return strategy.model_dump(mode="python", exclude_defaults=True)


def render(data: Any, *, guidance: bool = False) -> WordDocument:
    """The Word document for a strategy (a dict or a :class:`Strategy`)."""
    values = canonical(data)
    document = docx.Document()
    _page_setup(document)
    registry = cells.Registry({what: resolve(values, pointer) or []
                               for what, (pointer, _) in cells.REGISTRIES.items()})
    _add(_paragraph(document, "Title"), values["mission"]["acronym"])
    _add(_paragraph(document, "Subtitle"), SUBTITLE)
    for section in SECTIONS:
        if section is RECORD:
            continue
        if section is not TITLE:
            _heading(document, section.heading, 1)
        if guidance and section.guidance:
            _add(_paragraph(document, importer.GUIDANCE_STYLE), section.guidance)
        for sentence in section.boilerplate:
            _add(_paragraph(document), sentence)
        for part in section.parts:
            _part(document, section, part, values, registry)
        if section is TITLE:
            _toc(document)
    _record(document, values)
    return document


def write(data: Any, path: str | Path, *, guidance: bool = False) -> None:
    """Save the rendering; written beside the target and renamed, so no half-written file is left."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        render(data, guidance=guidance).save(str(temporary))
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _part(document: WordDocument, section: Section, part: Part, values: dict[str, Any],
          registry: cells.Registry) -> None:
    value = resolve(values, part.pointer)
    title = f"{part.para}. {part.title}" if part.para else part.title
    if part.kind == "line":
        paragraph = _paragraph(document)
        _add(paragraph, f"{part.title}:", bold=True)
        text = cells.write(value, part.codec, registry)  # type: ignore[arg-type]
        _add(paragraph, f" {text}" if text else "")
        return
    if part.kind == "table":
        if section is not TITLE and section.key not in ("annex-I", "actors", "history"):
            _heading(document, title, 2)
        _table(document, part, value or [], registry)
        return
    _heading(document, title, 2)
    if part.kind == "prose":
        if value is not None:
            _add(_paragraph(document), value)
        return
    for item in value or []:
        _add(_paragraph(document, "ListBullet"), item)


def _table(document: WordDocument, part: Part, rows: list[dict[str, Any]], registry: cells.Registry) -> None:
    table = _new_table(document, len(part.columns))
    header = table.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, part.columns):
        _add(cell.paragraphs[0], column.header, bold=True)
    for row in rows:
        cells_ = table.add_row().cells
        for cell, column in zip(cells_, part.columns):
            text = cells.write(row.get(column.field), column, registry)
            if text:
                _add(cell.paragraphs[0], text)
    _merge_risks(table, part, rows)


def _merge_risks(table: Any, part: Part, rows: list[dict[str, Any]]) -> None:
    """One risk cell over its consecutive activity rows, as missions lay out Annex I."""
    column = next((i for i, c in enumerate(part.columns) if c.kind == "risk"), None)
    if column is None:
        return
    start = 0
    for end in range(1, len(rows) + 1):
        if end == len(rows) or rows[end].get("risk") != rows[start].get("risk"):
            if end - start > 1:
                for row in range(start + 2, end + 1):  # the text stays in the first cell only
                    table.cell(row, column).paragraphs[0].clear()
                table.cell(start + 1, column).merge(table.cell(end, column))
            start = end


def _new_table(document: WordDocument, columns: int) -> Any:
    table = document.add_table(rows=1, cols=columns)
    table._tbl.tblPr.style = "TableGrid"
    return table


def _record(document: WordDocument, values: dict[str, Any]) -> None:
    """Annex III: what the text above does not carry, found by reading the document back. Written even when
    empty, so the importer knows a document without one was typed by hand and cannot state those facts."""
    natural = importer.read(document, record=False).data
    entries = _differences(values, natural, "")
    _heading(document, RECORD.heading, 1)
    for sentence in RECORD.boilerplate:
        _add(_paragraph(document), sentence)
    table = _new_table(document, 2)
    _repeat_header(table.rows[0])
    for cell, column in zip(table.rows[0].cells, RECORD.parts[0].columns):
        _add(cell.paragraphs[0], column.header, bold=True)
    for pointer, value in entries:
        row = table.add_row().cells
        text = json.dumps(value, ensure_ascii=False, default=_json)
        if _NOT_XML.search(text) or _NOT_XML.search(pointer):
            text = json.dumps(value, default=_json)  # \u escapes for what XML cannot hold
        _add(row[0].paragraphs[0], pointer)
        _add(row[1].paragraphs[0], text)


def _json(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _differences(want: Any, got: Any, pointer: str) -> list[tuple[str, Any]]:
    """(pointer, value) pairs that turn ``got`` into ``want``; None removes a key."""
    if isinstance(want, dict) and isinstance(got, dict):
        out: list[tuple[str, Any]] = []
        for key, value in want.items():
            child = f"{pointer}/{escape(key)}"
            if key not in got:
                out.append((child, value))
            else:
                out += _differences(value, got[key], child)
        out += [(f"{pointer}/{escape(key)}", None) for key in got if key not in want]
        return out
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [d for i, (w, g) in enumerate(zip(want, got)) for d in _differences(w, g, f"{pointer}/{i}")]
    if want == got and type(want) is type(got):
        return []
    return [(pointer, want)]


def _page_setup(document: WordDocument) -> None:
    """A4, printable margins, page numbers in the footer, a style for drafting guidance."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(20)
        footer = section.footer.paragraphs[0]
        footer.alignment = 1
        _field(footer, "PAGE", "1")
    style = document.styles.add_style(importer.GUIDANCE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.element.styleId = importer.GUIDANCE_STYLE
    style.base_style = document.styles["Normal"]
    style.font.italic = True
    style.font.size = Pt(9)
    style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """A Word field (page number, table of contents) that Word fills in when it opens the file."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, placeholder),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                element.set(qn("w:dirty"), "true")
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _toc(document: WordDocument) -> None:
    """A table of contents field; its paragraph style ("TOC ...") tells the importer to pass over it."""
    style = document.styles.add_style("TOC Field", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    _field(_paragraph(document, style.style_id), 'TOC \\o "1-2" \\h \\z \\u',
           "Right-click and choose Update Field to show the table of contents.")


def _repeat_header(row: Any) -> None:
    """Repeat the header row on every page a long table runs over."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)

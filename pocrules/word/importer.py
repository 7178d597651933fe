"""Word -> strategy data, with the place every value came from and what could be read.

One reader for rendered and hand-written documents alike: headings are found by
style or by bold text, numbering typed by hand is ignored, wordings are compared
against the template's synonyms, tables are recognised by their header row (a
table continued after a page break joins the one before it), and names resolve
against the document's actor table. A rendered document's structured record
(Annex III) restores what the text cannot carry, so a rendering reads back exactly.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import InputError
from ..model.base import element_model
from ..sources import json_reader
from ..sources.document import Place, escape, resolve
from . import cells
from .template import CONTINUED, RECORD, SECTIONS, TITLE, Column, Part, Section, parts, section_of

_P, _TBL = qn("w:p"), qn("w:tbl")
_SECTION_PREFIX = re.compile(r"^\s*(?:section\s+([A-Ja-j])\b|([A-J])[.)])\s*[-–—:.]?\s*", re.IGNORECASE)
_ANNEX_PREFIX = re.compile(r"^\s*annex\s+([IVX]+|\d+)\b\s*[-–—:.]?\s*", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*[.)]?\s+")
_ANNEX_KEYS = {"I": "annex-I", "1": "annex-I", "II": "actors", "2": "actors", "III": "record", "3": "record"}
STRUCTURED, PROSE, ABSENT = "structured", "prose", "absent"
GUIDANCE_STYLE = "Guidance"


@dataclass
class Imported:
    """What an import produced: the data, where each value was, and what was read how."""

    data: dict[str, Any]
    places: dict[str, Place]
    parts: dict[str, str]
    """Template part pointer -> structured | prose | absent."""
    unresolved: list[cells.Unresolved] = field(default_factory=list)
    sections_found: list[str] = field(default_factory=list)


def _heading_like(paragraph: Paragraph, style: str) -> bool:
    if style.startswith("Heading") or style in ("Title", "Subtitle"):
        return True
    text = paragraph.text.strip()
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(text) and len(text) <= 160 and bool(runs) and all(r.bold for r in runs)


def _strip_number(text: str) -> str:
    return _NUMBER.sub("", text, count=1)


def _lettered(text: str) -> bool:
    return bool(_ANNEX_PREFIX.match(text) or _SECTION_PREFIX.match(text))


def match_section(text: str) -> Section | None:
    """The template section a heading names, by letter, annex number or wording."""
    annex = _ANNEX_PREFIX.match(text)
    if annex:
        key = _ANNEX_KEYS.get(annex.group(1).upper())
        return next((s for s in SECTIONS if s.key == key), None)
    letter = _SECTION_PREFIX.match(text)
    if letter:
        key = (letter.group(1) or letter.group(2)).upper()
        return next(s for s in SECTIONS if s.key == key)
    wanted = cells.norm(_strip_number(text))
    for section in SECTIONS:
        wordings = (section.heading, *section.synonyms)
        if any(wanted == cells.norm(_strip_number(_ANNEX_PREFIX.sub("", _SECTION_PREFIX.sub("", w))))
               for w in wordings):
            return section
    return None


@functools.cache
def _titles(part: Part) -> frozenset[str]:
    return frozenset(cells.norm(w) for w in (part.title, *part.synonyms))


@functools.cache
def _headers(column: Column) -> frozenset[str]:
    return frozenset(cells.norm(w) for w in (column.header, *column.synonyms))


def match_part(text: str, section: Section | None, kinds: tuple[str, ...], *,
               local: bool = False) -> tuple[Section, Part] | None:
    """The part of ``section`` (else, unless ``local``, of any section) whose title ``text`` is."""
    wanted = cells.norm(_strip_number(text))
    if not wanted:
        return None
    order = [section] if section else []
    order += [] if local else [s for s in SECTIONS if s is not section]
    for candidate in order:
        for part in candidate.parts:
            if part.kind in kinds and wanted in _titles(part):
                return candidate, part
    return None


def _row_cells(row: Any) -> list[Any]:
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def _header_map(headers: list[str], part: Part) -> dict[int, Column]:
    found: dict[int, Column] = {}
    for index, header in enumerate(headers):
        wanted = cells.norm(header)
        for column in part.columns:
            if column not in found.values() and wanted in _headers(column):
                found[index] = column
                break
    return found


def match_table(headers: list[str], section: Section | None) -> tuple[Section, Part, dict[int, Column]] | None:
    """The table part whose columns the header row names best (at least two, or all of a short table)."""
    best: tuple[float, Section, Part, dict[int, Column]] | None = None
    for candidate in SECTIONS:
        for part in candidate.parts:
            if part.kind != "table":
                continue
            mapping = _header_map(headers, part)
            enough = len(mapping) >= min(2, len(part.columns)) and len(mapping) * 2 >= len(headers)
            if not enough:
                continue
            score = len(mapping) + (0.5 if candidate is section else 0)
            if best is None or score > best[0]:
                best = (score, candidate, part, mapping)
    return best[1:] if best else None


def set_at(data: dict[str, Any], pointer: str, value: Any) -> None:
    """Put ``value`` at ``pointer``, creating the mappings and list items on the way."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    node: Any = data
    for token, following in zip(tokens, tokens[1:]):
        if isinstance(node, list):
            index = int(token)
            while len(node) <= index:
                node.append({})
            node = node[index]
        else:
            node = node.setdefault(token, [] if following.isdigit() else {})
    last = tokens[-1]
    if isinstance(node, list):
        index = int(last)
        while len(node) <= index:
            node.append(None)
        node[index] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


class _Reader:
    def __init__(self, document: WordDocument) -> None:
        self.document = document
        self.data: dict[str, Any] = {}
        self.places: dict[str, Place] = {}
        self.registry = cells.Registry()
        self.found: set[str] = set()
        self.prose_in: set[str] = set()
        self.sections: list[str] = []
        self.tables: list[tuple[Section, Part, dict[int, Column], Table, int, int, int]] = []
        """(section, part, columns, table, block, first data row, width) in document order, decoded last."""
        self.lines: list[tuple[Section, Part, str, int]] = []
        self.record: list[tuple[Table, int]] = []
        self.unwritten: list[str] = []
        """Row fields the template's tables have no column for (read from Annex III, if there is one)."""
        self._rows: dict[tuple[int, int], list[tuple[int, list[str]]]] = {}
        self.styles = {s.style_id: s.name for s in document.styles}
        """Style id -> name, looked up once (python-docx's per-paragraph lookup is slow)."""

    def place(self, pointer: str, place: Place) -> None:
        self.places.setdefault(pointer, place)

    # -- walking the body ---------------------------------------------------------------------------
    def walk(self) -> None:
        section: Section = TITLE
        part: Part | None = None
        prose: list[tuple[int, Paragraph]] = []
        last_table: Part | None = None

        def close_prose() -> None:
            if part is not None and part.kind in ("prose", "bullets"):
                self.prose_part(section, part, prose)

        children = [c for c in self.document.element.body.iterchildren() if c.tag in (_P, _TBL)]
        for block, child in enumerate(children):
            if child.tag == _TBL:
                table = Table(child, self.document)
                rows = table.rows
                headers = [c.text.strip() for c in _row_cells(rows[0])] if len(rows) else []
                matched = match_table(headers, section)
                if matched is None and last_table is not None and len(headers) == self.tables[-1][6]:
                    owner = self.tables[-1]  # a table continued after a page break without its header row
                    self.tables.append((*owner[:3], table, block, 0, owner[6]))
                    continue
                if matched is None:
                    if any(headers):
                        self.prose_in.add(section.key)
                    continue
                close_prose()
                part, prose = None, []
                owner_section, table_part, columns = matched
                if table_part is RECORD.parts[0]:
                    self.record.append((table, 1))
                    continue
                self.tables.append((owner_section, table_part, columns, table, block, 1, len(headers)))
                self.found.add(table_part.pointer)
                self.place(table_part.pointer, Place(", ".join(x for x in (owner_section.label, table_part.name) if x),
                                                     block))
                last_table = table_part
                continue
            paragraph = Paragraph(child, self.document)
            text = paragraph.text
            style = self.styles.get(paragraph._p.style or "", "Normal")
            if style == GUIDANCE_STYLE or style.startswith("TOC") or style in ("Title", "Subtitle"):
                continue
            if not text.strip() and not (part is not None and part.kind == "prose"):
                continue
            if _heading_like(paragraph, style):
                found_section = match_section(text)
                if found_section is not None and not _lettered(text) and \
                        match_part(text, section, ("prose", "bullets", "table", "line"), local=True):
                    found_section = None  # "Purpose" under section A is its paragraph 1, not section A again
                if found_section is not None:
                    close_prose()
                    section, part, prose, last_table = found_section, None, [], None
                    self.sections.append(section.key)
                    for pointer in section.pointers:
                        self.place(pointer, Place(section.label, block))
                    continue
                found_part = match_part(text, section, ("prose", "bullets", "table", "line"))
                if found_part is not None:
                    close_prose()
                    section, part = found_part
                    prose, last_table = [], None
                    self.found.add(part.pointer)
                    self.place(part.pointer, Place(f"{section.label}, {part.title}", block))
                    continue
            inline = re.match(r"^\s*([^:\n]{1,80}?)\s*:\s?(.*)$", text, re.DOTALL)
            if inline:
                found_part = match_part(inline.group(1), section, ("line", "prose"))
                if found_part is not None:
                    close_prose()
                    section, part = found_part
                    self.found.add(part.pointer)
                    self.place(part.pointer, Place(f"{section.label}, {part.title}", block))
                    if part.kind == "line":
                        self.lines.append((section, part, inline.group(2), block))
                        part, prose = None, []
                    else:
                        prose = [(block, _Inline(inline.group(2)))]
                    continue
            if part is not None and prose and isinstance(prose[0][1], _Inline) and _NUMBER.match(text):
                close_prose()  # "1. Purpose: ..." runs until the next hand-numbered paragraph
                part, prose = None, []
            if part is not None and part.kind in ("prose", "bullets"):
                prose.append((block, paragraph))
            elif text.strip() and text.strip() not in section.boilerplate:
                self.prose_in.add(section.key)
        close_prose()

    def prose_part(self, section: Section, part: Part, paragraphs: list[tuple[int, Any]]) -> None:
        if part.kind == "bullets":
            items = [(b, p.text.strip()) for b, p in paragraphs if p.text.strip()]
            if items:
                set_at(self.data, part.pointer, [t for _, t in items])
            for i, (block, _) in enumerate(items):
                self.place(f"{part.pointer}/{i}", Place(f"{section.label}, {part.title}, item {i + 1}", block))
            return
        texts = [p.text for _, p in paragraphs]
        kept = [t for t in texts if t.strip()] or texts[:1]
        if kept:
            set_at(self.data, part.pointer, "\n".join(kept))

    # -- decoding tables and lines ------------------------------------------------------------------
    def decode(self) -> None:
        counts: dict[str, int] = {}
        self.registry.declared = {what: self.listed(pointer, name)
                                  for what, (pointer, name) in cells.REGISTRIES.items()}
        for section, part, columns, table, block, start, _ in self.tables:
            self.table_rows(section, part, columns, table, block, start, counts)
        for section, part, text, block in self.lines:
            value = cells.read(text, part.codec, self.registry, part.pointer)
            if value is not cells.MISSING:
                set_at(self.data, part.pointer, value)

    def data_rows(self, table: Table, start: int) -> list[tuple[int, list[str]]]:
        """Each table's data rows are read once (cell text is slow to get from python-docx)."""
        key = (id(table._tbl), start)
        if key not in self._rows:
            self._rows[key] = _data_rows(table, start)
        return self._rows[key]

    def listed(self, pointer: str, name: str) -> list[dict[str, Any]]:
        """The id and name of each row of a table that names resolve against, as written."""
        out: list[dict[str, Any]] = []
        for _, part, columns, table, _, start, _ in self.tables:
            if part.pointer != pointer:
                continue
            where = {column.field: c for c, column in columns.items()}
            for _, texts in self.data_rows(table, start):
                item = {key: texts[where[key]].strip() for key in ("id", name)
                        if key in where and where[key] < len(texts) and texts[where[key]].strip()}
                out.append(_with_id(part, item, len(out) + 1))
        return out

    def table_rows(self, section: Section, part: Part, columns: dict[int, Column], table: Table, block: int,
                   start: int, counts: dict[str, int]) -> None:
        target = resolve(self.data, part.pointer)
        if target is None:
            set_at(self.data, part.pointer, [])
            target = resolve(self.data, part.pointer)
        previous: dict[str, Any] = {}
        for r, texts in self.data_rows(table, start):
            index = len(target)
            pointer = f"{part.pointer}/{index}"
            number = counts.get(part.pointer, 0) + 1
            counts[part.pointer] = number
            where = ", ".join(x for x in (section.label, part.name, f"row {number}") if x)
            self.place(pointer, Place(where, block, r))
            item: dict[str, Any] = {}
            for c, column in columns.items():
                if c >= len(texts):
                    continue
                text = texts[c]
                continued = any(text.strip().lower().endswith(m) for m in CONTINUED)
                for mark in CONTINUED:
                    if text.strip().lower().endswith(mark):
                        text = text.strip()[: -len(mark)].strip()
                        break
                child = f"{pointer}/{escape(column.field)}"
                self.place(child, Place(f"{where}, {column.header}", block, r, c))
                if not text.strip() and (continued or column.kind == "risk") and column.field in previous:
                    item[column.field] = previous[column.field]  # one risk over several activity rows
                    continue
                value = cells.read(text, column, self.registry, child)
                if value is not cells.MISSING:
                    item[column.field] = value
            target.append(_with_id(part, item, number))
            written = {c.field for c in part.columns}
            self.unwritten += [f"{pointer}/{name}" for name in _row_fields(part, item)
                               if name not in item and name not in written]
            previous = item

    def apply_record(self) -> None:
        for table, start in self.record:
            rows = table.rows
            for r in range(start, len(rows)):
                row_cells = _row_cells(rows[r])
                if len(row_cells) < 2 or not row_cells[0].text.startswith("/"):
                    continue
                pointer = row_cells[0].text.strip()
                try:
                    value = json_reader.parse(row_cells[1].text, "").data  # bounded in depth, unlike json.loads
                except InputError:
                    continue
                set_at(self.data, pointer, value)
                self.place(pointer, Place(f"{RECORD.label}, row {r}", self.block_of(table), r, 1))

    def block_of(self, table: Table) -> int:
        children = [c for c in self.document.element.body.iterchildren() if c.tag in (_P, _TBL)]
        return children.index(table._tbl)

    def statuses(self) -> dict[str, str]:
        out = {}
        for section in SECTIONS:
            for part in section.parts:
                if section is RECORD:
                    continue
                if part.pointer in self.found:
                    out[part.pointer] = STRUCTURED
                elif section.key in self.prose_in:
                    out[part.pointer] = PROSE
                else:
                    out[part.pointer] = ABSENT
        if not self.record:  # a hand-typed document: what only Annex III carries is not stated in a readable form
            found = set(self.sections)
            for pointer in (*unwritten(), *self.unwritten):
                owner = section_of(pointer)
                if owner is not None and owner.key in found and pointer not in ASSUMED \
                        and pointer.rsplit("/", 1)[-1] not in NONE_UNLESS_RECORDED:
                    out[pointer] = PROSE
                    out[re.sub(r"/\d+/", "/*/", pointer, count=1)] = PROSE  # for rules on every row
        return out


@functools.cache
def unwritten() -> tuple[str, ...]:
    """The strategy's fields that no part of the template carries: only Annex III can state them."""
    from ..model import Strategy

    carried = {p.pointer for _, p in parts() if p.pointer}
    return tuple(_uncarried(Strategy, "", carried))


def _uncarried(model: Any, pointer: str, carried: set[str]) -> list[str]:
    out: list[str] = []
    for name, spec in model.model_fields.items():
        child = f"{pointer}/{escape(name)}"
        if child in carried:
            continue
        inner = element_model(spec.annotation)
        if any(p.startswith(child + "/") for p in carried) and inner is not None:
            out += _uncarried(inner, child, carried)
        elif not any(p.startswith(child + "/") for p in carried):
            out.append(child)
    return out


def _row_fields(part: Part, item: dict[str, Any]) -> list[str]:
    """The fields a row of ``part`` has in the model (for a history row, those of its event type)."""
    import typing

    from ..model import Strategy

    model: Any = Strategy
    annotation: Any = None
    for token in part.pointer.split("/")[1:]:
        if model is None or token not in model.model_fields:
            return []
        annotation = model.model_fields[token].annotation
        model = element_model(annotation)
    for candidate in _models(annotation):
        kind = candidate.model_fields.get("type")
        if kind is None or item.get("type") in typing.get_args(kind.annotation):
            return list(candidate.model_fields)
    return []


def _models(annotation: Any) -> list[Any]:
    """Every model inside ``list[A | B]``, ``Annotated[...]``, ``Model | None``."""
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


_ID_PREFIX = {"/risk_analysis/risks": "R", "/risk_analysis/threats": "T", "/risk_analysis/vulnerabilities": "V",
              "/purpose_scope/objectives": "O", "/capacities/gaps": "G", "/history": "E"}


def _with_id(part: Part, item: dict[str, Any], number: int) -> dict[str, Any]:
    """A row of a table whose rows have ids but whose document gives none: R1, R2... or a short name.

    Ids only tie rows together inside the tool; readers never see them.
    """
    if isinstance(item.get("id"), str) and not _ID.match(item["id"]):
        item["id"] = _slug(item["id"])  # "Min. Justice" as written is not a usable id
    if "id" in item or not (any(c.field == "id" for c in part.columns) or "id" in _row_fields(part, item)):
        return item  # a history row needs an id only when it is a crisis
    if part.pointer in _ID_PREFIX:
        item["id"] = f"{_ID_PREFIX[part.pointer]}{number}"
    else:
        name = str(item.get("name", "")) or f"row {number}"
        short = re.findall(r"\(([^()]+)\)", name)
        item["id"] = _slug(short[-1] if short else name)
    return item


_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return (slug if slug[:1].isalpha() else f"x-{slug}")[:64]


def _data_rows(table: Table, start: int) -> list[tuple[int, list[str]]]:
    """(row index, cell texts) of the rows that hold data: no blank rows, no header typed again."""
    rows = list(table.rows)
    headers = [c.text.strip() for c in _row_cells(rows[0])] if rows and start else None
    out = []
    for r in range(start, len(rows)):
        texts = [c.text for c in _row_cells(rows[r])]
        if any(t.strip() for t in texts) and [t.strip() for t in texts] != headers:
            out.append((r, texts))
    return out


@dataclass
class _Inline:
    """The rest of a paragraph after its inline label ("Purpose: ...")."""

    text: str


def read(document: WordDocument, *, record: bool = True) -> Imported:
    """Everything the document says that the template describes (and its record, if ``record``)."""
    reader = _Reader(document)
    reader.walk()
    reader.decode()
    _prune(reader.data)
    if record:
        reader.apply_record()
    return Imported(reader.data, reader.places, reader.statuses(), reader.registry.unresolved, reader.sections)


ASSUMED: dict[str, tuple[Any, str]] = {
    "/mission/mandate/imminent_threat": (True, "the mandate asks the mission to protect civilians under imminent "
                                               "threat of physical violence (assumed: yes)"),
    "/mission/integrated": (False, "the mission is an integrated mission (assumed: no)"),
    "/purpose_scope": ({}, ""),
    "/risk_analysis": ({}, ""),
}
"""What a hand-written document rarely states in a form the importer reads: the value assumed, and how
the import report says it. An absent section A or B is taken as empty, so its requirements become
findings instead of leaving the whole document unusable."""


NONE_UNLESS_RECORDED = ("field_plan",)
"""Row fields only Annex III carries whose absence reads plainly in a hand-typed document: a matrix row
that names no field plan leaves nothing to one, so the rules on its lead and actors judge it as written."""


def assume(data: dict[str, Any]) -> list[str]:
    """Fill :data:`ASSUMED` values the document did not give; what was assumed, in words."""
    said = []
    for pointer, (value, words) in ASSUMED.items():
        if resolve(data, pointer) is None:
            set_at(data, pointer, copy.deepcopy(value))
            if words:
                said.append(words)
    return said


def in_model_order(data: Any, model: Any = None) -> Any:
    """The data with each mapping's keys in the order the strategy model declares them (as a drafter reads
    a YAML strategy), whatever order the document gave them in; unknown keys keep their place at the end."""
    from pydantic import BaseModel

    from ..model import Strategy

    model = model or Strategy
    if isinstance(data, list):
        return [in_model_order(item, model) for item in data]
    if not isinstance(data, dict):
        return data
    fields = model.model_fields if isinstance(model, type) and issubclass(model, BaseModel) else {}
    ordered = {key: data[key] for key in fields if key in data}
    ordered |= {key: value for key, value in data.items() if key not in ordered}
    return {key: in_model_order(value, element_model(fields[key].annotation) if key in fields else None)
            for key, value in ordered.items()}


def remove_at(data: dict[str, Any], pointer: str) -> None:
    """Take the value at ``pointer`` out (a list item or a key), if it is there."""
    parent_pointer, token = pointer.rsplit("/", 1)
    parent = resolve(data, parent_pointer) if parent_pointer else data
    if isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
        del parent[int(token)]
    elif isinstance(parent, dict):
        parent.pop(token, None)


def _prune(data: dict[str, Any]) -> None:
    """Drop tables that held no row, so an empty table reads as 'nothing recorded'."""
    for key in list(data):
        value = data[key]
        if isinstance(value, dict):
            _prune(value)
            if not value:
                del data[key]
        elif value == []:
            del data[key]

"""Write the Word fixtures listed in tests/word_fixtures.yaml into fixtures/word/.

    python -m tests.make_word_fixtures

A *rendered* fixture is its YAML source through `pocrules.word.render`, the document a
mission gets from `pocrules render`. A *hand-written* fixture is typed here through
python-docx the way a drafting office writes in Word (issue 8, section 2), never through
`render`: bold Normal headings with numbers and wordings of their own, reworded table
headers, a column left out when it is empty and one added for remarks, dates written out,
actors by abbreviation, Annex I risk cells merged over their activity rows and the matrix
continued after a page break with its header typed again and "(cont.)". Its listed
``defects`` are the mistakes a reviewer would find, made on purpose.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.enum.text import WD_BREAK

from pocrules.sources import read
from pocrules.word import cells
from pocrules.word.render import canonical, render
from pocrules.word.template import RECORD, SECTIONS, TITLE, Column, Part, Section

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
LISTING = ROOT / "tests" / "word_fixtures.yaml"

HEADINGS = {
    "mission": "Background",
    "body": "1.\tDrafting process",
    "A": "Section A – Purpose and scope",
    "B": "B. POC risk analysis",
    "C": "C.\tPOC activities",
    "D": "Section D – Information sharing",
    "E": "E. Early warning and crisis response",
    "F": "F. Mission capacities",
    "G": "G. Roles and responsibilities",
    "H": "Section H – POC coordination mechanisms",
    "I": "I. Managing expectations",
    "J": "J. Monitoring and reporting",
    "history": "Revision history",
    "annex-I": "ANNEX I: IMPLEMENTATION MATRIX",
    "actors": "Annex II – List of acronyms",
}
"""How the drafting office typed each section heading (bold Normal text, no heading style)."""

ACTIVITY_HEADERS = {"risk": "POC risks", "activity": "Activities / mitigating measures", "lead": "Lead actor",
                    "supporting": "Supporting", "tier": "Tier", "workplan": "Component workplan"}
SHORT = {"force": "Force", "unpol": "UNPOL", "hrd": "HRD", "joc": "JOC", "jmac": "JMAC", "wpa": "WPA", "cpu": "CPU",
         "pocu": "POC Unit", "srsg": "SRSG", "fak": "FAK", "national-police": "KNP", "unhcr": "UNHCR",
         "unicef": "UNICEF", "unfpa": "UNFPA", "unmas": "UNMAS", "ohchr": "OHCHR", "ocha": "OCHA", "flkv": "FLKV",
         "unct": "UNCT"}
"""The short forms the drafter types for some actors (Annex II lists them); the others go by their full name."""
MATRIX_PAGE = 10
"""The Annex I row after which the page breaks and the matrix goes on in a second table."""


def listing() -> dict[str, dict]:
    return yaml.safe_load(LISTING.read_text(encoding="utf-8"))["fixtures"]


def build(name: str, entry: dict):  # noqa: ANN201 - a python-docx Document
    """The document for one fixture entry."""
    data = read(FIXTURES / entry["from"]).data
    if entry["made"] == "rendered":
        return render(data)
    if entry["made"] == "hand-written":
        return _Drafter(canonical(data), entry.get("defects", {})).document()
    raise ValueError(f"{name}: unknown way of making a fixture '{entry['made']}'")


class _Drafter:
    """Types a strategy into Word as a POC officer would, from its YAML."""

    def __init__(self, values: dict[str, Any], defects: dict[str, Any]) -> None:
        self.values = values
        self.defects = defects
        self.doc = docx.Document()
        self.short = {a["id"]: SHORT.get(a["id"], a["name"]) for a in values.get("actors", [])}
        self.misspelt = dict(defects.get("misspelt_lead", {}))
        """Lead actors typed wrong in Annex I, each once (the first time the drafter types it)."""
        self.risks = {r["id"]: r["title"] for r in values["risk_analysis"].get("risks", [])}
        if defects.get("unplanned_risk"):
            values["implementation_matrix"] = [row for row in values["implementation_matrix"]
                                               if row["risk"] != defects["unplanned_risk"]]

    def document(self):  # noqa: ANN201
        self.doc.add_paragraph(f"{self.values['mission']['acronym']} Protection of Civilians Strategy",
                               style="Title")
        for section in SECTIONS:
            if section is RECORD or section.key in self.defects.get("missing_sections", ()):
                continue
            if section is not TITLE:
                self.bold(HEADINGS[section.key])
            if section.key == "C":
                self.doc.add_paragraph("12.\tThe activities against each priority risk are in Annex I.")
            for part in section.parts:
                self.part(section, part)
        return self.doc

    def bold(self, text: str) -> None:
        self.doc.add_paragraph().add_run(text).bold = True

    def part(self, section: Section, part: Part) -> None:
        value = _get(self.values, part.pointer)
        if value in (None, [], ""):
            return
        if part.kind == "line":
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{part.synonyms[-1] if part.synonyms else part.title}:").bold = True
            paragraph.add_run(f" {self.text(value, part.codec)}")
        elif part.kind == "prose" and part.para:
            paragraph = self.doc.add_paragraph(f"{part.para}.\t")  # "2.\tCompliance: ..." typed inline
            paragraph.add_run(f"{part.title}:").bold = True
            paragraph.add_run(f" {' '.join(value.split())}")
        elif part.kind == "prose":
            self.bold(part.title)
            self.doc.add_paragraph(" ".join(value.split()))
        elif part.kind == "bullets":
            self.bold(part.title)
            for item in value:
                self.doc.add_paragraph(item, style="List Bullet")
        elif part.pointer == "/implementation_matrix":
            self.matrix(part, value)
        else:
            if section is not TITLE and section.key != "actors":
                self.bold(f"{part.para}. {part.title}" if part.para else part.title)
            self.table(part, value)

    def columns(self, part: Part, rows: list[dict[str, Any]]) -> list[Column]:
        """The columns a drafter keeps: those with something in them."""
        return [c for c in part.columns if any(row.get(c.field) not in (None, []) for row in rows)]

    def table(self, part: Part, rows: list[dict[str, Any]]) -> None:
        columns = self.columns(part, rows)
        extra = part.pointer == "/risk_analysis/risks"  # a "Comments" column the template does not have
        headers = [("No." if "No." in c.synonyms else c.header) if c.field == "id" else
                   (c.synonyms[0] if c.synonyms else c.header) for c in columns]  # the drafter's own words
        table = self.doc.add_table(rows=1 + len(rows), cols=len(columns) + extra)
        table.style = "Table Grid"
        for c, header in enumerate([*headers, "Comments"] if extra else headers):
            table.cell(0, c).paragraphs[0].add_run(header).bold = True
        for r, row in enumerate(rows, 1):
            for c, column in enumerate(columns):
                table.cell(r, c).text = self.text(row.get(column.field), column)
            if extra and row.get("priority"):
                table.cell(r, len(columns)).text = "See Annex I"

    def matrix(self, part: Part, rows: list[dict[str, Any]]) -> None:
        """Annex I over two pages: one risk cell merged over its activities, the header typed again."""
        columns = self.columns(part, rows)
        for page, chunk in enumerate((rows[:MATRIX_PAGE], rows[MATRIX_PAGE:])):
            if page:
                self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            table = self.doc.add_table(rows=1 + len(chunk), cols=len(columns))
            table.style = "Table Grid"
            for c, column in enumerate(columns):
                table.cell(0, c).paragraphs[0].add_run(ACTIVITY_HEADERS[column.field]).bold = True
            start = 1
            for r, row in enumerate(chunk, 1):
                for c, column in enumerate(columns):
                    text = self.text(row.get(column.field), column)
                    if column.field == "lead":
                        text = self.misspelt.pop(text, text)
                    if column.field != "risk":
                        table.cell(r, c).text = text
                last = r == len(chunk) or chunk[r]["risk"] != row["risk"]
                if last:
                    first = chunk[start - 1]
                    cont = page and start == 1 and rows[MATRIX_PAGE - 1]["risk"] == first["risk"]
                    risk = table.cell(start, 0) if start == r else table.cell(start, 0).merge(table.cell(r, 0))
                    risk.text = f"{first['risk']} (cont.)" if cont else f"{first['risk']} – {self.risks[first['risk']]}"
                    start = r + 1

    def text(self, value: Any, column: Column) -> str:
        """A value as typed: dates written out, actors by abbreviation, one supporting actor a line."""
        if value is None:
            return ""
        if column.kind == "actor":
            return self.short.get(value, value)
        if column.kind == "actors":
            return "\n".join(self.short.get(v, v) for v in value)
        if column.kind == "date" and isinstance(value, dt.date):
            return cells.write_date(value)
        if column.field == "id" and column.header == "Abbreviation":
            return SHORT.get(value, "")
        return cells.write(value, column, cells.Registry())


def _get(values: dict[str, Any], pointer: str) -> Any:
    node: Any = values
    for token in pointer.split("/")[1:]:
        if not isinstance(node, dict) or token not in node:
            return None
        node = node[token]
    return node


def main() -> None:
    (FIXTURES / "word").mkdir(exist_ok=True)
    for name, entry in listing().items():
        build(name, entry).save(str(FIXTURES / "word" / name))
        print(f"wrote fixtures/word/{name}")


if __name__ == "__main__":
    main()

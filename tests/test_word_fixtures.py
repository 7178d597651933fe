"""The Word fixtures report exactly the findings tests/word_fixtures.yaml lists, where it lists them,
and are what tests/make_word_fixtures.py writes today."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from pocrules.cli import app

from .conftest import FIXTURES
from .make_word_fixtures import build, listing

ENTRIES = listing()


@pytest.mark.parametrize("name", ENTRIES)
def test_a_word_fixture_reports_its_listed_findings(name):
    path = FIXTURES / "word" / name
    result = CliRunner().invoke(app, ["check", str(path), "--as-of", "2026-12-01", "--engine", "python",
                                      "--format", "json"])
    failing = [e for e in ENTRIES[name]["expected"] if e["status"] != "unverified"]  # unverified never fails
    assert result.exit_code == (1 if failing else 0), result.output
    found = [{"rule": f["rule"], "at": f["docx"] and f["docx"]["label"], "status": f["severity"]} for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert sorted(found, key=str) == sorted(ENTRIES[name]["expected"], key=str)


@pytest.mark.parametrize("name", ENTRIES)
def test_a_word_fixture_is_up_to_date(name):
    buffer = io.BytesIO()
    build(name, ENTRIES[name]).save(buffer)
    with zipfile.ZipFile(FIXTURES / "word" / name) as kept, zipfile.ZipFile(buffer) as made:
        assert kept.read("word/document.xml") == made.read("word/document.xml"), \
            f"fixtures/word/{name} is stale: run python -m tests.make_word_fixtures"


HAND_WRITTEN = [name for name, entry in ENTRIES.items() if entry["made"] == "hand-written"]


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_a_hand_written_fixture_is_written_the_way_a_drafter_writes(name):
    """The irregularities of issue 8 section 2 are in the file, so the check above reads through them."""
    import docx

    document = docx.Document(str(FIXTURES / "word" / name))
    assert {p.style.name for p in document.paragraphs} <= {"Title", "Normal", "List Bullet"}, "no heading styles"
    bold = [p.text for p in document.paragraphs if p.runs and all(r.bold for r in p.runs if r.text.strip())]
    assert {"B. POC risk analysis", "Section H – POC coordination mechanisms", "ANNEX I: IMPLEMENTATION MATRIX"} <= set(bold)
    matrices = [t for t in document.tables if "Lead actor" in [c.text for c in t.rows[0].cells]]
    assert len(matrices) == 2, "Annex I goes on after a page break, its header typed again"
    assert [c.text for c in matrices[0].rows[0].cells][:4] == ["POC risks", "Activities / mitigating measures",
                                                               "Lead actor", "Supporting"]
    assert any(tc.tcPr is not None and tc.tcPr.vMerge is not None for tc in matrices[0]._tbl.iter(qn("w:tc"))), \
        "a risk cell merged over its activity rows"
    risks = next(t for t in document.tables if t.rows[0].cells[-1].text == "Comments")
    assert risks.rows[0].cells[0].text == "No.", "the risk table has a column of its own and template words"
    texts = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "5 December 2025" in texts and "UNPOL" in texts


def test_the_compliant_hand_written_matrix_reads_back_as_its_yaml():
    import docx
    import yaml

    from pocrules.word import importer

    name = next(n for n in HAND_WRITTEN if not ENTRIES[n].get("defects"))
    data = importer.read(docx.Document(str(FIXTURES / "word" / name))).data
    source = yaml.safe_load((FIXTURES / ENTRIES[name]["from"]).read_text(encoding="utf-8"))
    assert [(r["risk"], r["activity"], r["tier"]) for r in data["implementation_matrix"]] == \
        [(r["risk"], r["activity"], r["tier"]) for r in source["implementation_matrix"]]
    assert "(cont.)" in docx.Document(str(FIXTURES / "word" / name)).tables[-2].rows[1].cells[0].text

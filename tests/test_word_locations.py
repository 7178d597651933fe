"""Findings in a Word document are located as a reader says it ("Annex I, row 2, Supporting Actors") in every
report format, never by a line number the document does not have.

The Document is the matrix-gaps strategy with Word places recorded by hand, as the Word reader records them:
a place for some elements, and one per section heading that the others fall back to.
"""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET

import pytest

from pocrules import engine as engines
from pocrules import sources
from pocrules.check import Checker
from pocrules.diff import compare, render_text
from pocrules.reporters import Run, render
from pocrules.sources import Place

from .conftest import AS_OF, FIXTURES
from .test_reporters import report_validator, sarif_validator

WORD = "minuska.docx"
PLACES = {
    "": Place("Title page", 0),
    "/risk_analysis": Place("Section B", 14),
    "/risk_analysis/risks/2": Place("Section B, risk table, row 3", 16, 3, 0),
    "/implementation_matrix": Place("Annex I", 80),
    "/implementation_matrix/0": Place("Annex I, row 1", 81, 1, 0),
    "/implementation_matrix/1/supporting": Place("Annex I, row 2, Supporting Actors", 81, 2, 3),
}
EXPECTED = {  # rule -> where its finding is, as the reports print it
    "POC-C-001": "Section B, risk table, row 3",
    "POC-B-003": "Section B",  # risk R6 has no place of its own: its section heading's
    "POC-C-002": "Annex I, row 1",
    "POC-C-003": "Annex I, row 2, Supporting Actors",
}


@pytest.fixture(scope="module")
def word_run(ruleset) -> Run:
    doc = sources.read(FIXTURES / "minuska-2026-matrix-gaps.yaml")
    doc = dataclasses.replace(doc, path=WORD, positions={}, places=dict(PLACES))
    result = Checker(ruleset, engines.create(ruleset, "python"), AS_OF).check_document(doc)
    assert {f.rule: f.place.label for f in result.findings} == EXPECTED
    return Run((result,), ruleset.name, "python", AS_OF.isoformat(), "error", ruleset)


def test_text_names_the_place_instead_of_a_line(word_run):
    out = render(word_run, "text")
    assert f"    {WORD}: Annex I, row 2, Supporting Actors  error    POC-C-003  The activity" in out
    assert f"    {WORD}: Section B  error    POC-B-003  Risk 'Civilian casualties" in out
    assert '      where: Section B, risk R6 "Civilian casualties' in out  # and the element, in words
    assert f"{WORD}:1:1" not in out


def test_json_carries_a_docx_location_beside_the_pointer(word_run):
    report = json.loads(render(word_run, "json"))
    assert not list(report_validator().iter_errors(report))
    by_rule = {f["rule"]: f for f in report["files"][0]["findings"]}
    c003 = by_rule["POC-C-003"]
    assert c003["pointer"] == "/implementation_matrix/1/supporting"
    assert c003["docx"] == {"label": "Annex I, row 2, Supporting Actors", "block": 81, "row": 2, "cell": 3}
    assert c003["location"] == {"path": WORD, "line": None, "column": None}
    assert by_rule["POC-B-003"]["docx"] == {"label": "Section B", "block": 14, "row": None, "cell": None}
    broken = json.loads(render(word_run, "json"))
    broken["files"][0]["findings"][0]["docx"]["row"] = "four"
    assert not report_validator().is_valid(broken)


def test_sarif_locates_by_logical_location_without_a_region(word_run):
    log = json.loads(render(word_run, "sarif"))
    assert not list(sarif_validator().iter_errors(log))
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]
        assert "region" not in location["physicalLocation"]
        pointer, place = location["logicalLocations"]
        assert pointer["fullyQualifiedName"] == result["properties"]["pointer"]
        assert place == {"fullyQualifiedName": EXPECTED[result["ruleId"]],
                         "name": EXPECTED[result["ruleId"]].rsplit(", ", 1)[-1], "kind": "text"}
        assert result["properties"]["docx"]["label"] == EXPECTED[result["ruleId"]]


def test_html_markdown_and_junit_show_the_place(word_run):
    html = render(word_run, "html")
    assert "<dt>Where</dt><dd>Annex I, row 2, Supporting Actors</dd>" in html
    assert f"<dt>File</dt><dd><code>{WORD}: Annex I, row 2, Supporting Actors</code>" in html
    assert f"{WORD}:1:1" not in html
    markdown = render(word_run, "markdown")
    assert "| Annex I, row 1 | error | POC-C-002 |" in markdown
    suites = ET.fromstring(render(word_run, "junit"))
    failures = {case.get("name").split()[0]: case.find("failure").text
                for case in suites.iter("testcase") if case.find("failure") is not None}
    assert failures["POC-C-001"].startswith(f"{WORD}: Section B, risk table, row 3: error: Priority risk")


def test_github_annotates_the_file_and_names_the_place(word_run):
    lines = render(word_run, "github").splitlines()
    [c003] = [ln for ln in lines if "title=POC-C-003" in ln]
    assert re.match(rf"::error file={re.escape(WORD)},title=POC-C-003::The activity .*"
                    r"%0Awhere: Annex I, row 2, Supporting Actors%0A", c003)
    assert not any(",line=" in ln for ln in lines)


def test_diff_names_the_place(word_run):
    findings = word_run.results[0].findings
    out = render_text(compare(findings[:1], findings), "old.docx", WORD)
    assert f"  {WORD}: Annex I, row 1  error    POC-C-002" in out


def test_a_word_finding_on_what_the_document_lacks_names_its_section_not_a_line():
    from pocrules.findings import Finding

    missing = Finding("strategy.docx", 1, 1, "POC-D-001", "/information", "error", "D", "m", ("T7.information",))
    assert missing.where() == "strategy.docx: D. Information gathering and sharing (not found in the document)"
    assert missing.to_dict()["location"] == {"path": "strategy.docx", "line": None, "column": None}
    in_text = dataclasses.replace(missing, path="strategy.yaml", line=40, column=3)
    assert in_text.where() == "strategy.yaml:40:3"
    assert in_text.to_dict()["location"] == {"path": "strategy.yaml", "line": 40, "column": 3}

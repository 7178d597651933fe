"""Output formats, each read back the way its consumer reads it.

SARIF is validated against the official OASIS SARIF 2.1.0 JSON schema
(tests/data/sarif-schema-2.1.0.json, see tests/data/sarif-schema-2.1.0.ORIGIN),
JUnit is parsed back with xml.etree, the JSON report against the published
pocrules/data/report.schema.json, and the HTML page is loaded in headless
Chromium (skipped when no Chromium binary is installed).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from pocrules import engine as engines
from pocrules import waivers
from pocrules.check import Checker, Result
from pocrules.cli import app
from pocrules.findings import SECTION_ORDER, SECTION_TITLES, Finding
from pocrules.policy import FAIL_ON, UNVERIFIED
from pocrules.reporters import FORMATS, LEVELS, Run, relative, render, write
from pocrules.reporters.github import escape_data, escape_property
from pocrules.rules.schema import SEVERITIES

from . import browser
from .conftest import AS_OF, COMPLIANT, FIXTURES, ROOT

DATA = ROOT / "tests" / "data"
MATRIX = FIXTURES / "minuska-2026-matrix-gaps.yaml"
STALE = FIXTURES / "minuska-2026-stale.yaml"
MALFORMED = DATA / "malformed.yaml"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def py_checker(ruleset):
    """The reporters do not depend on the engine: the pure-Python one is enough."""
    return Checker(ruleset, engines.create(ruleset, "python"), AS_OF)


@pytest.fixture(scope="module")
def make_run(py_checker, ruleset):
    def make(*paths: Path, with_rules: bool = True) -> Run:
        results = tuple(py_checker.check(p) for p in paths)
        return Run(results, ruleset.name, "python", AS_OF.isoformat(), "error", ruleset if with_rules else None)
    return make


@pytest.fixture(scope="module")
def mixed(make_run) -> Run:
    """Findings in two documents, a clean one and one that cannot be read."""
    run = make_run(MATRIX, STALE, COMPLIANT, MALFORMED)
    assert run.results[0].findings and run.results[1].findings and run.results[3].error
    return run


NASTY = "Risk '<script>alert(1)</script>' | 100% & \"quoted\"\r\nsecond line: a, b `x` *y* \x01"


@pytest.fixture
def nasty_run(ruleset) -> Run:
    """A finding whose text carries every character some format must escape."""
    f = Finding(str(FIXTURES / "odd:name,x.yaml"), 7, 3, "POC-C-001", "/risk_analysis/risks/0", "warning", "B",
                NASTY, ("T5.lead-actor",), "Add `lead: <id>` & retry")
    info = Finding(str(FIXTURES / "odd:name,x.yaml"), 9, 1, "POC-A-003", "", "info", "A", "An info finding.", ())
    return Run((Result(f.path, (info, f), mission="M<1>"),), ruleset.name, "python", AS_OF.isoformat(), "error",
               ruleset)


@pytest.fixture(scope="module")
def waived_files(tmp_path_factory) -> tuple[Path, Path]:
    """The matrix-gaps strategy with an active, an expired and a stale waiver, and a waivers file
    holding one more stale waiver (its note is located in the waivers file, not the strategy)."""
    folder = tmp_path_factory.mktemp("waived")
    data = yaml.safe_load(MATRIX.read_text(encoding="utf-8"))
    data["waivers"] = [
        {"rule": "POC-B-003", "pointer": "/risk_analysis/risks/5", "approved_by": "IOT desk officer",
         "justification": "ERW likelihood is being reassessed with UNMAS; rating due in Q1."},
        {"rule": "POC-C-002", "approved_by": "IOT", "expires": "2026-06-30",
         "justification": "Temporary: leads pending the Force plan."},
        {"rule": "POC-C-001", "pointer": "/risk_analysis/risks/0", "approved_by": "IOT",
         "justification": "Activities for R1 are in the Force plan annex."},
    ]
    strategy = folder / "waived.yaml"
    strategy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    extra = folder / "waivers.yaml"
    extra.write_text("waivers:\n  - rule: POC-A-001\n    approved_by: IOT\n    mission: MINUSKA\n"
                     "    justification: The ISF is being redrafted this year.\n", encoding="utf-8")
    return strategy, extra


@pytest.fixture(scope="module")
def waived_run(py_checker, ruleset, waived_files) -> Run:
    strategy, extra = waived_files
    checker = Checker(ruleset, py_checker.engine, AS_OF, waivers=waivers.load_file(extra))
    run = Run((checker.check(strategy),), ruleset.name, "python", AS_OF.isoformat(), "error", ruleset)
    rules = {f.rule for f in run.results[0].findings}
    assert {"POC-WAIVER-EXPIRED", "POC-WAIVER-STALE"} <= rules and run.waived == 1
    return run


def all_findings(run: Run) -> list[Finding]:
    return [f for r in run.results for f in r.findings]


def test_every_format_renders_through_the_dispatcher(mixed):
    assert set(FORMATS) == {"text", "json", "sarif", "junit", "markdown", "github", "html", "docx"}
    for fmt in FORMATS:
        if fmt != "docx":
            assert render(mixed, fmt).strip()
    with pytest.raises(ValueError, match="one checked document at a time"):  # tests/test_word_review.py
        render(mixed, "docx")
    with pytest.raises(ValueError, match="unknown output format 'pdf'"):
        render(mixed, "pdf")


def test_relative_paths_use_forward_slashes_and_the_working_directory(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert relative(str(MATRIX)) == "fixtures/minuska-2026-matrix-gaps.yaml"
    assert relative("fixtures/x.yaml") == "fixtures/x.yaml"
    assert relative("/elsewhere/x.yaml") == "/elsewhere/x.yaml"


# --- SARIF -------------------------------------------------------------------------------------------

def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_sarif_is_valid_against_the_official_schema(mixed, make_run, nasty_run, waived_run):
    validator = sarif_validator()
    for run in (mixed, make_run(COMPLIANT), make_run(MATRIX, MALFORMED, with_rules=False), nasty_run, waived_run):
        log = json.loads(render(run, "sarif"))
        errors = sorted(validator.iter_errors(log), key=str)
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_sarif_rules_carry_documentation_and_citations(mixed, ruleset, monkeypatch):
    monkeypatch.chdir(ROOT)
    run = json.loads(render(mixed, "sarif"))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pocrules" and driver["version"] and "informationUri" not in driver
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.id for r in ruleset.rules]
    c001 = next(r for r in rules if r["id"] == "POC-C-001")
    compiled = next(r for r in ruleset.rules if r.id == "POC-C-001")
    assert c001["shortDescription"]["text"] == compiled.rule.title
    assert c001["fullDescription"]["text"] == compiled.rule.docs.description
    assert compiled.rule.docs.rationale in c001["help"]["text"]
    assert f"Fix: {compiled.rule.fix} In a YAML or JSON file: {compiled.rule.fix_yaml}" in c001["help"]["text"]
    assert not any("helpUri" in r for r in rules)  # no docs URL configured: no made-up links
    assert c001["defaultConfiguration"]["level"] == "error"
    assert c001["properties"]["section"] == "C"
    assert {"id": "T5.activities-per-risk", "ref": "Template para 5 (C. Activities); Annex I",
            "modality": "shall"} in \
        c001["properties"]["cites"]


def test_sarif_links_rules_to_the_configured_docs(mixed, monkeypatch):
    monkeypatch.chdir(ROOT)
    for docs_url, expected in (("https://example.org/poc/rules/", "https://example.org/poc/rules/POC-C-001.md"),
                               ("https://example.org/r/{rule}.html", "https://example.org/r/POC-C-001.html")):
        run = dataclasses.replace(mixed, docs_url=docs_url)
        rules = json.loads(render(run, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
        assert next(r for r in rules if r["id"] == "POC-C-001")["helpUri"] == expected
        assert all(r["helpUri"].startswith("https://example.org/") for r in rules)


def test_sarif_results_have_regions_pointers_and_levels(mixed, monkeypatch):
    monkeypatch.chdir(ROOT)
    run = json.loads(render(mixed, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    findings = all_findings(mixed)
    assert len(run["results"]) == len(findings)
    for result, f in zip(run["results"], findings):
        assert result["ruleId"] == f.rule == rules[result["ruleIndex"]]["id"]
        assert result["level"] == LEVELS["sarif"][f.severity]
        assert result["message"]["text"] == f.message
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == relative(f.path)
        assert not physical["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert physical["region"] == {"startLine": f.line, "startColumn": f.column}
        assert result["properties"]["pointer"] == f.pointer
        assert (result["properties"]["fix"], result["properties"]["fixYaml"]) == (f.fix, f.fix_yaml)
        if f.pointer:
            assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == f.pointer
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}


def test_sarif_unreadable_files_are_failed_execution_notifications(mixed, make_run):
    invocation = json.loads(render(mixed, "sarif"))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "malformed YAML" in note["message"]["text"]
    loc = note["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("tests/data/malformed.yaml")
    assert loc["region"] == {"startLine": 3, "startColumn": 1}
    clean = json.loads(render(make_run(COMPLIANT), "sarif"))["runs"][0]
    assert clean["invocations"] == [{"executionSuccessful": True}] and clean["results"] == []


def test_sarif_without_the_ruleset_lists_the_rules_that_found_something(make_run):
    run = json.loads(render(make_run(MATRIX, with_rules=False), "sarif"))["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == sorted({r["ruleId"] for r in run["results"]})
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])


def test_sarif_waivers_are_accepted_suppressions(waived_run, waived_files, monkeypatch):
    monkeypatch.chdir(waived_files[0].parent)
    run = json.loads(render(waived_run, "sarif"))["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["POC-WAIVER-STALE"]["shortDescription"]["text"] == "Every waiver matches a finding"
    [waived] = [r for r in run["results"] if "suppressions" in r]
    assert waived["ruleId"] == "POC-B-003"
    assert waived["suppressions"] == [{
        "kind": "external", "status": "accepted",
        "justification": "ERW likelihood is being reassessed with UNMAS; rating due in Q1.",
        "properties": {"approvedBy": "IOT desk officer", "expires": None}}]
    [outside] = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 == "waivers.yaml"]
    assert outside["ruleId"] == "POC-WAIVER-STALE"
    artifacts = run["artifacts"]
    assert artifacts[outside["locations"][0]["physicalLocation"]["artifactLocation"]["index"]] == {
        "location": {"uri": "waivers.yaml"}, "roles": ["userSpecifiedConfiguration"]}
    assert artifacts[0] == {"location": {"uri": "waived.yaml"}, "roles": ["analysisTarget"]}


# --- JUnit -------------------------------------------------------------------------------------------

def test_junit_has_a_suite_per_document_and_a_case_per_rule(mixed, ruleset, monkeypatch):
    monkeypatch.chdir(ROOT)
    root = ET.fromstring(render(mixed, "junit"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [relative(r.path) for r in mixed.results]
    n_rules = len(ruleset.rules)
    for suite, result in zip(suites, mixed.results):
        cases = suite.findall("testcase")
        assert all(c.get("classname") == relative(result.path) for c in cases)
        if result.error:
            assert len(cases) == 1 and int(suite.get("tests")) == 1 and int(suite.get("errors")) == 1
            error = cases[0].find("error")
            assert error is not None and "tests/data/malformed.yaml:3:1: malformed YAML" in error.text
            continue
        failing = {f.rule for f in result.findings}
        assert len(cases) == int(suite.get("tests")) == n_rules
        failed = [c for c in cases if c.find("failure") is not None]
        assert len(failed) == int(suite.get("failures")) == len(failing)
        assert {c.get("name").split(" ", 1)[0] for c in failed} == failing
        texts = "\n".join(c.find("failure").text for c in failed)
        for f in result.findings:
            assert f"{relative(f.path)}:{f.line}:{f.column}: {f.severity}: {f.message}" in texts
    c001 = next(r for r in ruleset.rules if r.id == "POC-C-001")
    assert f"POC-C-001 {c001.rule.title}" in {c.get("name") for c in suites[0].findall("testcase")}
    for attr in ("tests", "failures", "errors"):
        assert int(root.get(attr)) == sum(int(s.get(attr)) for s in suites)


def test_junit_a_rule_whose_findings_are_all_waived_is_skipped(waived_run):
    suite = ET.fromstring(render(waived_run, "junit")).find("testsuite")
    cases = {c.get("name").split(" ", 1)[0]: c for c in suite.findall("testcase")}
    skipped = cases["POC-B-003"].find("skipped")
    assert skipped is not None and cases["POC-B-003"].find("failure") is None
    assert "Waived by IOT desk officer: ERW likelihood" in skipped.get("message")
    assert int(suite.get("skipped")) == 1
    assert cases["POC-C-002"].find("failure") is not None  # its waiver expired
    assert "POC-WAIVER-EXPIRED" in cases and cases["POC-WAIVER-EXPIRED"].find("failure") is not None


def test_junit_survives_characters_xml_cannot_carry(nasty_run):
    root = ET.fromstring(render(nasty_run, "junit"))
    [failure] = [c.find("failure") for c in root.iter("testcase") if c.get("name").startswith("POC-C-001 ")]
    assert "<script>alert(1)</script>" in failure.text and "\x01" not in failure.text


# --- Markdown ----------------------------------------------------------------------------------------

def cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_summary_then_tables_by_document_and_section(mixed, monkeypatch):
    monkeypatch.chdir(ROOT)
    md = render(mixed, "markdown")
    counts = mixed.counts()
    assert f"| {counts['error']} | {counts['warning']} | {counts['info']} | 0 | 4 | 1 |" in md
    assert md.index("## fixtures/minuska-2026-matrix-gaps.yaml (MINUSKA)") < md.index("## fixtures/minuska-2026-stale")
    stale = md[md.index("## fixtures/minuska-2026-stale"):md.index("## fixtures/minuska-2026.yaml")]
    headings = [line[4:] for line in stale.splitlines() if line.startswith("### ")]
    assert headings == [SECTION_TITLES[s] for s in SECTION_ORDER
                        if any(f.section == s for f in mixed.results[1].findings)]
    rows = [line for line in md.splitlines() if re.match(r"\| .* \| (error|warning|info) \| POC-", line)]
    assert len(rows) == len(all_findings(mixed)) and all(len(cells(r)) == 5 for r in rows)
    c001 = next(f for f in mixed.results[0].findings if f.rule == "POC-C-001")
    # A location a reader can find without a JSON pointer: the section, the risk's id and title, the line.
    assert f'| Section B, risk R3 "Inter-communal and cattle-related violence in…" (line {c001.line}) | error ' \
           "| POC-C-001 |" in md
    # Citations lead with the paragraph and the requirement in words; the internal id is not shown.
    assert "Template para 5 (C. Activities); Annex I, Mitigating activities listed for every risk" in md
    assert "T5.activities-per-risk" not in md
    assert "No findings." in md and "**Could not be checked:**" in md


def test_markdown_cells_cannot_break_the_table(nasty_run):
    md = render(nasty_run, "markdown")
    [row] = [line for line in md.splitlines() if "POC-C-001" in line]
    assert len(cells(row)) == 5
    assert r"\<script\>" in row and r"\| 100%" in row and "<script>" not in md


def test_markdown_marks_waived_findings(waived_run):
    md = render(waived_run, "markdown")
    [row] = [line for line in md.splitlines() if "| POC-B-003 |" in line]
    assert "| warning (waived) |" in row or "| error (waived) |" in row
    assert "Waived by IOT desk officer: ERW likelihood" in row
    assert "| 1 | 1 | 0 |" in md  # of which waived, documents, unreadable


# --- GitHub annotations ------------------------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),title=([^,:]+)::(.*)$")


def test_github_one_annotation_per_finding_and_problem(mixed, monkeypatch):
    monkeypatch.chdir(ROOT)
    lines = render(mixed, "github").splitlines()
    findings = all_findings(mixed)
    assert len(lines) == len(findings) + 1
    for line, f in zip([ln for ln in lines if "title=POC-" in ln], findings):
        level, path, row, col, title, message = COMMAND.match(line).groups()
        assert (level, path, int(row), int(col), title) == (LEVELS["github"][f.severity], relative(f.path),
                                                            f.line, f.column, f.rule)
        assert message.startswith(escape_data(f.message)) and "\n" not in message
    [problem] = [ln for ln in lines if "malformed YAML" in ln]
    assert problem.startswith("::error file=tests/data/malformed.yaml,line=3,col=1,title=pocrules%3A ")


def test_github_escaping(nasty_run, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert escape_data("100%\r\n") == "100%25%0D%0A"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    lines = render(nasty_run, "github").splitlines()
    assert len(lines) == 2
    info, warning = lines
    assert info.startswith("::notice file=fixtures/odd%3Aname%2Cx.yaml,line=9,col=1,title=POC-A-003::")
    assert warning.startswith("::warning file=fixtures/odd%3Aname%2Cx.yaml,line=7,col=3,title=POC-C-001::")
    assert "| 100%25 & \"quoted\"%0D%0Asecond line: a, b" in warning


def test_github_waived_findings_are_notices(waived_run, waived_files, monkeypatch):
    monkeypatch.chdir(waived_files[0].parent)
    lines = render(waived_run, "github").splitlines()
    [waived] = [ln for ln in lines if "POC-B-003" in ln]
    assert waived.startswith("::notice file=waived.yaml,line=") and ",title=POC-B-003 (waived)::" in waived
    assert "%0AWaived by IOT desk officer: ERW likelihood" in waived
    assert any(ln.startswith("::warning file=waivers.yaml,") and "title=POC-WAIVER-STALE::" in ln for ln in lines)


# --- HTML --------------------------------------------------------------------------------------------

def test_html_is_self_contained_and_printable(mixed):
    page = render(mixed, "html")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page and "size: A4" in page
    for external in ("<script", "<link", "<img", "src=", "url(", "@import", "http://", "https://"):
        assert external not in page
    # Links only within the page: the summary and the contents point at the findings.
    assert set(re.findall(r'href="(.)', page)) == {"#"}


def test_html_policy_allows_only_its_own_stylesheet(mixed, nasty_run):
    """The same strict Content-Security-Policy on every report: the inline stylesheet by its hash, nothing else."""
    for page in (render(mixed, "html"), render(nasty_run, "html")):
        [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
        [css] = re.findall(r"<style>(.*?)</style>", page, re.S)
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert policy == f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
        assert "style=" not in page  # an inline style attribute would be blocked by the policy


def test_html_summary_contents_and_findings_by_document_and_section(mixed, monkeypatch):
    monkeypatch.chdir(ROOT)
    page = render(mixed, "html")
    counts = mixed.counts()
    assert f'<th>Errors</th><td class="n">{counts["error"]}</td>' in page
    assert '<th>Could not be checked</th><td class="n">1</td>' in page
    assert "framework-2011" in page and AS_OF.isoformat() in page
    summary_end = page.index("</header>")
    contents = page[page.index('<nav class="toc">'):summary_end]
    for i, result in enumerate(mixed.results, 1):  # several files: a table of contents linking each
        assert f'<a href="#doc-{i}"><span class="path">{html.escape(relative(result.path))}</span></a>' in contents
    assert "MINUSKA 2026.1 (final) — 4 error(s), 0 warning(s), 0 info" in contents
    matrix = page.index('<section class="document" id="doc-1">')
    stale = page.index('<section class="document" id="doc-2">')
    assert summary_end < matrix < stale
    for f in mixed.results[0].findings:
        assert html.escape(f.message, quote=False).replace("'", "&#39;") in page[matrix:stale]
        assert f"{relative(f.path)}:{f.line}:{f.column}" in page[matrix:stale]
    # Each document: its cover, and a per-section table linked to its findings.
    block = page[matrix:stale]
    assert "<dt>Version</dt><dd>2026.1</dd>" in block and "<dt>Period</dt><dd>2026-01-01 to 2026-12-31</dd>" in block
    assert '<a href="#doc-1-C">C. POC activities</a>' in block and '<h3 id="doc-1-C">C. POC activities</h3>' in block
    assert "<td>D. Information gathering and sharing</td>" in block  # a section without findings, not linked
    # Locations and citations in a reader's words; the fix with its YAML keys as code.
    assert '<dt>Where</dt><dd>Section B, risk R3 &#34;Inter-communal and cattle-related violence in…&#34; (line ' \
        in block
    assert "<li>Template para 5 (C. Activities); Annex I, Mitigating activities listed for every risk (Framework: shall)</li>" in block
    assert "T5.activities-per-risk" not in page and "/risk_analysis/risks" not in page
    assert ("<dt>What to do</dt><dd>Plan an activity against this risk in the implementation matrix, with one lead and "
            "its supporting actors. In the file: a row in <code>implementation_matrix</code>") in page
    assert "This file could not be checked." in page and "malformed YAML" in page


def test_html_header_for_one_strategy(make_run, monkeypatch):
    monkeypatch.chdir(ROOT)
    page = render(make_run(MATRIX), "html")
    header = page[:page.index("</header>")]
    assert "<h1>POC strategy review: MINUSKA</h1>" in header
    assert "United Nations Multidimensional Integrated Stabilization Mission in Karthalia (MINUSKA)" in header
    assert '<span class="status final">final</span> endorsed by the Head of Mission on 2025-12-05' in header
    assert "<dt>Audit date</dt><dd>2026-12-01</dd>" in header and '<nav class="toc">' not in page


def test_html_escapes_everything(nasty_run):
    page = render(nasty_run, "html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;quoted&#34;" in page and "M&lt;1&gt;" in page
    assert "<code>lead: &lt;id&gt;</code> &amp; retry" in page


def test_html_marks_waived_findings(waived_run):
    page = render(waived_run, "html")
    assert page.count('<span class="sev waived">waived</span>') == 1
    assert "<dt>Waiver</dt><dd>Waived by IOT desk officer: ERW likelihood" in page
    assert '<th>of which waived</th><td class="n">1</td>' in page


def test_html_in_headless_chromium(mixed, tmp_path, monkeypatch):
    """Load the page in a real browser: the findings are in the rendered DOM, a screenshot is taken,
    and nothing is wider than an A4 page."""
    browser.chromium()
    monkeypatch.chdir(ROOT)
    page = tmp_path / "report.html"
    page.write_text(render(mixed, "html"), encoding="utf-8")
    text = browser.visible_text(browser.dom(page, tmp_path))
    assert "POC strategy review" in text
    for f in all_findings(mixed):
        assert f.rule in text
        assert " ".join(f.message.split()) in text
    assert "malformed YAML" in text
    browser.screenshot(page, tmp_path)
    assert browser.overflow_at_a4(page, tmp_path) == []


def test_a4_overflow_check_can_fail(tmp_path):
    """The overflow probe is not vacuous: a table wider than A4 is reported."""
    browser.chromium()
    page = tmp_path / "wide.html"
    page.write_text("<!DOCTYPE html><html><body><table><tr><td>" + "x" * 400 + "</td></tr></table></body></html>")
    assert any("ends at" in line for line in browser.overflow_at_a4(page, tmp_path))


# --- JSON report schema ------------------------------------------------------------------------------

def report_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("pocrules").joinpath("data/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_report_schema_follows_the_code():
    schema = report_validator().schema
    assert schema["$defs"]["section"]["enum"] == list(SECTION_ORDER)
    assert schema["$defs"]["severity"]["enum"] == [*SEVERITIES, UNVERIFIED]  # unverified: Word prose parts
    assert schema["properties"]["fail_on"]["enum"] == list(FAIL_ON)


REPORTS = {
    "clean": (lambda w: [COMPLIANT], 0),
    "findings": (lambda w: [MATRIX, STALE], 1),
    "unreadable": (lambda w: [MATRIX, MALFORMED, DATA / "empty.yaml", DATA / "binary.yaml",
                              DATA / "no-such-file.yaml"], 2),
    "waivers": (lambda w: [w[0], "--waivers", w[1]], 1),
}


@pytest.mark.parametrize("case", REPORTS)
def test_json_report_matches_its_published_schema(case, waived_files):
    args, exit_code = REPORTS[case]
    result = CliRunner().invoke(app, ["check", *map(str, args(waived_files)), "--format", "json",
                                      "--as-of", "2026-12-01", "--engine", "python"])
    assert result.exit_code == exit_code, result.output
    report = json.loads(result.stdout)
    errors = list(report_validator().iter_errors(report))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    if exit_code == 0:
        assert all(f["status"] == "checked" and not f["findings"] for f in report["files"])
    if exit_code == 2:
        assert report["summary"]["unreadable"] == 4
    if case == "waivers":
        assert sum(1 for f in report["files"][0]["findings"] if f["waived"]) == 1
    # The schema is not vacuous: each of these breaks it.
    validator = report_validator()
    broken = json.loads(result.stdout)
    broken["summary"]["findings"]["fatal"] = 1
    assert not validator.is_valid(broken)
    broken = json.loads(result.stdout)
    broken["files"][0]["status"] = "maybe"
    assert not validator.is_valid(broken)
    if report["files"][0]["findings"]:
        broken = json.loads(result.stdout)
        del broken["files"][0]["findings"][0]["location"]["line"]
        assert not validator.is_valid(broken)



def test_json_findings_name_their_element_as_the_text_report_does():
    """``where`` is the text report's where: line, so a dashboard built on the JSON speaks the reviewer's words."""
    def run(fmt: str) -> str:
        return CliRunner().invoke(app, ["check", str(STALE), "-f", fmt, "--as-of", "2026-12-01"]).stdout

    findings = json.loads(run("json"))["files"][0]["findings"]
    text_lines = [line.strip().removeprefix("where: ") for line in run("text").splitlines()
                  if line.strip().startswith("where: ")]
    assert [f["where"] for f in findings] == text_lines and len(text_lines) > 3
    assert all(f["where"] and "_" not in f["where"] for f in findings)  # words, not field names

# --- write() -----------------------------------------------------------------------------------------

def test_write_renders_each_output_atomically(mixed, tmp_path, capsys):
    target = tmp_path / "reports" / "review.sarif"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    write(mixed, [("json", None), ("sarif", str(target)), ("html", str(tmp_path / "new" / "review.html"))],
          color=True)
    out = capsys.readouterr().out
    assert json.loads(out)["summary"]["unreadable"] == 1  # JSON ignores colour
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (tmp_path / "new" / "review.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # shareable, not the temp file's 0600


def test_write_colours_only_stdout_and_writes_nothing_on_a_bad_format(mixed, tmp_path, capsys):
    text_file = tmp_path / "report.txt"
    write(mixed, [("text", None), ("text", str(text_file))], color=True)
    assert "\x1b[" in capsys.readouterr().out
    assert "\x1b[" not in text_file.read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        write(mixed, [("json", str(tmp_path / "a.json")), ("pdf", str(tmp_path / "b.pdf"))], color=False)
    assert not (tmp_path / "a.json").exists()


# --- What to do, for the reader of the document checked ----------------------------------------------


def test_advice_gives_a_yaml_file_its_fields_and_a_word_document_the_template_s_place():
    from pocrules.findings import Finding
    from pocrules.reporters import advice
    from pocrules.sources import Place

    trend = Finding("s.yaml", 3, 5, "POC-B-014", "/risk_analysis/threats/2/trend", "warning", "B",
                    "The threat's trend is not stated.", (), "Say whether the threat is increasing.",
                    fix_yaml="`trend` on the threat.")
    assert advice(trend) == "Say whether the threat is increasing. In the file: `trend` on the threat."
    in_word = dataclasses.replace(trend, path="s.docx", place=Place("Section B, threat table, row 3", 40, 3))
    assert advice(in_word) == ('Say whether the threat is increasing. In the document: Section B, table "Threats", '
                               'column "Trend".')  # a field of the row the finding is on
    assert advice(trend, word=True) == advice(in_word)  # the review copy of a YAML file is read in Word
    record_only = dataclasses.replace(in_word, fix_yaml="`monitoring.lessons_learned.external_partners_invited: true`.")
    assert advice(record_only) == "Say whether the threat is increasing."  # no place but Annex III: no YAML either
    assert advice(dataclasses.replace(trend, fix="")) == ""

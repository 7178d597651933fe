"""Reviewer workflow: configuration, waivers, version diff, baselines, scaffold, pre-commit."""

from __future__ import annotations

import json
import shutil

import yaml
from typer.testing import CliRunner

from pocrules.cli import app

from .conftest import COMPLIANT, FIXTURES

runner = CliRunner()
MATRIX = FIXTURES / "minuska-2026-matrix-gaps.yaml"


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def findings(result, **where):
    doc = json.loads(result.output)
    return sorted((f["rule"], f["pointer"], bool(f["waived"])) for file in doc["files"] for f in file["findings"]
                  if all(f[k] == v for k, v in where.items()))


# -- configuration -----------------------------------------------------------------------------

def test_configuration_file_is_found_walking_up_and_cli_flags_override_it(tmp_path):
    (tmp_path / "pocrules.toml").write_text(
        'select = ["POC-C"]\nfail_on = "warning"\n[rules]\n"POC-C-003" = "error"\n')
    nested = tmp_path / "missions" / "minuska"
    nested.mkdir(parents=True)
    shutil.copy(MATRIX, nested / "strategy.yaml")
    result = invoke("check", nested / "strategy.yaml", "--as-of", "2026-12-01", "-f", "json")
    doc = json.loads(result.output)
    rules = {f["rule"]: f["severity"] for f in doc["files"][0]["findings"]}
    assert set(rules) and all(r.startswith("POC-C") for r in rules) and rules["POC-C-003"] == "error"
    assert doc["fail_on"] == "warning"
    overridden = invoke("check", nested / "strategy.yaml", "--as-of", "2026-12-01", "-f", "json",
                        "--select", "POC-B-003")
    assert {f["rule"] for f in json.loads(overridden.output)["files"][0]["findings"]} == {"POC-B-003"}


def test_config_command_shows_values_and_their_sources(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.pocrules]\nfail_on = "info"\n[tool.pocrules.params.POC-FW-006]\n'
                                             'window_days = 30\n')
    result = invoke("config", tmp_path)
    assert result.exit_code == 0
    assert f"configuration file: {tmp_path / 'pyproject.toml'}" in result.output
    line = next(line for line in result.output.splitlines() if line.strip().startswith("fail_on"))
    assert "info" in line and str(tmp_path / "pyproject.toml") in line
    assert "(default)" in next(line for line in result.output.splitlines() if line.strip().startswith("engine"))


def test_unknown_configuration_key_is_an_error_with_a_suggestion(tmp_path):
    (tmp_path / "pocrules.toml").write_text('fail_onn = "warning"\n')
    shutil.copy(COMPLIANT, tmp_path / "s.yaml")
    result = invoke("check", tmp_path / "s.yaml")
    assert result.exit_code == 2
    assert "unknown setting 'fail_onn'; did you mean 'fail_on'?" in result.output


# -- waivers -----------------------------------------------------------------------------------

def _with_waivers(tmp_path, waivers):
    data = yaml.safe_load(MATRIX.read_text())
    data["waivers"] = waivers
    path = tmp_path / "waived.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_a_waiver_marks_the_finding_with_its_justification_and_does_not_fail(tmp_path):
    path = _with_waivers(tmp_path, [{
        "rule": "POC-B-003", "pointer": "/risk_analysis/risks/5", "approved_by": "IOT desk officer",
        "justification": "ERW likelihood is being reassessed with UNMAS; rating due in Q1."}])
    result = invoke("check", path, "--as-of", "2026-12-01", "-f", "json", "--select", "POC-B-003")
    assert result.exit_code == 0
    finding = json.loads(result.output)["files"][0]["findings"][0]
    assert finding["waived"] == {"justification": "ERW likelihood is being reassessed with UNMAS; rating due in Q1.",
                                 "approved_by": "IOT desk officer", "expires": None}
    unwaived = invoke("check", path, "--as-of", "2026-12-01", "-f", "json", "--select", "POC-B-003", "--no-waivers")
    assert unwaived.exit_code == 1 and json.loads(unwaived.output)["files"][0]["findings"][0]["waived"] is None


def test_expired_and_stale_waivers_are_reported(tmp_path):
    path = _with_waivers(tmp_path, [
        {"rule": "POC-B-003", "approved_by": "IOT", "expires": "2026-06-30",
         "justification": "Temporary: ratings pending the JMAC review."},
        {"rule": "POC-C-001", "pointer": "/risk_analysis/risks/0", "approved_by": "IOT",
         "justification": "Activities for R1 are in the Force plan annex."},
    ])
    result = invoke("check", path, "--as-of", "2026-12-01", "-f", "json", "--select", "POC-B-003",
                    "--select", "POC-C-001")
    got = findings(result)
    assert ("POC-WAIVER-EXPIRED", "/waivers/0", False) in got
    assert ("POC-WAIVER-STALE", "/waivers/1", False) in got
    assert ("POC-B-003", "/risk_analysis/risks/5", False) in got  # no longer waived


def test_waiver_without_justification_is_reported_and_waives_nothing(tmp_path):
    path = _with_waivers(tmp_path, [{"rule": "POC-B-003", "approved_by": "IOT"}])
    result = invoke("check", path, "--as-of", "2026-12-01", "-f", "json")
    assert result.exit_code == 1
    got = findings(result)
    assert ("POC-SCHEMA-003", "/waivers/0/justification", False) in got
    assert ("POC-B-003", "/risk_analysis/risks/5", False) in got  # the waiver counts as absent


def test_waivers_from_a_separate_file(tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: POC-C-003\n    approved_by: IOT\n    mission: MINUSKA\n"
                       "    justification: FPU activities are supported under the Force plan.\n")
    result = invoke("check", MATRIX, "--as-of", "2026-12-01", "-f", "json", "--select", "POC-C-003",
                    "--waivers", waivers)
    assert findings(result) == [("POC-C-003", "/implementation_matrix/1/supporting", True)]


# -- diff and baseline -------------------------------------------------------------------------

def test_diff_matches_findings_by_element_not_line(tmp_path):
    old = yaml.safe_load(MATRIX.read_text())
    new = yaml.safe_load(MATRIX.read_text())
    new["risk_analysis"]["risks"][5]["likelihood"] = 2          # resolves POC-B-003 on R6
    new["risk_analysis"]["risks"].insert(0, {                   # shifts every risk pointer down by one
        "id": "R0", "title": "Denial of humanitarian access on the Eskel road", "nature": "actual",
        "threats": ["T1"], "vulnerabilities": ["V1"], "gravity": 3, "likelihood": 3, "priority": False})
    new["implementation_matrix"][1]["supporting"] = ["joc"]     # resolves POC-C-003
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old, sort_keys=False))
    (tmp_path / "new.yaml").write_text("# edited\n" + yaml.safe_dump(new, sort_keys=False))
    result = invoke("diff", tmp_path / "old.yaml", tmp_path / "new.yaml", "--as-of", "2026-12-01", "-f", "json",
                    "--select", "POC-B-003", "--select", "POC-C")
    doc = json.loads(result.output)
    assert sorted(f["rule"] for f in doc["resolved"]) == ["POC-B-003", "POC-C-003"]
    assert doc["new_findings"] == []
    still = {(f["rule"], f["element"]) for f in doc["still_open"]}
    assert ("POC-C-001", "/risk_analysis/risks[R3]") in still  # R3 moved from /risks/2 to /risks/3
    assert result.exit_code == 0


def test_diff_as_markdown_and_html(tmp_path):
    """The same comparison as a memo table and as a page to forward, in a reader's words."""
    stale = FIXTURES / "minuska-2026-stale.yaml"
    as_json = json.loads(invoke("diff", stale, MATRIX, "--as-of", "2026-12-01", "-f", "json").output)
    counts = {k: len(as_json[k]) for k in ("new_findings", "resolved", "still_open")}
    md = invoke("diff", stale, MATRIX, "--as-of", "2026-12-01", "-f", "markdown")
    assert md.exit_code == 1  # new errors, as with text and json
    text = md.output
    assert text.startswith(f"# What changed: {stale} → {MATRIX}".replace("_", "\\_"))
    assert f"## New in {MATRIX} ({counts['new_findings']})".replace("_", "\\_") in text
    assert f"{counts['new_findings']} new, {counts['resolved']} resolved, {counts['still_open']} still open." in text
    assert '| Section B, risk R3 "Inter-communal and cattle-related violence in…" (line 794) | error | POC-C-001 |' \
        in text
    assert "a row in `implementation_matrix` with `risk: R3`" in text  # YAML keys stay code
    page = invoke("diff", stale, MATRIX, "--as-of", "2026-12-01", "-f", "html")
    assert page.exit_code == 1 and page.output.startswith("<!DOCTYPE html>")
    html = page.output
    assert "<h1>What changed between two versions</h1>" in html and "Content-Security-Policy" in html
    assert "<tr><th>Period</th><td>2026-01-01 to 2027-06-30</td><td>2026-01-01 to 2026-12-31</td></tr>" in html
    for anchor, key in (("new", "new_findings"), ("resolved", "resolved"), ("open", "still_open")):
        section = html[html.index(f'<section class="document" id="{anchor}">'):]
        section = section[:section.index("</section>")]
        assert section.count('<article class="finding') == counts[key]
    assert invoke("diff", stale, MATRIX, "-f", "pdf").exit_code == 2


def test_check_with_a_baseline_reports_only_new_findings(tmp_path):
    report = tmp_path / "baseline.json"
    invoke("check", MATRIX, "--as-of", "2026-12-01", "-f", f"json:{report}")
    data = yaml.safe_load(MATRIX.read_text())
    data["implementation_matrix"][4].pop("lead")
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, sort_keys=False))
    result = invoke("check", edited, "--as-of", "2026-12-01", "-f", "json", "--baseline", report)
    assert {(f["rule"], f["pointer"]) for f in json.loads(result.output)["files"][0]["findings"]} >= {
        ("POC-C-002", "/implementation_matrix/4")}
    assert all(f["pointer"].startswith("/implementation_matrix/4")
               for f in json.loads(result.output)["files"][0]["findings"])


# -- scaffold ----------------------------------------------------------------------------------

def test_init_writes_a_valid_commented_strategy_that_fails_only_on_missing_content(tmp_path):
    out = tmp_path / "draft.yaml"
    result = invoke("init", out, "--mission", "United Nations Mission in Ostravia")
    assert result.exit_code == 0
    text = out.read_text()
    assert text.startswith("# yaml-language-server: $schema=strategy.schema.json")
    assert json.loads((tmp_path / "strategy.schema.json").read_text())["title"].startswith("POC strategy")
    assert "Template para 9" in text and "acronym: UNMO" in text
    checked = invoke("check", out, "-f", "json")
    doc = json.loads(checked.output)
    assert doc["files"][0]["status"] == "checked" and checked.exit_code == 1
    rules = {f["rule"] for f in doc["files"][0]["findings"]}
    assert {"POC-A-006", "POC-FW-003", "POC-C-005"} <= rules          # genuinely missing content
    assert "POC-FW-001" not in rules                                    # the scaffolded period is one year
    assert invoke("init", out).exit_code == 2                           # never overwrites silently


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((COMPLIANT.parent.parent / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "pocrules")
    assert hook["entry"] == "pocrules check" and hook["language"] == "python"


def test_diff_page_in_headless_chromium_fits_a4(tmp_path):
    from . import browser

    browser.chromium()
    page = tmp_path / "changes.html"
    page.write_text(invoke("diff", FIXTURES / "minuska-2026-stale.yaml", MATRIX, "--as-of", "2026-12-01",
                           "-f", "html").output, encoding="utf-8")
    text = browser.visible_text(browser.dom(page, tmp_path))
    assert "What changed between two versions" in text and "POC-C-001" in text
    assert browser.overflow_at_a4(page, tmp_path) == []

"""The command line: exit codes, formats, selection, thresholds, rulesets."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pocrules.cli import app
from pocrules.engine import durable_available

from .conftest import COMPLIANT, FIXTURES

runner = CliRunner()
STALE = FIXTURES / "minuska-2026-stale.yaml"
MATRIX = FIXTURES / "minuska-2026-matrix-gaps.yaml"
REVIEWER = COMPLIANT.parent.parent / "tests" / "data" / "reviewer-ruleset.yaml"


def check(*args: str, as_of: str = "2026-12-01"):
    return runner.invoke(app, ["check", *args, "--as-of", as_of])


def rules_of(result) -> list[tuple[str, str]]:
    doc = json.loads(result.output)
    return sorted((f["rule"], f["pointer"]) for file in doc["files"] for f in file["findings"])


def test_exit_zero_on_a_clean_strategy():
    result = check(str(COMPLIANT))
    assert result.exit_code == 0
    assert "no findings" in result.output


def test_exit_one_on_errors_and_grouped_text_report():
    result = check(str(STALE))
    assert result.exit_code == 1
    out = result.output
    assert out.index("Drafting, consultation, timeframe and endorsement") < out.index("A. Purpose and scope")
    assert f"{STALE}:" in out and "POC-FW-006" in out
    # The citation leads with the paragraph and the requirement in words, not the internal id.
    assert ("cites: Framework para 10; Template para 2 (Reviewing the strategy), Mandate or context changes "
            "prompt a leadership review") in out and "F10.review-triggers" not in out
    assert 'where: context change of 2026-05-10 "Collapse of the Kessa Valley ceasefire and FAK…"' in out
    engine = "durable" if durable_available() else "python"
    assert out.rstrip().endswith(f"(ruleset framework-2011, engine {engine}, as of 2026-12-01)")
    assert "4 error(s), 1 warning(s), 0 info in 1 file" in out


def test_fail_on_threshold():
    warnings_only = ["--select", "POC-C-003", str(MATRIX)]
    assert check(*warnings_only).exit_code == 0
    assert check(*warnings_only, "--fail-on", "warning").exit_code == 1
    assert check(str(STALE), "--fail-on", "never").exit_code == 0


def test_json_report_shape():
    result = check(str(MATRIX), "--format", "json")
    doc = json.loads(result.output)
    assert doc["schema_version"] == 2 and doc["as_of"] == "2026-12-01" and doc["ruleset"] == "framework-2011"
    finding = next(f for f in doc["files"][0]["findings"] if f["rule"] == "POC-C-001")
    assert finding["pointer"] == "/risk_analysis/risks/2"
    assert finding["cites"][0] == {"id": "T5.activities-per-risk", "ref": "Template para 5 (C. Activities); Annex I"}
    assert finding["location"]["path"] == str(MATRIX) and finding["location"]["line"] > 1
    assert "Inter-communal" in finding["message"] and finding["severity"] == "error" and finding["section"] == "C"
    assert doc["summary"] == {"files": 1, "unreadable": 0, "findings": {"error": 3, "warning": 1, "info": 0},
                              "waived": 0}


def test_output_is_deterministic():
    first, second = check(str(STALE), str(MATRIX), "-f", "json"), check(str(STALE), str(MATRIX), "-f", "json")
    assert first.output == second.output


def test_select_and_ignore_by_prefix_requirement_and_most_specific_wins():
    assert rules_of(check(str(STALE), "-f", "json", "--select", "POC-FW")) == [
        ("POC-FW-001", "/period"), ("POC-FW-006", "/history/3/date"), ("POC-FW-007", "/history/2/date")]
    assert rules_of(check(str(STALE), "-f", "json", "--select", "POC-FW", "--ignore", "POC-FW-006")) == [
        ("POC-FW-001", "/period"), ("POC-FW-007", "/history/2/date")]
    assert rules_of(check(str(STALE), "-f", "json", "--select", "T2.isf-link")) == [
        ("POC-A-001", "/purpose_scope/linked_strategies")]


def test_as_of_makes_date_rules_reproducible():
    # On 2026-09-01 the mandate change of 2026-06-27 is still inside its 90-day window.
    early = rules_of(check(str(STALE), "-f", "json", "--select", "POC-FW-006", as_of="2026-09-01"))
    late = rules_of(check(str(STALE), "-f", "json", "--select", "POC-FW-006", as_of="2026-12-01"))
    assert early == [] and late == [("POC-FW-006", "/history/3/date")]


def test_param_override_from_the_command_line():
    # The context change of 2026-05-10 was reviewed 33 days later: late for a 30-day window.
    args = (str(COMPLIANT), "-f", "json", "--select", "POC-FW-007")
    assert rules_of(check(*args)) == []
    assert rules_of(check(*args, "--param", "POC-FW-007.window_days=30")) == [("POC-FW-007", "/history/2/date")]


def test_reviewer_ruleset_overrides_and_adds_rules(tmp_path):
    result = check(str(MATRIX), "-f", "json", "--ruleset", str(REVIEWER))
    doc = json.loads(result.output)
    by_rule = {f["rule"]: f for f in doc["files"][0]["findings"]}
    assert by_rule["POC-C-003"]["severity"] == "error"  # raised from warning
    assert "LOCAL-C-001" not in by_rule  # every row of the fixture names a workplan
    assert doc["ruleset"] == "reviewer-ruleset"
    listed = runner.invoke(app, ["rules", "--ruleset", str(REVIEWER), "-f", "json"])
    ids = {r["id"]: r for r in json.loads(listed.output)}
    assert "POC-B-002" not in ids and ids["LOCAL-C-001"]["section"] == "C"
    assert ids["POC-FW-006"]["params"] == {"window_days": 30}


def test_rules_lists_citations():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "POC-C-001" in result.output and "T5.activities-per-risk (Template para 5 (C. Activities); Annex I)" in result.output


def test_schema_is_json_schema_of_the_model():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert {"mission", "period", "risk_analysis", "purpose_scope"} <= set(schema["required"])


def test_help_teaches():
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0
    assert "Exit status: 0 clean" in result.output and "--fail-on" in result.output


def test_rules_show_explains_a_rule_with_its_paragraphs():
    result = runner.invoke(app, ["rules", "show", "POC-FW-006"])
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("POC-FW-006: A review follows every change of the Security Council mandate")
    assert "F10.review-triggers - Framework para 10; Template para 2 (Reviewing the strategy)" in out
    assert out.index("Anti-pattern:") < out.index("Best practice:")
    assert "window_days = 90" in out


def test_rules_show_unknown_rule_suggests():
    result = runner.invoke(app, ["rules", "show", "POC-C-01"])
    assert result.exit_code == 2 and "no rule 'POC-C-01' in framework-2011; did you mean" in result.output


def test_coverage_lists_requirements_and_fails_on_an_unchecked_one(tmp_path, ruleset):
    citing = [r.id for r in ruleset.rules if "T2.isf-link" in r.rule.cites]
    custom = tmp_path / "no-isf.yaml"
    custom.write_text("extends: framework-2011\noverrides:\n" + "".join(f"  {i}: 'off'\n" for i in citing))
    result = runner.invoke(app, ["coverage", "--ruleset", str(custom)])
    assert result.exit_code == 1
    assert "T2.isf-link" in result.output.split("Not checked:")[1]
    assert "NOT CHECKED (Template para 2 (A. Scope: Existing protection strategies))" in result.output
    full = runner.invoke(app, ["coverage"])
    assert ("Not checked:" in full.output) == (full.exit_code == 1)


def test_rules_fields_teaches_rule_authors_what_they_can_test():
    kinds = runner.invoke(app, ["rules", "fields"])
    assert kinds.exit_code == 0 and "matrix_row               /implementation_matrix" in kinds.output
    fields = runner.invoke(app, ["rules", "fields", "matrix_row"]).output.splitlines()
    assert "lead_component                               derived" in fields
    assert any(line.startswith("supporting ") and "list" in line for line in fields)
    document = runner.invoke(app, ["rules", "fields", "strategy"]).output
    assert "consultations" in document and "collection: test its size" in document
    typo = runner.invoke(app, ["rules", "fields", "matrix_rows"])
    assert typo.exit_code == 2 and "did you mean 'matrix_row'?" in typo.output


def test_verbose_adds_the_json_pointer_that_plain_output_leaves_out():
    plain = check(str(STALE))
    verbose = check(str(STALE), "--verbose")
    assert "pointer: " not in plain.output and "/history/" not in plain.output
    assert "      pointer: /history/" in verbose.output
    assert verbose.output.count("pointer: ") == plain.output.count("\n    ") - plain.output.count("\n      ")

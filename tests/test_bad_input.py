"""Bad input is one clear, located paragraph and exit code 2, never a traceback."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from pocrules.cli import app

from .conftest import COMPLIANT
from .rulecases import apply

DATA = COMPLIANT.parent.parent / "tests" / "data"
runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def write_variant(tmp_path, ops, name="variant.yaml"):
    data = apply(yaml.safe_load(COMPLIANT.read_text(encoding="utf-8")), tuple(ops))
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path, path.read_text(encoding="utf-8").splitlines()


def line_of(lines, needle):
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize(("name", "expected"), [
    ("malformed.yaml", "malformed.yaml:3:1: malformed YAML: "),
    ("malformed.yaml", "(while parsing a flow sequence that starts at line 2, column 10)"),
    ("empty.yaml", "empty.yaml:1:1: the file is empty"),
    ("binary.yaml", "binary.yaml: this is a binary file, not text"),
    ("alias-bomb.yaml", "expands to more than 200,000 values"),
])
def test_unreadable_files(name, expected):
    result = run("check", str(DATA / name))
    assert result.exit_code == 2
    assert expected in result.output


def test_misspelled_key_names_line_column_and_suggestion(tmp_path):
    path, lines = write_variant(tmp_path, [{"set": "/risk_analysis/risks/0/likelyhood", "value": 3}])
    result = run("check", str(path))
    assert result.exit_code == 2
    line = line_of(lines, "likelyhood:")
    assert (f"{path}:{line}:5: unknown key 'likelyhood'; did you mean 'likelihood'? "
            "(at /risk_analysis/risks/0/likelyhood)") in result.output


def test_wrong_type_and_enum_name_the_field_and_what_was_expected(tmp_path):
    path, lines = write_variant(tmp_path, [
        {"set": "/mission/integrated", "value": "yes"},
        {"set": "/purpose_scope/objectives/0/horizon", "value": "immediat"},
    ])
    out = run("check", str(path)).output
    assert f":{line_of(lines, 'integrated: ')}:" in out and "input should be a valid boolean (got 'yes')" in out
    assert "expected one of 'immediate', 'medium' or 'long' (got 'immediat'; did you mean 'immediate'?)" in out
    assert "(at /purpose_scope/objectives/0/horizon)" in out


def test_missing_required_section(tmp_path):
    path, _ = write_variant(tmp_path, [{"remove": "/risk_analysis"}])
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "required field 'risk_analysis' is missing (at /risk_analysis)" in result.output


def test_invalid_date(tmp_path):
    path = tmp_path / "dates.yaml"
    path.write_text(COMPLIANT.read_text(encoding="utf-8").replace("end: 2026-12-31", "end: 2026-13-31"), encoding="utf-8")
    out = run("check", str(path)).output
    assert "invalid value '2026-13-31': month must be in 1..12 (at /period/end)" in out


def test_reference_to_undeclared_actor_and_risk(tmp_path):
    path, lines = write_variant(tmp_path, [
        {"set": "/implementation_matrix/0/lead", "value": "forse"},
        {"set": "/implementation_matrix/1/risk", "value": "R99"},
    ])
    out = run("check", str(path)).output
    assert f"{path}:{line_of(lines, 'lead: forse')}:" in out
    assert "'forse' is not a declared actor; did you mean 'force'? (at /implementation_matrix/0/lead)" in out
    assert "'R99' is not a declared risk" in out


def test_json_strategy_is_accepted_and_located(tmp_path):
    import json

    data = yaml.safe_load(COMPLIANT.read_text(encoding="utf-8"))
    data["period"]["end"] = "2027-06-30"
    path = tmp_path / "strategy.json"
    path.write_text(json.dumps(data, default=str, indent=2), encoding="utf-8")
    result = run("check", str(path), "--as-of", "2026-12-01")
    assert result.exit_code == 1
    line = line_of(path.read_text().splitlines(), '"period"')
    assert f"{path}:{line}:3" in result.output and "POC-FW-001" in result.output


def test_oversized_input_is_refused(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("notes: " + "x" * (3 * 1024 * 1024), encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2 and "larger than 2,097,152 bytes" in result.output


def test_python_object_tags_are_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("version: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2 and "unsupported YAML tag" in result.output and "pwned" not in result.output


def test_one_broken_file_does_not_stop_the_others():
    result = run("check", str(DATA / "malformed.yaml"), str(COMPLIANT), "--as-of", "2026-12-01")
    assert result.exit_code == 2
    assert "malformed.yaml: cannot check" in result.output
    assert "minuska-2026.yaml (MINUSKA): no findings" in result.output
    assert "1 file could not be checked" in result.output


@pytest.mark.parametrize(("name", "expected"), [
    ("bad-ruleset-unknown-citation.yaml",
     "bad-ruleset-unknown-citation.yaml:6:13: rule LOCAL-001: unknown requirement id 'T4.prioritisation'; "
     "did you mean 'T4.prioritization'? (at /rules/0/cites/0)"),
    ("bad-ruleset-condition.yaml",
     "bad-ruleset-condition.yaml:8:21: rule LOCAL-002: 'matrix_row' has no field 'work_plan'; "
     "did you mean 'workplan'? (at /rules/0/expect/that/work_plan)"),
])
def test_bad_rulesets_are_located(name, expected):
    result = run("check", str(COMPLIANT), "--ruleset", str(DATA / name))
    assert result.exit_code == 2
    assert expected in result.output


@pytest.mark.parametrize(("args", "expected"), [
    (["--as-of", "01/12/2026"], "--as-of expects a date as YYYY-MM-DD"),
    (["--format", "xml"], "--format must be one of text, json, sarif, junit, markdown, github, html"),
    (["--fail-on", "fatal"], "--fail-on must be one of error, warning, info, never"),
    (["--ruleset", "framework-2012"], "no ruleset named 'framework-2012'; did you mean 'framework-2011'?"),
    (["--select", "POC-Z"], "--select/--ignore 'POC-Z' matches no rule"),
    (["--param", "POC-FW-006.window=30"], "rule POC-FW-006 has no parameter 'window'; did you mean 'window_days'?"),
    (["--param", "window=30"], "--param expects RULE.NAME=VALUE"),
    (["--engine", "drools"], "--engine must be one of auto, durable, python, got 'drools'"),
    (["--output", "x.json", "-f", "json:a.json"], "--output names the file of the one --format given without :FILE"),
])
def test_usage_errors(args, expected):
    result = run("check", str(COMPLIANT), *args)
    assert result.exit_code == 2
    assert expected in result.output

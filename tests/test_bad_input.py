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


def findings_of(path, *args):
    """(exit code, findings of the one file) from a JSON report."""
    import json

    result = run("check", str(path), "-f", "json", "--as-of", "2026-12-01", *args)
    files = json.loads(result.stdout)["files"]
    return result.exit_code, files[0]["findings"]


def one(findings, rule, pointer):
    found = [f for f in findings if f["rule"] == rule and f["pointer"] == pointer]
    assert len(found) == 1, (rule, pointer, [(f["rule"], f["pointer"]) for f in findings])
    return found[0]


def test_misspelled_key_is_a_located_finding_and_the_rest_is_checked(tmp_path):
    path, lines = write_variant(tmp_path, [{"set": "/risk_analysis/risks/0/likelyhood", "value": 3}])
    code, findings = findings_of(path)
    assert code == 1
    typo = one(findings, "POC-SCHEMA-001", "/risk_analysis/risks/0/likelyhood")
    assert typo["message"] == "unknown key 'likelyhood'; did you mean 'likelihood'?"
    assert typo["location"]["line"] == line_of(lines, "likelyhood:") and typo["location"]["column"] == 5
    # cited: where the Framework asks for risks, and that every template element is addressed
    assert typo["section"] == "B" and [c["id"] for c in typo["cites"]] == ["T3.priority-risks", "T0.all-elements"]
    assert "did you mean 'likelihood'?" in typo["fix"]
    # the compliant fixture has no other finding: the typo spoils nothing else
    assert [f["rule"] for f in findings] == ["POC-SCHEMA-001"]


def test_wrong_type_and_enum_name_what_was_expected_and_count_as_absent(tmp_path):
    path, lines = write_variant(tmp_path, [
        {"set": "/risk_analysis/risks/0/priority", "value": "yes"},
        {"set": "/purpose_scope/objectives/0/horizon", "value": "immediat"},
    ])
    code, findings = findings_of(path)
    assert code == 1
    flag = one(findings, "POC-SCHEMA-002", "/risk_analysis/risks/0/priority")
    assert "input should be a valid boolean (got 'yes')" in flag["message"]
    assert flag["cites"][0]["id"] == "T4.prioritization"  # the field's own requirement
    horizon = one(findings, "POC-SCHEMA-002", "/purpose_scope/objectives/0/horizon")
    assert "expected one of 'immediate', 'medium' or 'long' (got 'immediat'; did you mean 'immediate'?)" in horizon["message"]
    # the objective cannot do without its horizon: it counts as absent, and a rule that misses it says so
    assert f"the entry at line {line_of(lines, '- id: O1')}" in horizon["message"]
    depending = [f for f in findings if not f["rule"].startswith("POC-SCHEMA")]
    assert depending and all("This may follow from the problem at line" in f["message"] for f in depending)


def test_missing_required_section_counts_as_empty(tmp_path):
    path, _ = write_variant(tmp_path, [{"remove": "/risk_analysis"}])
    code, findings = findings_of(path)
    assert code == 1
    missing = one(findings, "POC-SCHEMA-003", "/risk_analysis")
    assert missing["message"] == "required field 'risk_analysis' is missing"
    assert {"POC-B-001", "POC-SCHEMA-004"} <= {f["rule"] for f in findings}  # no risks; matrix rows name none


def test_a_history_event_missing_a_field_its_own_type_requires_is_reported_not_a_traceback(tmp_path):
    # a mandate change's summary is optional, a context change's is not: the event's type decides
    path, lines = write_variant(tmp_path, [{"append": "/history", "value": {"type": "context_change",
                                                                           "date": "2026-05-10"}}])
    code, findings = findings_of(path)
    assert code == 1
    missing = one(findings, "POC-SCHEMA-003", f"/history/{len(yaml.safe_load(path.read_text())['history']) - 1}/summary")
    assert missing["message"] == ("required field 'summary' is missing; this entry is left out of the check "
                                  "until this is fixed")  # the entry's line is the finding's own: not said twice
    assert missing["fix"] == "Add the missing field 'summary'; until then the entry counts as absent."


def test_no_mission_identity_is_not_a_strategy(tmp_path):
    path, _ = write_variant(tmp_path, [{"remove": "/mission/acronym"}, {"set": "/risk_analysis/risks/0/x", "value": 1}])
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "cannot check" in result.output and "required field 'acronym' is missing (at /mission/acronym)" in result.output
    assert "unknown key 'x'" in result.output  # every problem is still listed


MISSION_VERSION_PERIOD = {  # what is wrong -> (patch, the line the problem is on, {(rule, pointer): text of the message})
    "the mandate does not say whether it covers imminent threat": (
        [{"remove": "/mission/mandate/imminent_threat"}], "mandate:",
        {("POC-B-020", "/mission/mandate/imminent_threat"):
         "The strategy does not say whether the mandate tasks MINUSKA to protect civilians under imminent threat"}),
    "integrated in words": (
        [{"set": "/mission/integrated", "value": "yes"}], "integrated:",
        {("POC-SCHEMA-002", "/mission/integrated"): "input should be a valid boolean (got 'yes')",
         ("POC-A-015", "/mission/integrated"): "This may follow from the problem at line {line}"}),
    "a misspelled key in the mission block": (
        [{"remove": "/mission/integrated"}, {"set": "/mission/integratd", "value": True}], "integratd:",
        {("POC-SCHEMA-001", "/mission/integratd"): "unknown key 'integratd'; did you mean 'integrated'?",
         ("POC-A-015", "/mission/integrated"): "This may follow from the problem at line {line}"}),
    "an end date in words": (
        [{"set": "/period/end", "value": "next year"}], "end: next year",
        {("POC-SCHEMA-002", "/period/end"): "expected a date as YYYY-MM-DD (got 'next year')",
         ("POC-FW-065", "/period"): "The strategy does not state the period it covers"}),
    "an end date that does not exist": (
        [{"set": "/period/end", "value": "2026-13-31"}], "end: '2026-13-31'",
        {("POC-SCHEMA-002", "/period/end"): "not a day of the calendar (month must be in 1..12) (got '2026-13-31')",
         ("POC-FW-065", "/period"): "This may follow from the problem at line"}),
    "no version": (
        [{"remove": "/version"}], None,
        {("POC-FW-066", "/version"): "The strategy has no version label"}),
    "a period that ends before it starts": (
        [{"set": "/period/end", "value": "2025-12-01"}], "end: '2025-12-01'",
        {("POC-FW-001", "/period"): "The strategy period runs 2026-01-01 to 2025-12-01; the Framework asks for one year",
         ("POC-J-011", "/period/end"): "The strategy's period ended on 2025-12-01"}),
}


@pytest.mark.parametrize("what", sorted(MISSION_VERSION_PERIOD))
def test_a_problem_in_the_mission_version_or_period_is_a_finding_and_the_rest_is_checked(tmp_path, what):
    from pocrules import sources

    ops, needle, expected = MISSION_VERSION_PERIOD[what]
    path, lines = write_variant(tmp_path, ops)
    code, findings = findings_of(path, "--fail-on", "info")
    assert code == 1, what  # checked, not refused: exit 1 as the findings are at or above --fail-on
    # exactly these findings: the compliant fixture has none, so nothing unrelated appears
    assert {(f["rule"], f["pointer"]) for f in findings} == set(expected)
    doc = sources.read(path)
    line = line_of(lines, needle) if needle else None
    for (rule, pointer), text in expected.items():
        found = one(findings, rule, pointer)
        assert text.format(line=line) in found["message"], found["message"]
        where = (found["location"]["line"], found["location"]["column"])
        assert where == doc.locate(pointer)  # where it is, or where it belongs when it is missing
        if rule.startswith("POC-SCHEMA"):
            assert where[0] == line
    assert run("check", str(path), "--as-of", "2026-12-01", "--fail-on", "never").exit_code == 0


def test_a_schema_problem_in_the_mission_block_cites_where_the_framework_asks_for_it(tmp_path):
    path, _ = write_variant(tmp_path, [{"set": "/mission/integrated", "value": "yes"},
                                       {"set": "/mission/mandate/imminent_threat", "value": "no"},
                                       {"set": "/version", "value": 2026.1}])
    _, findings = findings_of(path)
    cited = {f["pointer"]: f["cites"][0]["id"] for f in findings if f["rule"] == "POC-SCHEMA-002"}
    assert cited == {"/mission/integrated": "T2.isf-link", "/mission/mandate/imminent_threat": "F3.mandate-applicability",
                     "/version": "T2.annual-review"}


def test_reference_to_undeclared_actor_and_risk(tmp_path):
    path, lines = write_variant(tmp_path, [
        {"set": "/implementation_matrix/0/lead", "value": "forse"},
        {"set": "/implementation_matrix/1/risk", "value": "R99"},
    ])
    code, findings = findings_of(path)
    assert code == 1
    lead = one(findings, "POC-SCHEMA-004", "/implementation_matrix/0/lead")
    assert lead["message"] == "'forse' is not a declared actor; did you mean 'force'?"
    assert lead["location"]["line"] == line_of(lines, "lead: forse")
    assert "'R99' is not a declared risk" in one(findings, "POC-SCHEMA-004", "/implementation_matrix/1/risk")["message"]
    # the lead counts as absent: the activity has no lead, and that finding says why
    no_lead = one(findings, "POC-C-002", "/implementation_matrix/0")
    assert f"problem at line {lead['location']['line']}" in no_lead["message"]


def test_input_rules_are_rules(tmp_path):
    """Listed, documented, switched off and selected like any rule."""
    listed = run("rules")
    assert "POC-SCHEMA-001" in listed.output and "Every key is one the template knows" in listed.output
    shown = run("rules", "show", "SCHEMA-004")
    assert shown.exit_code == 0 and "lead: forse" in shown.output
    path, _ = write_variant(tmp_path, [{"set": "/risk_analysis/risks/0/likelyhood", "value": 3}])
    code, findings = findings_of(path, "--ignore", "POC-SCHEMA-001")
    assert code == 0 and findings == []
    code, findings = findings_of(path, "--fail-on", "never")
    assert code == 0 and [f["rule"] for f in findings] == ["POC-SCHEMA-001"]


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
    (["--output", "x.json"], "No such option: --output"),
])
def test_usage_errors(args, expected):
    result = run("check", str(COMPLIANT), *args)
    assert result.exit_code == 2
    assert expected in result.output


def test_every_model_and_field_requirement_is_in_the_catalogue():
    """Input findings cite where the Framework asks for the data: those ids must exist."""
    import typing

    from pydantic import BaseModel

    from pocrules.catalogue import requirements
    from pocrules.model import Strategy

    seen, todo, named = set(), [Strategy], []
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        named += [model.requirement] if model.requirement else []
        for info in model.model_fields.values():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            named += [extra["requirement"]] if "requirement" in extra else []
            args = [info.annotation]
            while args:
                a = args.pop()
                if isinstance(a, type) and issubclass(a, BaseModel):
                    todo.append(a)
                args += list(typing.get_args(a))
    assert len(named) > 40 and set(named) <= set(requirements())

"""One finding per cause (depends_on), drafts not judged on endorsement (final_only), and plain words."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
import yaml
from typer.testing import CliRunner

from pocrules import sources
from pocrules.cli import app
from pocrules.errors import InputError
from pocrules.rules import ruleset as rulesets

from .conftest import COMPLIANT
from .rulecases import apply, load_cases, patched

runner = CliRunner()


def _check(checker, ops):
    text = yaml.safe_dump(apply(yaml.safe_load(COMPLIANT.read_text(encoding="utf-8")), tuple(ops)), sort_keys=False)
    return checker.check_document(sources.parse(text, "variant.yaml"))


def test_an_empty_matrix_is_reported_once_and_its_consequences_are_counted(checker):
    result = _check(checker, [{"set": "/implementation_matrix", "value": []}])
    rules = [f.rule for f in result.findings]
    assert rules.count("POC-FW-028") == 1
    assert not {"POC-C-001", "POC-C-004", "POC-C-005"} & set(rules)
    assert ("POC-C-001", "POC-FW-028", 4) in result.suppressed    # the four priority risks
    assert ("POC-C-004", "POC-FW-028", 3) in result.suppressed    # civilian, military, police


@pytest.mark.parametrize("sections, parent", [(["capacities"], "POC-F-011"), (["expectations"], "POC-I-005"),
                                              (["monitoring"], "POC-J-015"), (["early_warning", "crisis_response"], "POC-E-009")])
def test_an_unwritten_section_is_reported_once_as_the_cause(checker, sections, parent):
    result = _check(checker, [{"remove": "/" + s} for s in sections])
    section = parent.split("-")[1]
    assert [f.rule for f in result.findings if f.section == section] == [parent]
    assert result.suppressed and {by for _, by, _ in result.suppressed} == {parent}


def test_a_dependant_reports_when_its_parent_passes(checker):
    result = _check(checker, [{"drop": "/implementation_matrix", "where": {"risk": "R3"}}])
    assert [f.pointer for f in result.findings if f.rule == "POC-C-001"] == ["/risk_analysis/risks/2"]
    assert result.suppressed == ()


def test_an_expired_strategy_is_reported_as_expired_not_as_overdue(checker):
    import dataclasses
    import datetime as dt

    later = dataclasses.replace(checker, as_of=dt.date(2027, 9, 1))
    result = _check(later, [{"drop": "/history", "where": {"type": "review"}}])
    assert "POC-J-011" in {f.rule for f in result.findings}
    assert "POC-A-005" not in {f.rule for f in result.findings}
    assert ("POC-A-005", "POC-J-011", 1) in result.suppressed


def test_a_draft_is_not_judged_on_endorsement_and_the_report_says_so(checker):
    result = _check(checker, [{"set": "/status", "value": "draft"}, {"set": "/endorsements", "value": []}])
    assert not {"POC-FW-004", "POC-FW-063"} & {f.rule for f in result.findings}
    assert {"POC-FW-004", "POC-FW-005", "POC-FW-030", "POC-FW-031", "POC-FW-063"} <= set(result.deferred)
    final = _check(checker, [{"set": "/endorsements", "value": []}])
    assert {"POC-FW-004", "POC-FW-063"} <= {f.rule for f in final.findings} and final.deferred == ()


def test_reports_show_suppressed_and_deferred_rules(tmp_path):
    data = apply(yaml.safe_load(COMPLIANT.read_text(encoding="utf-8")),
                 ({"set": "/status", "value": "draft"}, {"set": "/implementation_matrix", "value": []}))
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    doc = json.loads(runner.invoke(app, ["check", str(path), "--as-of", "2026-12-01", "-f", "json"]).output)
    entry = doc["files"][0]
    assert {"rule": "POC-C-001", "by": "POC-FW-028", "count": 4} in entry["suppressed"]
    assert "POC-FW-004" in entry["deferred"]
    text = runner.invoke(app, ["check", str(path), "--as-of", "2026-12-01"]).output
    hidden = [s for s in entry["suppressed"] if s["by"] == "POC-FW-028"]
    assert len(hidden) > 1  # one line for the cause, however many rules it explains
    rules, total = ", ".join(s["rule"] for s in hidden), sum(s["count"] for s in hidden)
    cause = next(f["message"] for f in entry["findings"] if f["rule"] == "POC-FW-028")
    assert f'{total} more findings are not shown: they follow from POC-FW-028 "{cause}" (checks {rules})' in text
    assert text.count("they follow from POC-FW-028") == 1
    assert ("Not judged while the strategy is a draft (they apply to the final strategy): "
            "POC-FW-004 (The final strategy is endorsed by the Head of Mission); ") in text
    markdown = runner.invoke(app, ["check", str(path), "--as-of", "2026-12-01", "-f", "markdown"]).output
    assert markdown.count("they follow from POC-FW-028") == 1
    assert "POC-FW-004 (The final strategy is endorsed by the Head of Mission)" in markdown


def test_a_cause_is_named_by_its_finding_and_else_by_its_title(checker):
    from pocrules.reporters import settled_text

    result = _check(checker, [{"set": "/implementation_matrix", "value": []}])
    cause = next(f for f in result.findings if f.rule == "POC-FW-028")
    one = dataclasses.replace(result, suppressed=(("POC-C-001", "POC-FW-028", 1),), deferred=())
    assert settled_text(one, {}) == [f'1 more finding is not shown: it follows from POC-FW-028 "{cause.message}" '
                                     "(check POC-C-001)"]
    # two findings of the cause that say different things: the rule's title names it, or its id alone
    twice = dataclasses.replace(one, findings=(*one.findings, dataclasses.replace(cause, message="Another.")))
    assert settled_text(twice, {"POC-FW-028": "Activities are planned"})[0].endswith(
        "it follows from POC-FW-028 (Activities are planned) (check POC-C-001)")
    assert settled_text(twice, {})[0].endswith("it follows from POC-FW-028 (check POC-C-001)")


def test_every_finding_shows_the_framework_word(tmp_path):
    out = runner.invoke(app, ["check", str(COMPLIANT.parent / "minuska-2026-stale.yaml"), "--as-of", "2026-12-01",
                              "-f", "json"]).output
    findings = json.loads(out)["files"][0]["findings"]
    assert findings and all(f["modality"] in ("shall", "must", "should", "may", "required") or f["modality"]
                            for f in findings)
    assert all(c["modality"] for f in findings for c in f["cites"])
    shown = runner.invoke(app, ["rules", "show", "POC-B-006"]).output
    assert "(Framework: required)" in shown


def test_a_rule_that_depends_on_an_unknown_rule_is_a_ruleset_error(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"extends": "framework-2011", "rules": [{
        "id": "LOCAL-X-001", "title": "t", "severity": "info", "cites": ["T1.purpose"], "depends_on": ["POC-C-999"],
        "expect": {"that": {"purpose_scope.purpose": {"present": True}}}, "message": "m", "fix": "f",
        "docs": {"description": "d", "rationale": "r", "bad": "a", "good": "b"}}]}), encoding="utf-8")
    with pytest.raises(InputError, match="depends on unknown rule 'POC-C-999'"):
        rulesets.load(str(path))


_CODE = re.compile(r"(?<![`\w/.{-])[a-z]+_[a-z_]+(?![\w`}])")


def test_messages_use_names_not_vocabulary_codes(checker):
    """No finding of any failing rule case shows a code such as police_commissioner."""
    import dataclasses

    coded = []
    for case in (c for c in load_cases() if c.kind == "fail"):
        run = dataclasses.replace(checker, as_of=case.as_of)
        for f in run.check_document(sources.parse(patched(case), "case.yaml")).findings:
            if f.rule == case.rule and not f.rule.startswith("POC-SCHEMA"):  # input errors name the key
                coded += [(f.rule, code) for code in _CODE.findall(f.message)]
    assert coded == []

"""Every rule passes and fails the cases written for it in rulesets/*/tests/*.yaml."""

from __future__ import annotations

import dataclasses

import pytest

from pocrules import sources

from .rulecases import Case, load_cases, patched

CASES = load_cases()


def _run(checker, case: Case):
    doc = sources.parse(patched(case), f"{case.rule}.yaml")
    run = dataclasses.replace(checker, as_of=case.as_of)
    return [f for f in run.check_document(doc).findings if f.rule == case.rule], doc


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(checker, case: Case):
    findings, doc = _run(checker, case)
    if case.kind == "pass":
        assert findings == [], f"{case.rule} should pass '{case.name}' but reported {findings}"
        return
    assert sorted(f.pointer for f in findings) == sorted(e.pointer for e in case.expect)
    unmatched = list(findings)  # each expectation claims its own finding, even at a shared pointer
    for expected in case.expect:
        finding = next((f for f in unmatched if f.pointer == expected.pointer and expected.message in f.message), None)
        assert finding is not None, f"no finding at {expected.pointer} says {expected.message!r}: {findings}"
        unmatched.remove(finding)
        assert (finding.line, finding.column) == doc.locate(expected.pointer)


def test_every_rule_has_a_passing_and_a_failing_case(ruleset):
    kinds = {(c.rule, c.kind) for c in CASES}
    missing = [f"{r.id}:{k}" for r in ruleset.rules for k in ("pass", "fail") if (r.id, k) not in kinds]
    assert missing == [], f"rules without test cases: {missing}"


def test_every_case_names_a_rule_and_fail_cases_expect_findings(ruleset):
    ids = {r.id for r in ruleset.rules}
    assert {c.rule for c in CASES} <= ids
    assert all(c.expect for c in CASES if c.kind == "fail")

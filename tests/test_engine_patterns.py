"""A reviewer's regular expression cannot hang a check: patterns are matched in linear time (RE2).

Before, ``(a+)+$`` against a 41-character title backtracked for longer than any budget.
"""

from __future__ import annotations

import pytest
import yaml

from pocrules import engine as engines
from pocrules import facts, loader
from pocrules.errors import InputError
from pocrules.rules import ruleset as rulesets

from .conftest import AS_OF, COMPLIANT, ENGINE_NAMES

DOCS = {"description": "d", "rationale": "r", "bad": "b", "good": "g"}


def _ruleset(tmp_path, pattern: str):
    rule = {"id": "LOCAL-B-001", "title": "t", "severity": "warning", "cites": ["T4.prioritization"],
            "message": "Risk {risk.id} has a suspicious title.", "fix": "f", "docs": DOCS,
            "for_each": "risk", "expect": {"that": {"title": {"matches": pattern}}}}
    path = tmp_path / "patterns.yaml"
    path.write_text(yaml.safe_dump({"extends": [], "section": "B", "rules": [rule]}))
    return rulesets.load(str(path))


def test_a_catastrophic_pattern_is_matched_in_linear_time_on_both_engines(tmp_path):
    ruleset = _ruleset(tmp_path, "^(a+)+$")
    strategy, _ = loader.load(COMPLIANT)
    fs = facts.build(strategy, AS_OF)
    risks = [f for f in fs.facts if f["kind"] == "risk"]
    risks[0]["title"] = "a" * 41 + "!"  # no match: a backtracking engine tries 2**41 ways first
    risks[1]["title"] = "a" * 41  # a match
    facts.derive(fs, ruleset.patterns)
    results = {name: engines.create(ruleset, name).evaluate(fs, budget=60) for name in ENGINE_NAMES}
    assert len({tuple(r) for r in results.values()}) == 1
    failing = {fs.pointers[m.fact("x")] for m in results["python"]}
    assert fs.pointers[risks[0]["id"]] in failing and fs.pointers[risks[1]["id"]] not in failing


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?<=x)y", r"x(?!y)"])
def test_a_pattern_that_needs_backtracking_is_a_located_ruleset_error(tmp_path, pattern, capfd):
    with pytest.raises(InputError) as info:
        _ruleset(tmp_path, pattern)
    problem = info.value.problems[0]
    assert problem.pointer == "/rules/0/expect/that/title/matches"
    assert "linear time" in problem.message and "look-around" in problem.message
    assert capfd.readouterr().err == ""  # RE2 logs its parse errors unless told not to



def test_searches_are_remembered_per_expression_and_text_within_bounds(monkeypatch):
    """An audit's strategies repeat their titles and codes: a search made before is not made again."""
    from pocrules.rules.ir import compile_pattern

    monkeypatch.setattr(facts, "_FOUND", {})
    sexual, child = compile_pattern("(?i)sexual"), compile_pattern("(?i)child")
    assert facts._found(sexual, "Sexual violence") and not facts._found(child, "Sexual violence")
    assert facts._FOUND == {(sexual, "Sexual violence"): True, (child, "Sexual violence"): False}
    assert facts._found(sexual, "sexual " + "x" * facts._FOUND_TEXT)  # too long to keep
    assert len(facts._FOUND) == 2
    for i in range(facts._FOUND_ENTRIES):
        facts._found(child, f"title {i}")
    assert 0 < len(facts._FOUND) <= facts._FOUND_ENTRIES

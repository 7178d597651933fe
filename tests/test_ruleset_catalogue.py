"""The packaged ruleset against the requirement catalogue: coverage and severities."""

from __future__ import annotations

import re

from pocrules.catalogue import requirements


def test_every_requirement_is_cited_by_a_rule(ruleset):
    cited = {c for r in ruleset.rules for c in r.rule.cites}
    missing = [rid for rid in requirements() if rid not in cited]
    assert missing == [], f"requirements no rule cites: {missing}"


_LOWER = re.compile(r"heuristic|presence-only", re.I)


def test_severity_follows_the_framework_verb_of_the_first_citation(ruleset):
    """shall/must -> error, should -> warning, may -> info; lower only for a documented heuristic or proxy."""
    catalogue = requirements()
    order = ("error", "warning", "info")
    wrong = []
    for r in ruleset.rules:
        default = catalogue[r.rule.cites[0]].default_severity
        lower = order.index(r.severity) > order.index(default)
        if r.severity != default and not (lower and _LOWER.search(r.rule.docs.limits or "")):
            wrong.append((r.id, r.severity, default))
    assert wrong == []


def test_catalogue_severity_follows_the_modality():
    expected = {"shall": "error", "must": "error", "should": "warning", "may": "info"}
    wrong = [(r.id, r.modality, r.default_severity) for r in requirements().values()
             if r.modality in expected and r.default_severity != expected[r.modality]]
    assert wrong == []
    assert len(requirements()) == 84


def test_every_rule_is_documented_with_a_bad_and_a_good_example(ruleset):
    for r in ruleset.rules:
        docs = r.rule.docs
        assert docs.description and docs.rationale and docs.bad.strip() and docs.good.strip(), r.id
        assert docs.bad != docs.good, r.id

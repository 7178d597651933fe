"""The packaged ruleset against the requirement catalogue: coverage and severities."""

from __future__ import annotations

from pocrules.catalogue import requirements


def test_every_requirement_is_cited_by_a_rule(ruleset):
    cited = {c for r in ruleset.rules for c in r.rule.cites}
    missing = [rid for rid in requirements() if rid not in cited]
    assert missing == [], f"requirements no rule cites: {missing}"


def test_severity_follows_the_catalogue_default_of_the_first_citation(ruleset):
    catalogue = requirements()
    wrong = [(r.id, r.severity, catalogue[r.rule.cites[0]].default_severity)
             for r in ruleset.rules if r.severity != catalogue[r.rule.cites[0]].default_severity]
    assert wrong == []


def test_every_rule_is_documented_with_a_bad_and_a_good_example(ruleset):
    for r in ruleset.rules:
        docs = r.rule.docs
        assert docs.description and docs.rationale and docs.bad.strip() and docs.good.strip(), r.id
        assert docs.bad != docs.good, r.id

"""The fact builder: what the rules read is the same whether it builds only that or everything."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from pocrules import engine as engines
from pocrules import facts, sources
from pocrules.check import Checker
from pocrules.salvage import salvage

from .conftest import AS_OF, FIXTURES
from .strategies import dump, variants

DOCUMENTS = [p for p in sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "missions").glob("*.yaml"))
             if "corrupted" not in p.name]


def _by_pointer(fs: facts.Facts) -> dict[str, facts.Fact]:
    return {fs.pointers[f["id"]]: f for f in fs.facts}


def _same_where_read(strategy, ruleset) -> None:
    needs = Checker(ruleset, None, AS_OF).needs
    every, needed = _by_pointer(facts.build(strategy, AS_OF)), _by_pointer(facts.build(strategy, AS_OF, needs))
    assert set(needed) == {p for p, f in every.items() if f["kind"] in needs}  # every element of a kind read
    for pointer, fact in needed.items():
        read = needs[fact["kind"]]
        assert {k: v for k, v in fact.items() if k in read} == {k: v for k, v in every[pointer].items() if k in read}
        assert set(fact) - {"id", "kind"} <= read | set(facts.ENRICHED.get(fact["kind"], ())), pointer


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_facts_built_for_the_rules_hold_what_they_read_as_the_full_facts_do(ruleset, path):
    _same_where_read(salvage(sources.read(path)).strategy, ruleset)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(variants())
def test_the_same_on_generated_strategies(ruleset, variant):
    data, _ = variant
    _same_where_read(salvage(sources.parse(dump(data), "generated.yaml")).strategy, ruleset)


@pytest.mark.parametrize("path", DOCUMENTS[:3], ids=lambda p: p.name)
def test_the_full_facts_carry_only_fields_a_rule_may_name(path):
    for fact in facts.build(salvage(sources.read(path)).strategy, AS_OF).facts:
        assert set(fact) - {"id", "kind"} <= facts.fields_of(fact["kind"]), fact["kind"]


@pytest.mark.skipif(not engines.durable_available(), reason="durable_rules is not installed")
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_facts_built_in_the_durable_form_are_what_the_engine_sends_of_facts_built_by_name(ruleset, path):
    """The checker has the fact builder build the durable engine's facts in its names: what it would copy them into."""
    from pocrules.engine import durable

    checker = Checker(ruleset, durable.DurableEngine(ruleset), AS_OF)
    strategy = salvage(sources.read(path)).strategy
    by_name = facts.build(strategy, AS_OF, checker.needs)
    in_form = facts.build(strategy, AS_OF, checker.needs, checker.engine.form)
    facts.derive(by_name, ruleset.patterns)
    facts.derive(in_form, ruleset.patterns)
    assert in_form.form is checker.engine.form and by_name.form is None
    assert durable.sent(in_form, checker.engine.form) == durable.sent(by_name, checker.engine.form) != []
    assert (in_form.facts[-1], in_form.pointers) == (by_name.facts[-1], by_name.pointers)

"""Ruleset size is bounded by memory, not by durable_rules' fixed node tables.

durable_rules 2.0.28 refused a ruleset once 257 of its rules began with the same
bare trigger (error 108); the engine now spreads rules over several durable
rulesets (pocrules.engine.partition).
"""

from __future__ import annotations

import json

import pytest
import yaml

from pocrules import engine as engines
from pocrules.errors import InputError
from pocrules import facts, loader
from pocrules.engine import partition
from pocrules.rules import ruleset as rulesets

from .conftest import AS_OF, COMPLIANT, ENGINE_NAMES, FIXTURES

DOCS = {"description": "d", "rationale": "r", "bad": "b", "good": "g"}


def _rule(i: int) -> dict:
    """Generated rules of four shapes; most share the bare trigger, several share alpha nodes."""
    base = {"id": f"GEN-{i:04d}", "title": f"generated {i}", "severity": "warning", "cites": ["T4.prioritization"],
            "message": f"generated {i}", "fix": "f", "docs": DOCS}
    shape = i % 4
    if shape == 0:
        return {**base, "for_each": "risk", "where": {"score": {"gte": i % 26}}, "expect": {"that": {"priority": True}}}
    if shape == 1:
        return {**base, "expect": {"exists": "consultation", "where": {"category": "host_government"}}}
    if shape == 2:
        return {**base, "expect": {"that": {"period.days": {"gte": 300 + i % 700}}}}
    return {**base, "expect": {"none": "risk", "where": {"gravity": {"gte": 1 + i % 5}, "likelihood": {"gte": 5}}}}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text(yaml.safe_dump({"extends": [], "section": "B", "rules": [_rule(i) for i in range(2000)]}))
    return rulesets.load(str(path))


def test_a_2000_rule_ruleset_gives_the_same_findings_on_both_engines(generated):
    assert len(generated.rules) == 2000
    for path in (COMPLIANT, FIXTURES / "minuska-2026-stale.yaml"):
        strategy, _ = loader.load(path)
        fs = facts.build(strategy, AS_OF)
        results = {name: engines.create(generated, name).evaluate(fs, budget=120) for name in ENGINE_NAMES}
        assert len({tuple(r) for r in results.values()}) == 1
        fired = {m.query for m in results["python"]}
        assert len(fired) > 500  # every shape fires somewhere, so agreement means something


def test_rules_sharing_one_node_are_spread_below_the_engine_table():
    rule = {"all": [{"d": {"kind": "strategy"}}, {"x": {"$and": [{"kind": "risk"}, {"score": 3}]}}]}
    groups = partition.partition([rule] * 1000)
    assert sum(map(len, groups)) == 1000
    assert max(map(len, groups)) <= partition.MAX_JOINS < 256


def test_distinct_follow_on_tests_are_spread_below_the_engine_table():
    rules = [{"all": [{"d": {"$and": [{"kind": "strategy"}, {"days": i}]}}]} for i in range(1500)]
    groups = partition.partition(rules)
    assert max(map(len, groups)) <= partition.MAX_FOLLOWERS < 512


@pytest.mark.skipif("durable" not in ENGINE_NAMES, reason="durable_rules is not installed")
def test_a_strategy_passing_many_tests_at_once_stays_within_durables_stack(ruleset):
    """Lists holding none of the expected values pass many tests on one node at once.

    In one durable ruleset they overflowed its 64-entry evaluation stack (error 303).
    """
    strategy = {"id": "f0", "kind": "strategy", "as_of": AS_OF.toordinal(), "mission.integrated": True,
                "mission.context.protection_cluster_strategy_exists": True,
                "mission.context.state_force_violations_recorded": True}
    for name in ("crisis_response.components", "purpose_scope.principles.bodies_of_law", "roles.legal_obligations",
                 "monitoring.lessons_learned.feeds_into", "risk_analysis.participant_kinds",
                 "risk_analysis.validated_with", "expectations.audiences"):
        strategy[name] = ["other"]
    fs = facts.Facts([strategy], {"f0": ""})
    found = engines.create(ruleset, "durable").evaluate(fs)
    assert found == engines.create(ruleset, "python").evaluate(fs) != []


def _one_rule(tmp_path, rule: dict):
    path = tmp_path / "one.yaml"
    path.write_text(yaml.safe_dump({"extends": [], "section": "B", "rules": [{**_rule(0), **rule}]}))
    return rulesets.load(str(path))


def test_a_rule_with_too_many_alternatives_is_a_ruleset_error_not_an_explosion(tmp_path):
    """Twelve any: pairs would be 4,096 durable rules; sixty would never finish compiling."""
    pairs = [{"any": [{"score": {"gte": i}}, {"gravity": {"gte": i}}]} for i in range(60)]
    with pytest.raises(InputError, match="combine into more than 1024 cases; split it") as info:
        _one_rule(tmp_path, {"where": {"all": pairs}})
    assert info.value.problems[0].pointer == "/rules/0"
    assert len(_one_rule(tmp_path, {"where": {"all": pairs[:8]}}).queries) == 1  # 256 cases are fine


def test_a_condition_with_too_many_comparisons_is_a_ruleset_error(tmp_path):
    """durable_rules refused 41 comparisons with the strategy in one condition (error 113) with a traceback."""
    where = {"all": [{"gravity": {"lte": f"$strategy.period.days - {i}"}} for i in range(41)]}
    with pytest.raises(InputError, match="compares with other elements 41 times; at most 24"):
        _one_rule(tmp_path, {"where": where})


durable_only = pytest.mark.skipif("durable" not in ENGINE_NAMES, reason="durable_rules does not import here")


@durable_only
def test_the_partition_is_remembered_between_runs_and_a_change_is_partitioned_again(ruleset, tmp_path, monkeypatch):
    from pocrules.engine import durable

    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    rules = [rule for q in ruleset.queries for rule in durable.translate(q, durable.short_names(ruleset.fields))]
    fresh = partition.partition(rules)
    assert durable.remembered_partition(rules) == fresh  # cold: partitioned and stored
    assert len(list(tmp_path.rglob("*.json"))) == 1

    def refuse(rules):
        raise AssertionError("partitioned again although nothing changed")

    monkeypatch.setattr(partition, "partition", refuse)
    assert durable.remembered_partition(rules) == fresh  # warm: read back, the same groups
    monkeypatch.undo()
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    fewer = rules[1:]
    assert durable.remembered_partition(fewer) == partition.partition(fewer)
    assert len(list(tmp_path.rglob("*.json"))) == 2


@durable_only
@pytest.mark.parametrize("content", [
    "", "{", "[]", "null", '{"format": 1, "key": "someone else\'s", "groups": [[0]]}',
    '{"format": 0, "key": "KEY", "groups": GROUPS}',
    '{"format": 1, "key": "KEY", "groups": "0-9"}',
    '{"format": 1, "key": "KEY", "groups": [[0, 1, 2]]}',  # not every rule
    '{"format": 1, "key": "KEY", "groups": [ALL, [0]]}',  # a rule twice
    '{"format": 1, "key": "KEY", "groups": [[1, 0], REST]}',  # out of order
    '{"format": 1, "key": "KEY", "groups": [[0.0], REST]}',
    '{"format": 1, "key": "KEY", "groups": [[true], REST]}',
    '{"format": 1, "key": "KEY", "groups": [[], ALL]}',
])
def test_a_corrupted_or_foreign_partition_entry_is_ignored_and_rebuilt(ruleset, tmp_path, monkeypatch, content):
    from pocrules.engine import durable

    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    rules = [rule for q in ruleset.queries for rule in durable.translate(q, durable.short_names(ruleset.fields))]
    fresh = partition.partition(rules)
    durable.remembered_partition(rules)
    entry = next(tmp_path.rglob("*.json"))
    key = json.loads(entry.read_text())["key"]
    numbers = list(range(len(rules)))
    entry.write_text(content.replace("KEY", key).replace("GROUPS", json.dumps([numbers]))
                     .replace("ALL", json.dumps(numbers)).replace("REST", json.dumps(numbers[2:] if "[1, 0]" in content
                                                                                   else numbers[1:])))
    assert durable.remembered_partition(rules) == fresh
    number = {id(rule): i for i, rule in enumerate(rules)}
    assert json.loads(entry.read_text())["groups"] == [[number[id(r)] for r in g] for g in fresh]  # rebuilt
    assert durable.DurableEngine(ruleset).evaluate(
        facts.build(loader.load(COMPLIANT)[0], AS_OF)) == engines.create(ruleset, "python").evaluate(
        facts.build(loader.load(COMPLIANT)[0], AS_OF))


@pytest.fixture
def known(tmp_path, monkeypatch):
    """The packaged ruleset as the compiled-ruleset cache gives it (so it is known by its source), cache in tmp_path."""
    from pocrules.rules import stored

    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    return stored.load(["framework-2011"])


def _translations(tmp_path):
    return list((tmp_path / "translations").rglob("*.json"))


@durable_only
def test_a_known_rulesets_translation_is_remembered_and_an_unknown_one_is_not_stored(known, tmp_path, monkeypatch):
    from pocrules.engine import durable

    assert known.source is not None
    fresh = durable.translation(known)
    cold = durable.DurableEngine(known)  # translated and stored
    assert (cold._fields, cold._plans) == fresh and len(_translations(tmp_path)) == 1

    def refuse(ruleset):
        raise AssertionError("translated again although nothing changed")

    monkeypatch.setattr(durable, "translation", refuse)
    warm = durable.DurableEngine(known)
    assert (warm._fields, warm._plans) == fresh
    strategy, _ = loader.load(COMPLIANT)
    stale, _ = loader.load(FIXTURES / "minuska-2026-stale.yaml")
    for document in (strategy, stale):
        assert warm.evaluate(facts.build(document, AS_OF)) == engines.create(known, "python").evaluate(
            facts.build(document, AS_OF))
    monkeypatch.undo()
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    durable.DurableEngine(rulesets.load(["framework-2011"]))  # compiled afresh: not known, not stored
    assert len(_translations(tmp_path)) == 1


@durable_only
@pytest.mark.parametrize("damage", [
    lambda r: "",
    lambda r: "{",
    lambda r: json.dumps({**r, "key": "someone else's"}),
    lambda r: json.dumps({**r, "format": 0}),
    lambda r: json.dumps({**r, "fields": []}),
    lambda r: json.dumps({**r, "fields": {**r["fields"], "risk": [["score", "A", "yes"]]}}),
    lambda r: json.dumps({**r, "plans": [r["plans"][0][:3]]}),
    lambda r: json.dumps({**r, "plans": [["{", *r["plans"][0][1:]]]}),  # durable would refuse it
    lambda r: json.dumps({**r, "plans": [[json.dumps({"r0": {"all": []}}), *r["plans"][0][1:]]]}),  # other rules
    lambda r: json.dumps({**r, "plans": [[r["plans"][0][0], "strategy", *r["plans"][0][2:]]]}),
    lambda r: json.dumps({**r, "plans": [[*r["plans"][0][:2], {"r0": ["q", "d"]}, r["plans"][0][3]]]}),
    lambda r: json.dumps({**r, "plans": [[*r["plans"][0][:3], [["id", "id", 1]]]]}),
])
def test_a_corrupted_or_foreign_translation_entry_is_ignored_and_rebuilt(known, tmp_path, damage):
    from pocrules.engine import durable

    fresh = durable.translation(known)
    durable.DurableEngine(known)
    (entry,) = _translations(tmp_path)
    record = json.loads(entry.read_text())
    entry.write_text(damage(record))
    engine = durable.DurableEngine(known)
    assert (engine._fields, engine._plans) == fresh
    assert json.loads(entry.read_text()) == record  # rebuilt as it was


@durable_only
def test_a_translation_entry_others_may_write_is_not_used(known, tmp_path, monkeypatch):
    from pocrules.engine import durable

    durable.DurableEngine(known)
    (entry,) = _translations(tmp_path)
    entry.chmod(0o666)

    def translated(ruleset):
        calls.append(ruleset)
        return fresh(ruleset)

    calls, fresh = [], durable.translation
    monkeypatch.setattr(durable, "translation", translated)
    durable.DurableEngine(known)
    assert calls == [known]


@durable_only
def test_the_rules_a_selection_keeps_are_translated_once_too(tmp_path, monkeypatch):
    from pocrules.config import resolve
    from pocrules.engine import durable
    from pocrules.session import Session

    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    narrowed = Session(resolve({"select": ["POC-C"], "ignore": ["POC-C-003"]}, None)).ruleset
    other = Session(resolve({"select": ["POC-C"]}, None)).ruleset
    assert narrowed.source not in (None, other.source) and "POC-C-003" not in {r.id for r in narrowed.rules}
    fresh = durable.translation(narrowed)
    durable.DurableEngine(narrowed)

    def refuse(ruleset):
        raise AssertionError("translated again although nothing changed")

    monkeypatch.setattr(durable, "translation", refuse)
    again = Session(resolve({"select": ["POC-C"], "ignore": ["POC-C-003"]}, None)).ruleset
    warm = durable.DurableEngine(again)
    assert (warm._fields, warm._plans) == fresh

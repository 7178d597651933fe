"""How the durable engine talks to durable_rules' C core: names, projections, the ids read back."""

from __future__ import annotations

import types

import pytest

from pocrules import engine as engines
from pocrules import facts
from pocrules.rules import ir

from .conftest import ENGINE_NAMES

pytestmark = pytest.mark.skipif("durable" not in ENGINE_NAMES, reason="durable_rules is not installed")


def _fnv1a(name: str) -> int:
    """durable's hash of a property name (fnv1Hash32 in its state.c); it compares names by this alone."""
    value = 0x811C9DC5
    for byte in name.encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def test_every_short_name_hashes_apart_from_the_others_from_the_kinds_and_from_durables_own():
    """Each kind goes as a field named after it, which every alias tests (durable.projections)."""
    from pocrules.engine import durable

    every = {f"field{i}" for i in range(702)}
    names = durable.short_names({"strategy": every})
    sent = {*names.values(), *facts.KINDS, "sid", "$s", "$m"}
    assert len(sent) == 702 + 1 + len(facts.KINDS) + 3
    assert len({_fnv1a(n) for n in sent}) == len(sent)
    with pytest.raises(ValueError, match="703 distinct fields"):
        durable.short_names({"strategy": every | {"one_more"}})


def test_a_field_only_tested_for_presence_is_sent_as_1_and_the_others_as_they_are(ruleset):
    from pocrules.engine import durable

    projection = durable.projections(ruleset, durable.short_names(ruleset.fields))
    by_field = {field: valued for field, _, valued in projection["strategy"]}
    assert by_field["purpose_scope.purpose"] is False  # long text, only ever present or absent
    assert by_field["period.days"] is True  # compared with numbers
    assert by_field["id"] is True and next(iter(by_field)) == "id"  # first: the ids are read back from there


def test_text_that_looks_like_a_bound_fact_is_not_read_as_one():
    """Only fact ids are read from durable's answers; a text holding what an answer looks like changes nothing."""
    title = 'x":{"id":"f9"},"y":{"id":"f8'
    query = ir.Query("q1", None, (ir.Alias("x", "risk", ir.Test("title", "eq", ir.Const(title))),))
    ruleset = types.SimpleNamespace(source=None, queries=(query,), fields={"strategy": set(), "risk": {"title"}})
    rows = [{"id": f"f{i}", "kind": "risk", "title": title if i % 2 else "plain"} for i in range(4)]
    fs = facts.Facts([*rows, {"id": "f4", "kind": "strategy"}], {})
    found = engines.create(ruleset, "durable").evaluate(fs)
    assert [m.fact("x") for m in found] == ["f1", "f3"]
    assert found == engines.create(ruleset, "python").evaluate(fs)


def test_facts_that_no_rule_takes_leave_the_others_matches_whole():
    """durable answers 'not handled' when some fact enters no rule; the rest are matched all the same.

    Its Python wrapper raised on that answer and left the pending actions behind.
    """
    query = ir.Query("q1", None, (ir.Alias("x", "risk", ir.Test("score", "gte", ir.Const(5))),))
    ruleset = types.SimpleNamespace(source=None, queries=(query,), fields={"strategy": set(), "risk": {"score"}})
    rows = [{"id": f"f{i}", "kind": "risk", "score": i} for i in range(10)]  # f0 to f4 enter no rule
    fs = facts.Facts([*rows, {"id": "f10", "kind": "strategy"}], {})
    durable = engines.create(ruleset, "durable")
    for _ in range(2):  # and the session is left empty for the next document
        assert [m.fact("x") for m in durable.evaluate(fs)] == ["f5", "f6", "f7", "f8", "f9"]


def test_a_ruleset_without_rules_matches_nothing():
    ruleset = types.SimpleNamespace(source=None, queries=(), fields={"strategy": set()})
    assert engines.create(ruleset, "durable").evaluate(facts.Facts([{"id": "f0", "kind": "strategy"}], {})) == []


def test_an_error_while_taking_an_action_leaves_the_next_document_whole(monkeypatch):
    """durable locks a session while an action is taken: one left half-taken would hide the next document's matches."""
    from pocrules.engine import durable

    query = ir.Query("q1", None, (ir.Alias("x", "risk", ir.Test("score", "gte", ir.Const(5))),))
    ruleset = types.SimpleNamespace(source=None, queries=(query,), fields={"strategy": set(), "risk": {"score"}})
    fs = facts.Facts([*({"id": f"f{i}", "kind": "risk", "score": i} for i in range(10)),
                      {"id": "f10", "kind": "strategy"}], {})
    engine = engines.create(ruleset, "durable")

    class Interrupted(Exception):
        pass

    def interrupted(*args):
        raise Interrupted

    with monkeypatch.context() as patched:
        patched.setattr(durable, "Match", interrupted)
        with pytest.raises(Interrupted):
            engine.evaluate(fs)
    assert [m.fact("x") for m in engine.evaluate(fs)] == ["f5", "f6", "f7", "f8", "f9"]


def test_a_number_beyond_64_bits_is_sent_all_the_same():
    """orjson refuses such integers (json writes them out and durable clamps them): the engines still agree."""
    query = ir.Query("q1", None, (ir.Alias("x", "risk", ir.Test("score", "gte", ir.Const(5))),))
    ruleset = types.SimpleNamespace(source=None, queries=(query,), fields={"strategy": set(), "risk": {"score"}})
    fs = facts.Facts([{"id": "f0", "kind": "risk", "score": 2 ** 70}, {"id": "f1", "kind": "risk", "score": 1},
                      {"id": "f2", "kind": "strategy"}], {})
    found = engines.create(ruleset, "durable").evaluate(fs)
    assert [m.fact("x") for m in found] == ["f0"]
    assert found == engines.create(ruleset, "python").evaluate(fs)


def test_without_orjson_auto_is_the_python_engine_and_durable_says_what_is_missing(monkeypatch):
    """orjson came after durable-rules: an installation made before it must be told, not crash."""
    import sys

    from pocrules.errors import UsageError

    monkeypatch.setitem(sys.modules, "orjson", None)  # what "import orjson" then raises ImportError on
    assert engines.resolve("auto") == "python"
    with pytest.raises(UsageError, match="needs orjson, which is not installed: install pocrules again"):
        engines.resolve("durable")


def _review_window(last: ir.Test) -> tuple[ir.Query, types.SimpleNamespace]:
    """A context change with no review within 30 days after it (the shape of POC-FW-007), ``last`` its final test."""
    window = ir.All((ir.Test("date", "gte", ir.Ref("x", "date")), last))
    query = ir.Query("q1", None, (ir.Alias("x", "context_change", ir.Test("major", "eq", ir.Const(True))),),
                     (ir.Alias("y", "review", window),))
    return query, types.SimpleNamespace(source=None, queries=(query,),
                                        fields={"strategy": set(), "context_change": {"date", "major"}, "review": {"date"}})


def test_tests_that_read_other_facts_end_with_one_that_always_holds():
    """durable_rules reads past the end of an alias's join tests when the last one fails (see durable._last_true)."""
    from pocrules.engine import durable

    query, ruleset = _review_window(ir.Test("date", "lte", ir.Arith("add", ir.Ref("x", "date"), ir.Const(30))))
    names = durable.short_names(ruleset.fields)
    (rule,) = durable.translate(query, names)
    x, y = rule["all"][1]["x"], rule["all"][2]["y$not"]
    assert y["$and"][-1] == {"$lte": {"review": {"d": "strategy"}}} and len(y["$and"]) == 4
    assert x == {"$and": [{"$ex": {"context_change": 1}}, {names["major"]: True}]}  # no join: nothing added


def test_the_join_shape_that_crashed_durable_runs_and_agrees_with_python():
    """The shape of rule and facts that crashed durable_rules' C core now and then: both engines agree on it.

    Whether the unguarded engine crashes depends on the memory layout, so the translation
    test above is what holds the guard; this runs in a child process, where a crash fails
    this test instead of ending the test run.
    """
    script = r'''
import types
from pocrules import engine as engines, facts
from pocrules.rules import ir
window = ir.All((ir.Test("date", "gte", ir.Ref("x", "date")), ir.Test("date", "lte", ir.Ref("x", "date"))))
query = ir.Query("q1", None, (ir.Alias("x", "context_change", ir.Test("major", "eq", ir.Const(True))),),
                 (ir.Alias("y", "review", window),))
ruleset = types.SimpleNamespace(source=None, queries=(query,),
                                fields={"strategy": set(), "context_change": {"date", "major"}, "review": {"date"}})
rows = [{"id": "f0", "kind": "context_change", "date": 739746, "major": True},
        {"id": "f1", "kind": "review", "date": 739779}, {"id": "f2", "kind": "review", "date": 739842}]
for name in ("durable", "python"):
    found = engines.create(ruleset, name).evaluate(facts.Facts([*rows, {"id": "s", "kind": "strategy"}], {}))
    print(name, [m.fact("x") for m in found])
'''
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["durable ['f0']", "python ['f0']"]


def _either_or(ruleset_queries):
    fields = {"strategy": set(), "risk": {"level", "score", "tags"}, "actor": {"level", "score", "tags"}}
    return types.SimpleNamespace(source=None, queries=ruleset_queries, fields=fields)


# A risk is wanted when it is high, or has no score, or is tagged 'idp' with a score of 3 or more;
# unless some actor is tagged 'mission' or has no level.
_WANTED = ir.Any_((ir.Test("level", "eq", ir.Const("high")), ir.Test("score", "absent"),
                   ir.All((ir.Test("tags", "contains", ir.Const("idp")), ir.Test("score", "gte", ir.Const(3))))))
_BLOCKER = ir.Any_((ir.Test("tags", "contains", ir.Const("mission")), ir.Test("level", "absent")))


def test_a_disjunction_of_constant_tests_goes_to_durable_whole_as_one_rule():
    """Split into its disjuncts, one query became a rule per combination of branches (and a $not per branch)."""
    from pocrules.engine import durable

    query = ir.Query("q1", None, (ir.Alias("x", "risk", _WANTED),), (ir.Alias("y", "actor", _BLOCKER),))
    names = durable.short_names(_either_or((query,)).fields)
    (rule,) = durable.translate(query, names)
    x, y = rule["all"][1]["x"], rule["all"][2]["y$not"]
    level, score, tags = names["level"], names["score"], names["tags"]
    assert x == {"$and": [{"$ex": {"risk": 1}}, {"$or": [
        {level: "high"}, {"$nex": {score: 1}},
        {"$and": [{"$iany": {tags: {"$i": "idp"}}}, {"$gte": {score: 3}}]}]}]}
    assert y == {"$and": [{"$ex": {"actor": 1}}, {"$or": [{"$iany": {tags: {"$i": "mission"}}}, {"$nex": {level: 1}}]}]}
    one_branch = ir.Query("q2", None, (ir.Alias("x", "risk", ir.Any_((ir.Test("score", "gt", ir.Const(1)),))),))
    assert durable.translate(one_branch, names)[0]["all"][1]["x"] == {"$and": [{"$ex": {"risk": 1}}, {"$gt": {score: 1}}]}
    joined = ir.Query("q3", None, (ir.Alias("x", "risk", ir.Any_((
        ir.Test("level", "eq", ir.Const("high")), ir.Test("score", "gt", ir.Ref(ir.TRIGGER, "score"))))),))
    assert len(durable.translate(joined, names)) == 2  # a disjunction reading another fact is still split


@pytest.mark.parametrize("actors, wanted", [
    ([], ["f0", "f1", "f3", "f5"]),
    ([{"level": "low", "tags": ["hq"]}], ["f0", "f1", "f3", "f5"]),
    ([{"level": "low", "tags": ["hq", "mission"]}], []),  # blocked by one branch
    ([{"tags": ["mission"]}], []),  # by both branches at once
    ([{"level": "low"}, {}], []),
])
def test_durable_agrees_with_python_on_a_disjunction_sent_whole(actors, wanted):
    """f0 passes the first branch, f1 the second, f3 the third, f5 all three; f2 and f4 none. Each
    document goes through one session after another that matched, so nothing may be left behind."""
    query = ir.Query("q1", None, (ir.Alias("x", "risk", _WANTED),), (ir.Alias("y", "actor", _BLOCKER),))
    ruleset = _either_or((query,))
    risks = [{"level": "high", "score": 1}, {"level": "low"}, {"level": "low", "score": 2, "tags": ["idp"]},
             {"score": 3, "tags": ["idp", "hq"]}, {"score": 5, "tags": ["hq"]}, {"level": "high", "tags": ["idp"]}]
    rows = [{"id": f"f{i}", "kind": "risk", **r} for i, r in enumerate(risks)]
    rows += [{"id": f"a{i}", "kind": "actor", **a} for i, a in enumerate(actors)]
    fs = facts.Facts([*rows, {"id": "s", "kind": "strategy"}], {})
    python, durable = engines.create(ruleset, "python"), engines.create(ruleset, "durable")
    clean = facts.Facts([*rows[:6], {"id": "s", "kind": "strategy"}], {})
    for _ in range(2):
        assert [m.fact("x") for m in durable.evaluate(fs)] == wanted
        assert durable.evaluate(fs) == python.evaluate(fs)
        assert [m.fact("x") for m in durable.evaluate(clean)] == ["f0", "f1", "f3", "f5"]


def _leaf():
    from hypothesis import strategies as st

    value = st.builds(ir.Test, st.sampled_from(["level", "score"]), st.sampled_from(["eq", "ne", "lt", "gte"]),
                      st.builds(ir.Const, st.integers(0, 3)))
    member = st.builds(ir.Test, st.just("tags"), st.sampled_from(["contains", "excludes"]),
                       st.builds(ir.Const, st.sampled_from(["a", "b"])))
    presence = st.builds(ir.Test, st.sampled_from(["level", "score", "tags"]), st.sampled_from(["present", "absent"]))
    return value | member | presence


def _conditions():
    from hypothesis import strategies as st

    return st.recursive(_leaf(), lambda inner: st.builds(ir.Any_, st.tuples(inner, inner) | st.tuples(inner, inner, inner))
                        | st.builds(ir.All, st.tuples(inner, inner)), max_leaves=6)


def _documents():
    from hypothesis import strategies as st

    element = st.fixed_dictionaries({}, optional={"level": st.integers(0, 3), "score": st.integers(0, 3),
                                                  "tags": st.lists(st.sampled_from(["a", "b"]), min_size=1, max_size=2)})
    rows = st.lists(st.tuples(st.sampled_from(["risk", "actor"]), element), max_size=5)
    return st.lists(rows, min_size=1, max_size=4)


def test_durable_agrees_with_python_on_disjunctions_of_constant_tests_bound_and_blocking():
    """Generated either/or conditions (sent to durable whole as $or) on bound, blocking and trigger aliases."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_conditions(), _conditions(), st.none() | _conditions(), _documents())
    def check(bound, blocking, trigger, documents):
        query = ir.Query("q1", trigger, (ir.Alias("x", "risk", bound),), (ir.Alias("y", "actor", blocking),))
        ruleset = _either_or((query,))
        ruleset.fields["strategy"] = {"level", "score", "tags"}
        python, durable = engines.create(ruleset, "python"), engines.create(ruleset, "durable")
        for i, rows in enumerate(documents):  # one session after another: nothing may be left behind
            elements = [{"id": f"f{j}", "kind": kind, **row} for j, (kind, row) in enumerate(rows)]
            fs = facts.Facts([*elements, {"id": "s", "kind": "strategy", "score": i % 4, "level": 1}], {})
            assert durable.evaluate(fs) == python.evaluate(fs)

    check()

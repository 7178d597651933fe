"""Evaluate the intermediate form with durable_rules.

Written around what was measured about durable_rules 2.0.28:

* one host per process with its timer threads disabled (they would steal
  batches of activations from our call);
* every rule starts with the document trigger, which is asserted last, so
  negated aliases see every fact they must (``$not`` is not truth-maintained);
* every alias carries a positive ``kind`` discriminator, so no condition can
  match the session's state object and loop;
* facts carry short generated ids and only the fields the ruleset uses, and
  are serialised once per durable ruleset, the text reused to retract them;
* one session id, emptied after each document (its facts retracted);
  rulesets are registered once and reused across documents, and registered
  afresh after a document that ran out of time (its session is left behind);
* the rules are spread over as many durable rulesets as its fixed node
  tables need (:mod:`.partition`), each asserted in turn; the partition is
  deterministic and most of the engine's start-up, so it is kept in the user's
  cache folder (:mod:`pocrules.cache`) for the next run with the same rules.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import durable_rules_engine
from durable import engine as durable_engine

from ..facts import Facts
from ..rules import ir
from ..rules.ruleset import Ruleset
from .base import DEFAULT_BUDGET, EngineStalled, Match, deadline, shielded, time_budget
from .partition import partition

_SID = "1"
CAP = 65535
"""The most matches durable hands one callback at once (its field is 16-bit); each action costs a round trip."""
_OPS = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}


class _QuietHost(durable_engine.Host):
    def _run(self) -> None:
        """Start no timer threads: every action runs inside our own assert call."""


_host: _QuietHost | None = None
logging.getLogger("durable").setLevel(logging.CRITICAL)  # it logs an abandoned action as a traceback
_ABANDON = object()
_names = itertools.count()
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _get_host() -> _QuietHost:
    global _host
    if _host is None:
        _host = _QuietHost()
    return _host


def _operand(operand: ir.Operand | None, me: str) -> Any:
    if isinstance(operand, ir.Const):
        return operand.value
    if isinstance(operand, ir.Ref):  # "$m" is durable's name for the fact being matched
        return {"$m" if operand.alias == me else operand.alias: operand.field}
    assert isinstance(operand, ir.Arith)
    return {f"${operand.op}": {"$l": _operand(operand.left, me), "$r": _operand(operand.right, me)}}


def _test(cond: ir.Test, me: str) -> dict[str, Any]:
    if cond.op == "present":
        return {"$ex": {cond.field: 1}}
    if cond.op == "absent":
        return {"$nex": {cond.field: 1}}
    value = _operand(cond.operand, me)
    if cond.op == "eq":
        return {cond.field: value}
    if cond.op == "contains":
        return {"$iany": {cond.field: {"$i": value}}}
    if cond.op == "excludes":
        return {"$iall": {cond.field: {"$neq": {"$i": value}}}}
    return {_OPS[cond.op]: {cond.field: value}}


def dnf(cond: ir.Cond | None) -> list[tuple[ir.Test, ...]]:
    """``cond`` as a disjunction of conjunctions of tests.

    durable_rules mishandles ``$or`` once a branch refers to another fact (seen:
    false matches for ``category in [imtf, ola]`` with a date compared to the
    strategy's), so every disjunction becomes separate rules, or separate
    negated aliases, and only conjunctions reach the engine.
    """
    if cond is None:
        return [()]
    if isinstance(cond, ir.Test):
        return [(cond,)]
    if isinstance(cond, ir.Any_):
        return [conj for item in cond.items for conj in dnf(item)]
    out: list[tuple[ir.Test, ...]] = [()]
    for item in cond.items:
        out = [left + right for left in out for right in dnf(item)]
    return out


def _alias(name: str, kind: str, tests: tuple[ir.Test, ...]) -> dict[str, Any]:
    head = {"kind": kind}
    return {"$and": [head, *(_test(t, name) for t in tests)]} if tests else head


def translate(query: ir.Query, callback: Any) -> list[dict[str, Any]]:
    """The durable_rules rules of one query: one per combination of disjuncts of its positive aliases.

    Every rule starts with the trigger and ends with the negated aliases: a
    blocked alias whose condition is a disjunction blocks with each disjunct.
    """
    blocks = [{f"{a.name}{i or ''}$not": _alias(a.name, a.kind, tests)}
              for a in query.blocks for i, tests in enumerate(dnf(a.cond))]
    rules = []
    for trigger in dnf(query.trigger):
        combos: list[list[dict[str, Any]]] = [[{ir.TRIGGER: _alias(ir.TRIGGER, "strategy", trigger)}]]
        for a in query.binds:
            combos = [c + [{a.name: _alias(a.name, a.kind, tests)}] for c in combos for tests in dnf(a.cond)]
        # dist False: one fact may bind several aliases, as in the reference evaluator
        # (durable_rules' default keeps them distinct, so a fact could not block itself).
        # cap: a rule's matches come to its callback together (a list), not one action each.
        rules += [{"all": combo + blocks, "run": callback, "dist": False, "cap": CAP} for combo in combos]
    return rules


def catch_all(kinds: list[str]) -> dict[str, Any]:
    """A rule every asserted fact enters but that never completes.

    durable_rules raises MessageNotHandled, and drops the batch's pending
    actions, for a fact that no rule's alias accepts (a risk no filter wants).
    Joining every kind to a kind that never exists makes each fact 'handled'
    without ever calling back. (A one-branch ``$or`` crashes durable_rules, hence the special case.)
    """
    any_kind = {"$or": [{"kind": k} for k in kinds]} if len(kinds) > 1 else {"kind": kinds[0]}
    return {"all": [{"any_fact": any_kind}, {"never": {"kind": "__never__"}}],
            "run": _never_called}


def _never_called(c: Any) -> None:  # pragma: no cover - the rule cannot complete
    raise AssertionError("the catch-all rule fired")


class DurableEngine:
    name = "durable"

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self._matches: list[Match] = []
        self._deadline = 0.0
        self._stalled = False
        self._host = _get_host()
        self._fields = {kind: ("id", "kind", *sorted(fields)) for kind, fields in ruleset.fields.items()}
        rules = [rule for q in ruleset.queries for rule in translate(q, self._callback(q))]
        self._plans: list[tuple[dict[str, Any], set[str]]] = []
        """Each durable ruleset's rules and the kinds of fact it needs."""
        for group in remembered_partition(rules):
            kinds = {"strategy"} | {_kind_of(c) for rule in group for alias in rule["all"] for c in alias.values()}
            definitions = {f"r{i}": rule for i, rule in enumerate(group)}
            definitions["catch_all"] = catch_all(sorted(kinds))
            self._plans.append((definitions, kinds))
        self._groups: list[tuple[str, set[str]]] = []
        self._register()

    def _register(self) -> None:
        """Register the rules as fresh durable rulesets (durable consumes the dicts it is given)."""
        self._groups = []
        for definitions, kinds in self._plans:
            name = f"pocrules{next(_names)}"
            # durable takes each rule's callback out of the dict it is given, and keeps the rest
            self._host.set_rulesets({name: {rule: dict(d) for rule, d in definitions.items()}})
            self._groups.append((name, kinds))

    def _callback(self, query: ir.Query):  # noqa: ANN202
        aliases = (ir.TRIGGER, *(a.name for a in query.binds))  # positive aliases only: $not binds none

        def record(c: Any) -> None:
            if self._stalled or len(self._matches) > 1_000_000 or time.monotonic() > self._deadline:
                # durable swallows a callback's exception and goes on through every pending
                # match; state it cannot serialise makes it abandon the queue and return.
                self._stalled = True
                c.s.stalled = _ABANDON
                return
            for m in c.m:  # with a cap, durable hands over a list of matches, each its facts by alias
                m = m._d
                self._matches.append(Match(query.name, tuple((a, m[a]["id"]) for a in aliases)))

        return record

    def evaluate(self, facts: Facts, budget: float | None = None) -> list[Match]:
        budget = DEFAULT_BUDGET if budget is None else budget
        if not self._groups:
            self._register()
        *elements, trigger = [self._project(f) for f in facts.facts if f["kind"] in self._fields]
        last = _encode(trigger)
        self._matches = []
        self._deadline = deadline(budget)
        self._stalled = False
        asserted: list[tuple[str, str]] = []
        try:
            with time_budget(budget):
                for name, kinds in self._groups:
                    mine = _encode([f for f in elements if f["kind"] in kinds])[1:-1]
                    asserted.append((name, f"[{last},{mine}]" if mine else f"[{last}]"))  # to retract, trigger first
                    try:
                        self._send(name, durable_rules_engine.assert_facts, f"[{mine},{last}]" if mine else f"[{last}]")
                    except TypeError:
                        if not self._stalled:
                            raise
                    if self._stalled:
                        raise EngineStalled(f"the engine did not finish within {budget:g} s")
                    state = self._host.get_state(name, _SID)
                    if state.get("exception"):  # only the budget's alarm raises in a callback
                        raise EngineStalled(f"the engine did not finish within {budget:g} s")
        except EngineStalled:
            # Retracting a huge join's facts can take far longer than the budget:
            # leave these sessions behind and register fresh rulesets before the next document.
            self._groups, asserted = [], []
            raise
        finally:
            with shielded():  # a session left half-emptied would leak into the next document
                for name, mine in asserted:
                    self._clear(name, mine)
        return sorted(set(self._matches))

    def _send(self, name: str, function: Callable[[int, str], Any], facts: str) -> None:
        """durable's own ``assert_facts``/``retract_facts``, for facts already serialised (a JSON list).

        durable's wrappers serialise the facts on every call; this way a document's
        facts are serialised once for each durable ruleset, not again to retract them.
        """
        rules = self._host.get_ruleset(name)
        self._host._handle_function(rules, lambda _: rules._handle_result(function(rules._handle, facts), facts),
                                    None, None)

    def _clear(self, name: str, facts: str) -> None:
        """Empty the session for the next document.

        ``delete_state`` segfaults in durable_rules 2.0.28 when facts sit in a
        partial join, so the facts are retracted instead, the trigger first (``facts``
        is in that order) so that no rule can complete while the others go.
        """
        with contextlib.suppress(Exception):
            self._send(name, durable_rules_engine.retract_facts, facts)

    def _project(self, fact: dict[str, Any]) -> dict[str, Any]:
        out = {k: fact[k] for k in self._fields[fact["kind"]] if k in fact}
        out["sid"] = _SID
        return out


def remembered_partition(rules: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """:func:`.partition.partition` of ``rules``, read from the cache when these very rules were partitioned before.

    The entry is keyed by the rules as durable sees them and by the pocrules build, and
    holds only rule numbers; anything but an exact partition of these rules is ignored
    and the rules are partitioned afresh.
    """
    from .. import cache

    shape = json.dumps([{k: v for k, v in rule.items() if k != "run"} for rule in rules])  # in order, as partitioned
    key = cache.fingerprint("durable partition", shape)
    file = cache.entry_file(cache.directory() / "partitions", key)
    record = cache.read_entry(file, key)
    groups = record.get("groups") if record else None
    if _is_partition(groups, len(rules)):
        return [[rules[i] for i in group] for group in groups]  # type: ignore[union-attr]
    grouped = partition(rules)
    number = {id(rule): i for i, rule in enumerate(rules)}
    cache.write_entry(file, key, {"groups": [[number[id(rule)] for rule in group] for group in grouped]})
    return grouped


def _is_partition(groups: Any, count: int) -> bool:
    """Whether ``groups`` numbers each of ``count`` rules once, in order within each group, as partition does."""
    if not isinstance(groups, list) or not groups or not all(isinstance(g, list) for g in groups):
        return False
    numbers = [i for g in groups for i in g]
    if not all(type(i) is int for i in numbers) or sorted(numbers) != list(range(count)):
        return False
    return all(g == sorted(g) for g in groups) and (count == 0 or all(groups))


def _kind_of(condition: dict[str, Any]) -> str:
    """The kind an alias condition from :func:`_alias` discriminates on."""
    head = condition["$and"][0] if "$and" in condition else condition
    return head["kind"]

"""Evaluate the intermediate form with durable_rules.

Written around what was measured about durable_rules 2.0.28:

* one host per process with its timer threads disabled (they would steal
  batches of activations from our call);
* every rule starts with the document trigger, which is asserted last, so
  negated aliases see every fact they must (``$not`` is not truth-maintained);
* every alias carries a positive ``kind`` discriminator, so no condition can
  match the session's state object and loop;
* facts carry short generated ids and only the fields the ruleset uses;
* one session id, emptied after each document (its facts retracted);
  rulesets are registered once and reused across documents.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from typing import Any

from durable import engine as durable_engine

from ..facts import Facts
from ..rules import ir
from ..rules.ruleset import Ruleset
from .base import DEFAULT_BUDGET, EngineStalled, Match, deadline, time_budget

_SID = "1"
_OPS = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}


class _QuietHost(durable_engine.Host):
    def _run(self) -> None:
        """Start no timer threads: every action runs inside our own assert call."""


_host: _QuietHost | None = None
_names = itertools.count()


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


def _cond(cond: ir.Cond, me: str) -> dict[str, Any]:
    if isinstance(cond, ir.All):
        return {"$and": [_cond(c, me) for c in cond.items]}
    if isinstance(cond, ir.Any_):
        return {"$or": [_cond(c, me) for c in cond.items]}
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


def _alias(name: str, kind: str, cond: ir.Cond | None) -> dict[str, Any]:
    head = {"kind": kind}
    return {"$and": [head, _cond(cond, name)]} if cond is not None else head


def translate(query: ir.Query, callback: Any) -> dict[str, Any]:
    """The durable_rules definition of one query (trigger first, negations last)."""
    aliases = [{ir.TRIGGER: _alias(ir.TRIGGER, "strategy", query.trigger)}]
    aliases += [{a.name: _alias(a.name, a.kind, a.cond)} for a in query.binds]
    aliases += [{f"{a.name}$not": _alias(a.name, a.kind, a.cond)} for a in query.blocks]
    # dist False: one fact may bind several aliases, as in the reference evaluator
    # (durable_rules' default keeps them distinct, so a fact could not block itself).
    return {"all": aliases, "run": callback, "dist": False}


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
        self.name_in_host = f"pocrules{next(_names)}"
        self._matches: list[Match] = []
        self._deadline = 0.0
        definitions = {q.name: translate(q, self._callback(q)) for q in ruleset.queries}
        definitions["catch_all"] = catch_all(sorted(ruleset.fields))
        self._host = _get_host()
        self._host.set_rulesets({self.name_in_host: definitions})  # durable consumes the dicts
        self._fields = {kind: {"id", "kind", *fields} for kind, fields in ruleset.fields.items()}

    def _callback(self, query: ir.Query):  # noqa: ANN202
        aliases = (ir.TRIGGER, *(a.name for a in query.binds))  # positive aliases only: $not binds none

        def record(c: Any) -> None:
            m = c._m  # durable exposes the matched facts by alias here
            self._matches.append(Match(query.name, tuple((a, m[a]["id"]) for a in aliases)))
            if len(self._matches) > 1_000_000 or time.monotonic() > self._deadline:
                raise EngineStalled("the engine exceeded its budget")

        return record

    def evaluate(self, facts: Facts, budget: float | None = None) -> list[Match]:
        budget = DEFAULT_BUDGET if budget is None else budget
        payload = [self._project(f) for f in facts.facts if f["kind"] in self._fields]
        self._matches = []
        self._deadline = deadline(budget)
        try:
            with time_budget(budget):
                self._host.assert_facts(self.name_in_host, payload)
            state = self._host.get_state(self.name_in_host, _SID)
            if state.get("exception"):
                raise EngineStalled(str(state["exception"]))
            matches = sorted(set(self._matches))
        finally:
            self._clear(payload)
        return matches

    def _clear(self, payload: list[dict[str, Any]]) -> None:
        """Empty the session for the next document.

        ``delete_state`` segfaults in durable_rules 2.0.28 when facts sit in a
        partial join, so the facts are retracted instead, the trigger first so
        that no rule can complete while the others go.
        """
        if payload:
            with contextlib.suppress(Exception):
                self._host.retract_facts(self.name_in_host, [payload[-1], *payload[:-1]])

    def _project(self, fact: dict[str, Any]) -> dict[str, Any]:
        keep = self._fields[fact["kind"]]
        out = {k: v for k, v in fact.items() if k in keep}
        out["sid"] = _SID
        return out


"""The pure-Python reference evaluator of the intermediate form.

It is the oracle for differential tests against durable_rules, and the engine
on interpreters where durable_rules cannot be installed (Python 3.13+). It
follows the semantics documented in :mod:`pocrules.rules.ir` literally.
"""

from __future__ import annotations

import operator
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ..facts import Fact, Facts
from ..rules import ir
from ..rules.ruleset import Ruleset
from .base import DEFAULT_BUDGET, EngineStalled, Match, deadline, time_budget

_MISSING = object()
_COMPARE = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "lte": operator.le,
            "gt": operator.gt, "gte": operator.ge}

Bound = dict[str, Fact]


def _value(operand: ir.Operand | None, bound: Bound) -> Any:
    if isinstance(operand, ir.Const):
        return operand.value
    if isinstance(operand, ir.Ref):
        return bound[operand.alias].get(operand.field, _MISSING)
    assert isinstance(operand, ir.Arith)
    left, right = _value(operand.left, bound), _value(operand.right, bound)
    if left is _MISSING or right is _MISSING:
        return _MISSING
    return left + right if operand.op == "add" else left - right


def holds(cond: ir.Cond | None, fact: Fact, bound: Bound) -> bool:
    if cond is None:
        return True
    if isinstance(cond, ir.All):
        return all(holds(c, fact, bound) for c in cond.items)
    if isinstance(cond, ir.Any_):
        return any(holds(c, fact, bound) for c in cond.items)
    value = fact.get(cond.field, _MISSING)
    if cond.op == "present":
        return value is not _MISSING
    if cond.op == "absent":
        return value is _MISSING
    other = _value(cond.operand, bound)
    if value is _MISSING or other is _MISSING:
        return False
    if cond.op == "contains":
        return isinstance(value, list) and other in value
    if cond.op == "excludes":
        return isinstance(value, list) and all(item != other for item in value)
    try:
        return bool(_COMPARE[cond.op](value, other))
    except TypeError:
        return False


class ReferenceEngine:
    name = "python"

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self._deadline = 0.0
        self._stall = ""

    def evaluate(self, facts: Facts, budget: float | None = None) -> list[Match]:
        """The matches of every query; EngineStalled once ``budget`` seconds have passed.

        The budget is checked between bindings as well as by the timer, so it also
        holds off the main thread, where no timer can interrupt.
        """
        budget = DEFAULT_BUDGET if budget is None else budget
        self._deadline = deadline(budget)
        self._stall = f"the engine did not finish within {budget:g} s"
        with time_budget(budget):
            return self._evaluate(facts)

    def _evaluate(self, facts: Facts) -> list[Match]:
        by_kind: dict[str, list[Fact]] = defaultdict(list)
        for fact in facts.facts:
            by_kind[fact["kind"]].append(fact)
        trigger = facts.facts[-1]
        matches = []
        for query in self.ruleset.queries:
            if not holds(query.trigger, trigger, {ir.TRIGGER: trigger}):
                continue
            for bound in self._bind(query, 0, {ir.TRIGGER: trigger}, by_kind):
                blocked = any(holds(b.cond, f, {**bound, b.name: f}) for b in query.blocks for f in by_kind[b.kind])
                if not blocked:
                    matches.append(Match(query.name, tuple((a, f["id"]) for a, f in bound.items())))
        return sorted(matches)

    def _bind(self, query: ir.Query, i: int, bound: Bound, by_kind: dict[str, list[Fact]]) -> Iterator[Bound]:
        if i == len(query.binds):
            yield dict(bound)
            return
        alias = query.binds[i]
        for fact in by_kind[alias.kind]:
            if time.monotonic() > self._deadline:
                raise EngineStalled(self._stall)
            if holds(alias.cond, fact, {**bound, alias.name: fact}):
                bound[alias.name] = fact
                yield from self._bind(query, i + 1, bound, by_kind)
                del bound[alias.name]

"""The intermediate form every rule compiles to, and both engines run.

A :class:`Query` is a conjunction of aliases: the document trigger first, then
positive aliases (each one fact of a kind matching a condition) and then
blocking aliases (no fact of that kind may match). Conditions are positive
only: the compiler pushes negation down to the leaves, so neither engine needs
a NOT of an arbitrary condition (durable_rules cannot match one fact twice in a
rule, so a self-join cannot stand in for it).

Semantics shared by both engines: a test on a field the fact lacks is false;
``absent`` is true exactly when the field is missing; an element that lacks a
field another condition refers to takes no part in the query (the compiler
adds the ``present`` guard). Facts never hold empty
strings or empty lists (the fact builder drops them), so "present" means
"present and non-empty".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Union

import re2

from .declared import ParamValue, Rule, SectionName, Severity

TRIGGER = "d"
"""Alias of the document fact; it is asserted last and is every query's first alias."""
GIVEN, FOR_EACH, TARGET = "g", "x", "y"
"""Aliases of a rule's ``given`` element, its ``for_each`` element and the element it ``expect``s."""

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a rejected pattern is reported as a ruleset error, not logged to stderr


def compile_pattern(pattern: str) -> Any:
    """A rule's regular expression compiled for matching (RE2: linear time); re2.error if it cannot be."""
    return re2.compile(pattern, _RE2_OPTIONS)


Op = Literal["eq", "ne", "lt", "lte", "gt", "gte", "present", "absent", "contains", "excludes"]


@dataclass(frozen=True)
class Const:
    value: str | int | float | bool | None
    """A date is compared as its day number (``toordinal``)."""


@dataclass(frozen=True)
class Ref:
    """The value of ``field`` on the fact bound to an earlier ``alias``."""

    alias: str
    field: str


@dataclass(frozen=True)
class Arith:
    op: Literal["add", "sub"]
    left: Operand
    right: Operand


Operand = Union[Const, Ref, Arith]


@dataclass(frozen=True)
class Test:
    field: str
    op: Op
    operand: Operand | None = None


@dataclass(frozen=True)
class All:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Cond, ...]


Cond = Union[Test, All, Any_]


@dataclass(frozen=True)
class Alias:
    name: str
    kind: str
    cond: Cond | None = None


@dataclass(frozen=True)
class Query:
    """One durable_rules rule. It matches once per combination of positive facts."""

    name: str
    trigger: Cond | None
    binds: tuple[Alias, ...] = ()
    blocks: tuple[Alias, ...] = ()
    subject: str = TRIGGER
    values: tuple[tuple[str, int | str], ...] = field(default=())
    """The value of a ``for_each: {value: ..., in: [...]}`` this query checks."""

    def kinds(self) -> set[str]:
        return {a.kind for a in (*self.binds, *self.blocks)}

    def aliases(self) -> tuple[Alias, ...]:
        """Every alias with its condition: the trigger (the strategy fact), the bound ones, the blocking ones."""
        return (Alias(TRIGGER, "strategy", self.trigger), *self.binds, *self.blocks)


def tests(cond: Cond | None) -> Iterator[Test]:
    """Every test in a condition, through its conjunctions and disjunctions."""
    if isinstance(cond, Test):
        yield cond
    elif cond is not None:
        for c in cond.items:
            yield from tests(c)


def refs(operand: Operand | None) -> Iterator[Ref]:
    """Every field of another alias's fact that an operand reads, through its arithmetic."""
    if isinstance(operand, Ref):
        yield operand
    elif isinstance(operand, Arith):
        yield from refs(operand.left)
        yield from refs(operand.right)


NEGATE = {"eq": "ne", "ne": "eq", "lt": "gte", "gte": "lt", "gt": "lte", "lte": "gt",
          "present": "absent", "absent": "present", "contains": "excludes", "excludes": "contains"}


def negate(cond: Cond) -> Cond:
    """NOT ``cond`` as a positive condition, under the missing-field semantics above."""
    if isinstance(cond, All):
        return Any_(tuple(negate(c) for c in cond.items))
    if isinstance(cond, Any_):
        return All(tuple(negate(c) for c in cond.items))
    flipped = Test(cond.field, NEGATE[cond.op], cond.operand)  # type: ignore[arg-type]
    if cond.op in ("present", "absent"):
        return flipped
    return Any_((Test(cond.field, "absent"), flipped))


def conj(*conds: Cond | None) -> Cond | None:
    items: list[Cond] = []
    for c in conds:
        if c is None:
            continue
        items.extend(c.items if isinstance(c, All) else (c,))
    if not items:
        return None
    return items[0] if len(items) == 1 else All(tuple(items))


@dataclass(frozen=True)
class CompiledRule:
    """A validated rule with its settings applied and its conditions compiled into queries.

    Kept here, apart from the compiler, so that a ruleset read back from the cache
    (:mod:`.stored`) needs neither the compiler, nor the schema, nor what they import.
    """

    rule: Rule
    section: SectionName
    severity: Severity
    params: dict[str, ParamValue]
    queries: tuple[Query, ...]
    for_each: str | None
    count: tuple[int | None, int | None] | None = None

    @property
    def id(self) -> str:
        return self.rule.id

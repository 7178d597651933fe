"""Compile validated rules into the intermediate form (:mod:`pocrules.rules.ir`).

This is where a rule's conditions are checked against the facts schema: an
unknown kind, field or operator is a ruleset error with a JSON pointer into the
rule and a "did you mean", never a rule that silently matches nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from typing import Any

import re2

from .. import facts
from ..facts import Pattern
from ..catalogue import requirements
from ..errors import did_you_mean
from ..sources import join
from . import declared, ir
from .ir import FOR_EACH, GIVEN, TARGET, CompiledRule, compile_pattern
from .schema import Rule

_COMPARE = {"eq": "eq", "ne": "ne", "lt": "lt", "lte": "lte", "gt": "gt", "gte": "gte",
            "before": "lt", "after": "gt", "on_or_before": "lte", "on_or_after": "gte"}
OPERATORS = (*_COMPARE, "in", "not_in", "present", "contains", "excludes", "matches", "size", "words")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")
_TERM = re.compile(r"^\$([a-z_]+)(?:\.([A-Za-z0-9_.]+))?$")


class CompileError(Exception):
    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


@dataclass
class _Scope:
    """What a condition may refer to while compiling one query."""

    rule: Rule
    params: dict[str, Any]
    values: dict[str, Any]
    aliases: dict[str, str]  # name usable in $refs -> alias
    patterns: list[Pattern] = field(default_factory=list)


def _const(value: Any) -> Any:
    return value.toordinal() if isinstance(value, dt.date) else value


class Compiler:
    """Compiles rules one by one; keeps the patterns all of them need."""

    def __init__(self) -> None:
        self.patterns: list[Pattern] = []
        self._queries = 0

    def compile(self, rule: Rule, section: str, severity: str, params: dict[str, Any]) -> CompiledRule:
        unknown = [c for c in rule.cites if c not in requirements()]
        if unknown:
            i = rule.cites.index(unknown[0])
            raise CompileError(f"unknown requirement id '{unknown[0]}'" + did_you_mean(unknown[0], requirements()),
                               join("/cites", i))
        params = {**rule.defaults, **params}  # overrides were checked against the declarations by the loader
        self._check_template(rule.message, rule, "/message")
        self._check_template(rule.fix, rule, "/fix")
        if rule.fix_yaml:
            self._check_template(rule.fix_yaml, rule, "/fix_yaml")
        if rule.input is not None:  # reported by the input layer: nothing for an engine to evaluate
            return CompiledRule(_declared(rule), section, severity, params, (), None)
        if isinstance(rule.for_each, str):
            self._kind(rule.for_each, "/for_each")
        variants: list[dict[str, Any]] = [{}]
        if rule.for_each is not None and not isinstance(rule.for_each, str):
            variants = [{rule.for_each.value: v} for v in rule.for_each.in_]
        queries = tuple(self._query(rule, params, values) for values in variants)
        count = (self._bound(rule.expect.min, rule, params, "/expect/min"),
                 self._bound(rule.expect.max, rule, params, "/expect/max")) if rule.expect.count else None
        return CompiledRule(_declared(rule), section, severity, params, queries,
                            rule.for_each if isinstance(rule.for_each, str) else None, count)

    def _bound(self, value: int | str | None, rule: Rule, params: dict[str, Any], pointer: str) -> int | None:
        if value is None:
            return None
        bound = self._operand(value, _Scope(rule, params, {}, {}), pointer)
        if not isinstance(bound, ir.Const) or not isinstance(bound.value, int) or bound.value < 0:
            raise CompileError("a count bound is a whole number or $params.NAME holding one", pointer)
        return bound.value

    def _query(self, rule: Rule, params: dict[str, Any], values: dict[str, Any]) -> ir.Query:
        scope = _Scope(rule, params, values, {"strategy": ir.TRIGGER})
        trigger = self._cond(rule.applies_when, facts.STRATEGY, scope, "/applies_when")
        binds: list[ir.Alias] = []
        blocks: list[ir.Alias] = []
        subject = ir.TRIGGER
        expect = rule.expect
        if rule.given is not None:
            self._kind(rule.given.exists, "/given/exists")
            binds.append(ir.Alias(GIVEN, rule.given.exists,
                                  self._cond(rule.given.where, rule.given.exists, scope, "/given/where")))
        if isinstance(rule.for_each, str):
            scope.aliases[rule.for_each] = FOR_EACH
            where = self._cond(rule.where, rule.for_each, scope, "/where")
            if expect.that is not None:
                where = ir.conj(where, ir.negate(self._cond(expect.that, rule.for_each, scope, "/expect/that")))
            binds.append(ir.Alias(FOR_EACH, rule.for_each, where))
            subject = FOR_EACH
        elif expect.that is not None:
            trigger = ir.conj(trigger, ir.negate(self._cond(expect.that, facts.STRATEGY, scope, "/expect/that")))
        target = expect.exists or expect.none or expect.count
        if target is not None:
            self._kind(target, "/expect")
            alias = ir.Alias(TARGET, target, self._cond(expect.where, target, scope, "/expect/where"))
            if expect.exists:
                blocks.append(alias)
                for i, alt in enumerate(expect.or_):  # each alternative blocks the finding too
                    self._kind(alt.exists, join("/expect/or", i, "exists"))
                    blocks.append(ir.Alias(f"{TARGET}{i + 1}", alt.exists,
                                           self._cond(alt.where, alt.exists, scope, join("/expect/or", i, "where"))))
            else:
                binds.append(alias)
                subject = TARGET
        trigger, binds, blocks = _guarded(trigger, binds, blocks)
        _within_limits(trigger, binds, blocks)
        self._queries += 1
        self.patterns.extend(scope.patterns)
        return ir.Query(f"q{self._queries}", trigger, tuple(binds), tuple(blocks), subject, tuple(values.items()))

    # -- conditions -------------------------------------------------------

    def _kind(self, kind: str, pointer: str) -> None:
        if kind not in facts.KINDS or kind == facts.STRATEGY:
            raise CompileError(f"unknown element kind '{kind}'" + did_you_mean(kind, facts.KINDS[1:]), pointer)

    def _cond(self, cond: Any, kind: str, scope: _Scope, pointer: str) -> ir.Cond | None:
        if cond is None:
            return None
        if not isinstance(cond, dict) or not cond:
            raise CompileError("a condition is a mapping of field: test", pointer)
        items: list[ir.Cond] = []
        for key, test in cond.items():
            at = join(pointer, key)
            if key in ("any", "all"):
                if not isinstance(test, list) or not test:
                    raise CompileError(f"'{key}' takes a list of conditions", at)
                parts = tuple(self._cond(c, kind, scope, join(at, i)) for i, c in enumerate(test))
                items.append(ir.Any_(parts) if key == "any" else ir.All(parts))  # type: ignore[arg-type]
            else:
                items.append(self._field_test(key, test, kind, scope, at))
        result = ir.conj(*items)
        assert result is not None
        return result

    def _field(self, name: str, kind: str, pointer: str) -> str:
        fact_field = facts.RENAMED.get(name, name)
        if fact_field not in facts.fields_of(kind):
            shown = sorted(facts.ALIASES.get(f, f) for f in facts.fields_of(kind) if "__" not in f)
            raise CompileError(f"'{kind}' has no field '{name}'" + did_you_mean(name, shown), pointer)
        return fact_field

    def _field_test(self, name: str, test: Any, kind: str, scope: _Scope, pointer: str) -> ir.Cond:
        if name not in facts.fields_of(kind) and f"{name}__size" in facts.fields_of(kind):
            if not (isinstance(test, dict) and set(test) == {"size"}):
                raise CompileError(f"'{name}' is a list of elements: test how many with size", pointer)
            return self._field_test(f"{name}__size", test["size"] if isinstance(test["size"], dict)
                                    else {"eq": test["size"]}, kind, scope, join(pointer, "size"))
        fact_field = self._field(name, kind, pointer)
        if not isinstance(test, dict):
            return ir.Test(fact_field, "eq", self._operand(test, scope, pointer))
        tests: list[ir.Cond] = []
        for op, arg in test.items():
            at = join(pointer, op)
            if op in _COMPARE:
                tests.append(ir.Test(fact_field, _COMPARE[op], self._operand(arg, scope, at)))  # type: ignore[arg-type]
            elif op in ("in", "not_in"):
                if not isinstance(arg, list) or not arg:
                    raise CompileError(f"'{op}' takes a non-empty list", at)
                parts = tuple(ir.Test(fact_field, "eq" if op == "in" else "ne", self._operand(v, scope, at)) for v in arg)
                tests.append(ir.Any_(parts) if op == "in" else ir.All(parts))
            elif op == "present":
                if not isinstance(arg, bool):
                    raise CompileError("'present' takes true or false", at)
                tests.append(ir.Test(fact_field, "present" if arg else "absent"))
            elif op in ("contains", "excludes"):
                if isinstance(arg, str) and arg.startswith("$"):
                    raise CompileError(f"'{op}' takes a fixed value, not a reference", at)
                tests.append(ir.Test(fact_field, op, self._operand(arg, scope, at)))  # type: ignore[arg-type]
            elif op in ("size", "words"):
                derived = f"{fact_field}__{op}"
                if derived not in facts.fields_of(kind):
                    raise CompileError(f"'{op}' does not apply to '{name}'", at)
                if not isinstance(arg, dict):
                    arg = {"eq": arg}
                tests.append(self._field_test(derived, arg, kind, scope, at))
            elif op == "matches":
                tests.append(self._pattern(kind, fact_field, arg, scope, at))
            else:
                raise CompileError(f"unknown operator '{op}'" + did_you_mean(op, OPERATORS), at)
        result = ir.conj(*tests)
        if result is None:
            raise CompileError("an empty test", pointer)
        return result

    def _pattern(self, kind: str, fact_field: str, regex: Any, scope: _Scope, pointer: str) -> ir.Test:
        if not isinstance(regex, str):
            raise CompileError("'matches' takes a regular expression string", pointer)
        try:
            compiled = compile_pattern(regex)
        except re2.error as exc:
            reason = exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
            raise CompileError(f"this regular expression cannot be used: {reason}. Patterns are matched in "
                               "linear time, so back-references (\\1) and look-around ((?=, (?<=) are not "
                               "available", pointer) from None
        existing = [p for p in (*self.patterns, *scope.patterns)
                    if (p.kind, p.field, p.regex.pattern) == (kind, fact_field, regex)]
        if existing:
            derived = existing[0].derived
        else:
            derived = f"{fact_field}__m{len(self.patterns) + len(scope.patterns)}"
            scope.patterns.append(Pattern(kind, fact_field, compiled, derived))
        return ir.Test(derived, "eq", ir.Const(True))

    def _operand(self, value: Any, scope: _Scope, pointer: str) -> ir.Operand:
        if isinstance(value, (dict, list)):
            raise CompileError("expected a value, a $reference or an expression like '$as_of - 90'", pointer)
        if not (isinstance(value, str) and value.startswith("$")):
            return ir.Const(_const(value))
        tokens = value.split()
        if len(tokens) % 2 == 0 or any(t not in "+-" for t in tokens[1::2]):
            raise CompileError(f"cannot read the expression '{value}'", pointer)
        result = self._term(tokens[0], scope, pointer)
        for op, term in zip(tokens[1::2], tokens[2::2]):
            right = self._term(term, scope, pointer)
            result = _fold(ir.Arith("add" if op == "+" else "sub", result, right))
        return result

    def _term(self, token: str, scope: _Scope, pointer: str) -> ir.Operand:
        if re.fullmatch(r"-?\d+", token):
            return ir.Const(int(token))
        m = _TERM.match(token)
        if not m:
            raise CompileError(f"cannot read '{token}'; expected $kind.field, $params.name, $as_of or a number", pointer)
        head, rest = m.group(1), m.group(2)
        if head == "params":
            if rest not in scope.params:
                raise CompileError(f"unknown parameter '{rest}'" + did_you_mean(rest or "", scope.params), pointer)
            return ir.Const(_const(scope.params[rest]))
        if head in scope.values and rest is None:
            return ir.Const(scope.values[head])
        if head == "as_of" and rest is None:
            return ir.Ref(ir.TRIGGER, "as_of")
        if head in scope.aliases and rest:
            kind = facts.STRATEGY if scope.aliases[head] == ir.TRIGGER else head
            return ir.Ref(scope.aliases[head], self._field(rest, kind, pointer))
        known = ["$as_of", "$params.NAME", *(f"${a}.FIELD" for a in scope.aliases), *(f"${v}" for v in scope.values)]
        raise CompileError(f"'{token}' refers to nothing here; usable: {', '.join(known)}", pointer)

    def _check_template(self, text: str, rule: Rule, pointer: str) -> None:
        allowed = {"strategy", "params", "count", "rule"}
        if rule.input is not None:
            allowed = {"problem", "params"}
        if isinstance(rule.for_each, str):
            allowed.add(rule.for_each)
        elif rule.for_each is not None:
            allowed.add(rule.for_each.value)
        target = rule.expect and (rule.expect.none or rule.expect.count)
        if target:
            allowed.add(target)
        for name in _PLACEHOLDER.findall(text):
            if name.split(".")[0] not in allowed:
                raise CompileError(f"placeholder '{{{name}}}' names nothing this rule binds; usable: "
                                   + ", ".join(sorted(allowed)), pointer)


def _declared(rule: Rule) -> declared.Rule:
    """What selection, findings and reports read of a rule once its conditions are compiled."""
    expect = None if rule.expect is None else _as(declared.Expect, rule.expect)
    return _as(declared.Rule, rule, params={name: p.compiled for name, p in rule.params.items()},
               docs=_as(declared.Docs, rule.docs), expect=expect)


def _as(cls: type, model: Any, **given: Any) -> Any:
    """The dataclass ``cls`` with ``model``'s values of its fields (lists as tuples), or the ones ``given``."""
    return cls(**{f.name: given[f.name] if f.name in given else _frozen(getattr(model, f.name))
                  for f in fields(cls)})


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _refs(node: ir.Cond | ir.Operand | None) -> list[ir.Ref]:
    if isinstance(node, (ir.All, ir.Any_)):
        return [r for c in node.items for r in _refs(c)]
    if isinstance(node, ir.Test):
        return _refs(node.operand)
    if isinstance(node, ir.Arith):
        return _refs(node.left) + _refs(node.right)
    return [node] if isinstance(node, ir.Ref) else []


MAX_ALTERNATIVES = 1024
"""Combinations of any/in alternatives one rule may spell out (each is a rule of its own in durable_rules)."""
MAX_COMPARISONS = 24
"""Comparisons with other elements in one alternative of one condition (durable_rules holds 32 expressions)."""


def _alternatives(cond: ir.Cond | None) -> list[int]:
    """For each alternative of ``cond`` in disjunctive form, how many of its tests refer to another element.

    Stops growing past MAX_ALTERNATIVES, so the check itself stays bounded.
    """
    if cond is None:
        return [0]
    if isinstance(cond, ir.Test):
        return [1 if _refs(cond) else 0]
    if isinstance(cond, ir.Any_):
        return [n for c in cond.items for n in _alternatives(c)][:MAX_ALTERNATIVES + 1]
    out = [0]
    for item in cond.items:
        out = [a + b for a in out for b in _alternatives(item)][:MAX_ALTERNATIVES + 1]
    return out


def _within_limits(trigger: ir.Cond | None, binds: list[ir.Alias], blocks: list[ir.Alias]) -> None:
    """Refuse a rule no engine could evaluate as written, the same way on both engines."""
    combinations = 1
    for cond in (trigger, *(a.cond for a in (*binds, *blocks))):
        alternatives = _alternatives(cond)
        if max(alternatives) > MAX_COMPARISONS:
            raise CompileError(f"a condition compares with other elements {max(alternatives)} times; "
                               f"at most {MAX_COMPARISONS} are allowed, so split the rule", "")
        if cond is trigger or any(cond is a.cond for a in binds):
            combinations *= len(alternatives)
        if combinations > MAX_ALTERNATIVES or len(alternatives) > MAX_ALTERNATIVES:
            raise CompileError(f"the rule's any/in alternatives combine into more than {MAX_ALTERNATIVES} cases; "
                               "split it into several rules", "")


def _guarded(trigger: ir.Cond | None, binds: list[ir.Alias], blocks: list[ir.Alias]):  # noqa: ANN202
    """Require every field a condition refers to on the element that must carry it.

    durable_rules fails the whole assert (error 311) when a join refers to a
    field the other fact lacks; requiring the field up front gives both engines
    one meaning: an element lacking a referenced field takes no part in the rule.
    """
    needed: dict[str, set[str]] = {}
    for cond in (trigger, *(a.cond for a in (*binds, *blocks))):
        for ref in _refs(cond):
            needed.setdefault(ref.alias, set()).add(ref.field)

    def guard(alias: str, cond: ir.Cond | None) -> ir.Cond | None:
        return ir.conj(*(ir.Test(f, "present") for f in sorted(needed.get(alias, ()))), cond)

    return (guard(ir.TRIGGER, trigger), [ir.Alias(a.name, a.kind, guard(a.name, a.cond)) for a in binds],
            [ir.Alias(a.name, a.kind, guard(a.name, a.cond)) for a in blocks])


def _fold(expr: ir.Arith) -> ir.Operand:
    """Constant-fold, and keep a reference on the left (durable_rules wants ``$l`` to be one)."""
    left, right = expr.left, expr.right
    if isinstance(left, ir.Const) and isinstance(right, ir.Const):
        return ir.Const(left.value + right.value if expr.op == "add" else left.value - right.value)  # type: ignore[operator]
    if isinstance(left, ir.Const) and expr.op == "add":
        return ir.Arith("add", right, left)
    return expr

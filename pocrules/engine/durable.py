"""Evaluate the intermediate form with durable_rules.

Written around what was measured about durable_rules 2.0.28:

* its C core is driven directly (``durable_rules_engine``): durable's Python
  host starts timer threads that steal batches of activations, and after every
  action it serialises the session's state and asserts it again, which our
  rules never read;
* every rule starts with the document trigger, which is asserted last, so
  negated aliases see every fact they must (``$not`` is not truth-maintained);
* every alias carries a positive discriminator, so no condition can match the
  session's state object and loop: a fact's kind goes as a field named after it,
  tested for presence. durable files an alpha test under the name of the field it
  tests, so a fact meets only its own kind's tests (with ``kind == 'risk'`` every
  fact was compared with every kind's);
* an alias's tests that read other facts end with one that always holds:
  durable reads past the end of those tests when the last one fails, which
  crashed the process now and then (see :func:`_last_true`);
* facts carry short generated ids and only the fields the ruleset reads (a
  field only tested for presence goes as ``1``: each match brings its facts
  back in full), serialised once per durable ruleset; the checker has the fact
  builder build them so (:attr:`DurableEngine.form`), and facts built otherwise
  are copied into that form here;
* one session, emptied after each document (its facts retracted by id);
  rulesets are registered once and reused across documents, and registered
  afresh after a document that ran out of time (its session is left behind);
* the rules are spread over as many durable rulesets as its fixed node
  tables need (:mod:`.partition`), each asserted in turn; the partition is
  deterministic and most of the engine's start-up, so it is kept in the user's
  cache folder (:mod:`pocrules.cache`) for the next run with the same rules,
  and so is the whole translation of a ruleset the compiled-ruleset cache knows.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import operator
import re
import string
import time
from collections import defaultdict
from typing import Any, Union

import durable_rules_engine
import orjson

from ..facts import Facts, Form, Naming
from ..rules import ir
from ..rules.ruleset import Ruleset, fields_used
from .base import DEFAULT_BUDGET, EngineStalled, Match, deadline, shielded, time_budget

CAP = 65535
"""The most matches durable hands over in one action (its field is 16-bit); each action costs a round trip."""
_OPS = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_OBSERVED = 2
"""durable's answer to an assert holding a fact it has seen before (the same id): that fact was dropped.

Its answer 1, 'not handled', means only that some fact entered no rule: durable stored
none of those and went on with the rest (durable's Python wrapper raised on it, leaving
the pending actions behind, which is why a catch-all rule once had to take every fact)."""
_names = itertools.count()
_ORDER = operator.attrgetter("query", "bindings")
_ID = operator.itemgetter("id")
Meaning = dict[str, tuple[str, tuple[str, ...]]]
"""The query and positive aliases each rule of a durable ruleset stands for, by rule name."""
Projection = Naming
"""The fields of a kind sent to durable: each field, its short name, and whether its value is sent or only ``1``."""
Plan = tuple[str, set[str], Meaning, Projection]
"""A durable ruleset: its definition (JSON), the kinds of fact it needs, what each rule stands for, and the
strategy's fields its rules read (the strategy fact is in every match)."""
_STORED = tuple[dict[str, Projection], tuple[tuple[str, tuple[str, ...], Meaning, Projection], ...]]
"""A translation as the cache keeps it: the projections, and the plans with their kinds as a list."""
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_BOUND = re.compile(r':\{"id":"([^"]*)"')
"""The id of a fact bound to an alias, in an action's text; the alias is the name before it. Each fact's
JSON starts with its id (see :func:`projections`), and facts are flat, with strings escaped: nothing
else in the text is a name followed by an object. The pattern starts with a literal, which ``re`` skips
to; one starting with the alias's quote was tried at every quote of the text (0.2 ms a document)."""


def _operand(operand: ir.Operand | None, me: str, names: dict[str, str]) -> Any:
    if isinstance(operand, ir.Const):
        return operand.value
    if isinstance(operand, ir.Ref):  # "$m" is durable's name for the fact being matched
        return {"$m" if operand.alias == me else operand.alias: names[operand.field]}
    assert isinstance(operand, ir.Arith)
    return {f"${operand.op}": {"$l": _operand(operand.left, me, names), "$r": _operand(operand.right, me, names)}}


def _test(cond: ir.Test, me: str, names: dict[str, str]) -> dict[str, Any]:
    field = names[cond.field]
    if cond.op == "present":
        return {"$ex": {field: 1}}
    if cond.op == "absent":
        return {"$nex": {field: 1}}
    value = _operand(cond.operand, me, names)
    if cond.op == "eq":
        return {field: value}
    if cond.op == "contains":
        return {"$iany": {field: {"$i": value}}}
    if cond.op == "excludes":
        return {"$iall": {field: {"$neq": {"$i": value}}}}
    return {_OPS[cond.op]: {field: value}}


def dnf(cond: ir.Cond | None) -> list[tuple[ir.Test, ...]]:
    """``cond`` as a disjunction of conjunctions of tests."""
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


Part = Union[ir.Test, tuple[tuple[ir.Test, ...], ...]]
"""One test of an alias, or a disjunction of conjunctions of tests that goes to durable whole, as ``$or``."""


def alternatives(cond: ir.Cond | None) -> list[tuple[Part, ...]]:
    """``cond`` as the conditions of one alias each: one rule, or one negated alias, per alternative.

    durable_rules mishandles ``$or`` once the alias reads another fact (seen: false
    matches for ``category in [imtf, ola]`` with a date compared to the strategy's;
    its join tests are evaluated as one list, and a disjunction's end is missed), and
    a one-branch ``$or`` crashes it. So a condition that reads another fact is split
    into its disjuncts, and a disjunction goes whole only where the alias tests its
    own fact's fields against constants, and only with two branches or more: durable
    then tells the branches apart in its alpha network alone, and a condition that
    one strategy query split into two dozen rules stays one.
    """
    if any(next(ir.refs(t.operand), None) for t in ir.tests(cond)):
        return list(dict.fromkeys(dnf(cond)))
    tests: list[ir.Test] = []
    disjunctions: list[tuple[tuple[ir.Test, ...], ...]] = []
    for item in () if cond is None else cond.items if isinstance(cond, ir.All) else (cond,):
        branches = list(dict.fromkeys(dnf(item)))  # a negated list repeats "absent" once per value
        if len(branches) == 1:
            tests += branches[0]
        else:
            disjunctions.append(tuple(branches))
    return [(*tests, *disjunctions)]


def _alias(name: str, kind: str, parts: tuple[Part, ...], names: dict[str, str]) -> dict[str, Any]:
    head = {"$ex": {kind: 1}}  # the kind's own field (see projections), outside any $or: all of its kind meet it
    body = [_test(p, name, names) if isinstance(p, ir.Test) else {"$or": [_conjunction(b, name, names) for b in p]}
            for p in parts]
    if any(isinstance(p, ir.Test) and next(ir.refs(p.operand), None) for p in parts):
        body.append(_last_true(kind))
    return {"$and": [head, *body]} if body else head


def _conjunction(tests: tuple[ir.Test, ...], me: str, names: dict[str, str]) -> dict[str, Any]:
    """One branch of an ``$or``: its test, or ``$and`` of its tests."""
    return _test(tests[0], me, names) if len(tests) == 1 else {"$and": [_test(t, me, names) for t in tests]}


def _last_true(kind: str) -> dict[str, Any]:
    """A join test that always holds, to end an alias's tests that read other facts.

    durable_rules evaluates those tests in order and stops at the first that fails by
    skipping to the end of the list; when the last one fails, it skips past the end and
    reads whatever memory follows until it happens on an end marker, which crashed the
    process (a segmentation fault that came and went with the memory layout). The fact's
    kind field and the strategy's both go as ``1`` (see :func:`projections`).
    """
    return {"$lte": {kind: {ir.TRIGGER: "strategy"}}}


def translate(query: ir.Query, names: dict[str, str]) -> list[dict[str, Any]]:
    """The durable_rules rules of one query: one per combination of alternatives of its positive aliases.

    Fields go by their short names (see :func:`short_names`).

    Every rule starts with the trigger and ends with the negated aliases: a
    blocked alias whose condition has several alternatives blocks with each
    (see :func:`alternatives`).
    """
    blocks = [{f"{a.name}{i or ''}$not": _alias(a.name, a.kind, parts, names)}
              for a in query.blocks for i, parts in enumerate(alternatives(a.cond))]
    rules = []
    for trigger in alternatives(query.trigger):
        combos: list[list[dict[str, Any]]] = [[{ir.TRIGGER: _alias(ir.TRIGGER, "strategy", trigger, names)}]]
        for a in query.binds:
            combos = [c + [{a.name: _alias(a.name, a.kind, parts, names)}]
                      for c in combos for parts in alternatives(a.cond)]
        # dist False: one fact may bind several aliases, as in the reference evaluator
        # (durable_rules' default keeps them distinct, so a fact could not block itself).
        # cap: a rule's matches come in one action (a list), not one action each.
        rules += [{"all": combo + blocks, "dist": False, "cap": CAP} for combo in combos]
    return rules


class DurableEngine:
    name = "durable"

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self._fields, self._plans = remembered_translation(ruleset)
        self._groups: list[tuple[int, set[str], Meaning, Projection]] = []
        self._register()

    def _register(self) -> None:
        """Register the rules as fresh durable rulesets."""
        self._groups = [(durable_rules_engine.create_ruleset(f"pocrules{next(_names)}", definitions), *rest)
                        for definitions, *rest in self._plans]

    @property
    def form(self) -> Form:
        """The facts as durable reads them (see :func:`projections`), for the fact builder to build them so."""
        return self._fields

    def evaluate(self, facts: Facts, budget: float | None = None) -> list[Match]:
        budget = DEFAULT_BUDGET if budget is None else budget
        if not self._groups:
            self._register()
        strategy = facts.facts[-1]  # the strategy fact comes last
        elements = sent(facts, self._fields)
        matches: list[Match] = []
        end = deadline(budget)
        stall = f"the engine did not finish within {budget:g} s"
        asserted: list[tuple[int, str]] = []
        try:
            with time_budget(budget):
                for handle, kinds, meaning, projection in self._groups:
                    mine = [f for kind, f in elements if kind in kinds] if len(kinds) > 1 else []  # not strategy only
                    # to retract (see _clear): the ids alone, the strategy's first; generated ids need no escaping
                    ids = '"},{"id":"'.join([strategy["id"], *map(_ID, mine)])
                    asserted.append((handle, f'[{{"id":"{ids}"}}]'))
                    mine.append({name: strategy[k] if valued else 1 for k, name, valued in projection if k in strategy})
                    code, state = durable_rules_engine.assert_facts(handle, _encode(mine))
                    if code == _OBSERVED:
                        raise RuntimeError("durable_rules took two facts of the document for one (the same id)")
                    _act(handle, state, meaning, matches, end, stall)
        except BaseException:
            # Retracting a huge join's facts can take far longer than the budget, and a session
            # whose action was cut short must not be used again (durable keeps it locked and hides
            # the next document's actions; once the action is abandoned, emptied and asserted
            # again, it crashed): leave these sessions behind, register fresh rulesets next time.
            self._groups, asserted = [], []
            raise
        finally:
            with shielded():  # a session left half-emptied would leak into the next document
                for handle, ids in asserted:
                    _clear(handle, ids)
        return sorted(set(matches), key=_ORDER)  # as Match orders, without a Python call a comparison


def sent(facts: Facts, fields: Form) -> list[tuple[str, dict[str, Any]]]:
    """Each element fact of a kind the rules read, with its kind, as durable is sent it (see :func:`projections`).

    Facts the checker had built in this form are sent as they are; others (made by hand, or
    built by their fields' own names) are copied into it.
    """
    others = facts.facts[:-1]  # the strategy fact comes last, and goes as each ruleset reads it
    if facts.form is fields and facts.kinds is not None:
        return list(zip(facts.kinds, others))
    return [(fact["kind"], {name: fact[k] if valued else 1 for k, name, valued in fields[fact["kind"]] if k in fact})
            for fact in others if fact["kind"] in fields]


def translation(ruleset: Ruleset) -> tuple[dict[str, Projection], list[Plan]]:
    """The fields sent to durable by kind (see :func:`projections`), and the rules as durable rulesets."""
    names = short_names(ruleset.fields)
    fields = projections(ruleset, names)
    rules, meaning = [], {}
    for q in ruleset.queries:
        aliases = (ir.TRIGGER, *(a.name for a in q.binds))  # positive aliases only: $not binds none
        for rule in translate(q, names):
            rules.append(rule)
            meaning[id(rule)] = (q.name, aliases)
    # Rules that join elements are partitioned first, so that the rules left over for a further
    # durable ruleset read the strategy alone: each element is then asserted once, not once a ruleset.
    rules.sort(key=lambda rule: _kinds(rule) == {"strategy"})
    plans: list[Plan] = []
    queries = {q.name: q for q in ruleset.queries}
    for group in filter(None, remembered_partition(rules)):  # no rules at all: no ruleset
        kinds = {"strategy"}.union(*map(_kinds, group))
        definitions = {f"r{i}": rule for i, rule in enumerate(group)}
        meant = {f"r{i}": meaning[id(rule)] for i, rule in enumerate(group)}
        read: dict[str, set[str]] = defaultdict(set)
        for name in {query for query, _ in meant.values()}:
            fields_used(queries[name], read)
        trigger = tuple(f for f in fields["strategy"] if f[0] in ("id", "kind") or f[0] in read["strategy"])
        plans.append((json.dumps(definitions), kinds, meant, trigger))
    return fields, plans


def remembered_translation(ruleset: Ruleset) -> tuple[dict[str, Projection], list[Plan]]:
    """:func:`translation`, read from the cache when this very ruleset was translated before.

    Only a ruleset the compiled-ruleset cache knows (:attr:`.Ruleset.source`) is looked up. The
    entry is keyed by that and by the pocrules build; as its definitions go to durable's C core,
    it is read only from the user's own file that nobody else may write, and used only if every
    part has its shape and each definition is JSON naming the rules it holds; anything else is
    translated afresh and replaced.
    """
    if ruleset.source is None:
        return translation(ruleset)
    from .. import cache

    key = cache.fingerprint("durable translation", ruleset.source)
    file = cache.entry_file(cache.directory() / "translations", key)
    record = cache.read_entry(file, key, private=True)
    if record is not None:
        with contextlib.suppress(TypeError, ValueError, KeyError, RecursionError):
            fields, stored = cache.typed(_STORED, [record["fields"], record["plans"]])
            if all(_rules_named(definitions) == meant.keys() for definitions, _, meant, _ in stored):
                return fields, [(d, set(k), m, t) for d, k, m, t in stored]
    fields, plans = translation(ruleset)
    cache.write_entry(file, key, {"fields": fields, "plans": [[d, sorted(k), m, t] for d, k, m, t in plans]})
    return fields, plans


def _rules_named(definitions: str) -> Any:
    """The names of the rules a durable ruleset's definitions (JSON) hold; TypeError if they are no mapping."""
    rules = json.loads(definitions)
    if not isinstance(rules, dict):
        raise TypeError("not durable rules")
    return rules.keys()


def _act(handle: int, state: int, meaning: Meaning, matches: list[Match], end: float, stall: str) -> None:
    """Take the actions an assert left pending, adding their matches to ``matches``.

    Each action is one rule's matches (up to :data:`CAP`), each match the facts
    bound to the rule's positive aliases, as asserted. Only their ids are wanted,
    so they are found in the text (see :data:`_BOUND`) rather than every fact decoded.
    A join computed in C is beyond the reach of any timer, so the budget is
    checked between actions as well.
    """
    started = durable_rules_engine.start_action_for_state(handle, state)
    result = started and started[1]
    try:
        while result:
            query, aliases = meaning[result[2:result.index('"', 2)]]  # {"r12":[{"d":{"id":...},...},...]}
            bound, n = _bindings(result), len(aliases)
            for i in range(0, len(bound), n):
                frame = dict(bound[i:i + n])
                matches.append(Match(query, tuple((a, frame[a]) for a in aliases)))
            if len(matches) > 1_000_000 or time.monotonic() > end:
                raise EngineStalled(stall)
            result = durable_rules_engine.complete_and_start_action(handle, state)
    except BaseException:
        if result:  # an action was started: let go of it, as durable's own loop does (the session is left behind)
            durable_rules_engine.abandon_action(handle, state)
        raise


def _encode(facts: list[dict[str, Any]]) -> str:
    """``facts`` as the JSON durable reads: by orjson, five times faster than json's encoder.

    orjson refuses integers beyond 64 bits, which json writes out (and durable clamps):
    a document holding one is written by json, as before.
    """
    try:
        return orjson.dumps(facts).decode()
    except orjson.JSONEncodeError:
        return _json(facts)


def _bindings(text: str) -> list[tuple[str, str]]:
    """Each alias in an action's text and the id of the fact bound to it (see :data:`_BOUND`)."""
    return [(text[text.rfind('"', 0, m.start() - 1) + 1:m.start() - 1], m[1]) for m in _BOUND.finditer(text)]


def _clear(handle: int, ids: str) -> None:
    """Empty the session for the next document.

    ``delete_state`` segfaults in durable_rules 2.0.28 when facts sit in a
    partial join, so the facts are retracted instead, the trigger first (``ids``
    is in that order) so that no rule can complete while the others go. durable
    finds a fact to retract by its id alone and undoes the joins it took part in.
    """
    with contextlib.suppress(Exception):
        durable_rules_engine.retract_facts(handle, ids)


def short_names(fields: dict[str, set[str]]) -> dict[str, str]:
    """The name each field goes by in durable: ``A`` to ``Z``, then ``AA`` to ``ZZ``; ``id`` stays.

    Every match comes back with its facts in full, the strategy fact's hundred
    fields in each one, so short names are less JSON to parse, store, serialise
    and decode. durable tells property names apart by a 32-bit hash alone: these
    702 names, ``id``, the kinds' names (see :func:`projections`), ``sid`` and durable's own
    ``$s`` and ``$m`` hash apart.
    """
    every = sorted({f for names in fields.values() for f in names})
    letters = string.ascii_uppercase
    codes = [*letters, *(a + b for a in letters for b in letters)]
    if len(every) > len(codes):
        raise ValueError(f"rules read {len(every)} distinct fields; the durable engine names at most {len(codes)}")
    return {"id": "id", **dict(zip(every, codes))}


def projections(ruleset: Ruleset, names: dict[str, str]) -> dict[str, Projection]:
    """By kind, the fields sent to durable (see :data:`Projection`).

    Only fields some condition reads are sent, and a field only ever tested for
    presence (a section's text, most often) goes as ``1``: every match comes back
    with its facts in full, so what is not sent is not parsed, stored, serialised
    and decoded again for every match. ``id`` comes first, where :data:`_BOUND` finds it;
    ``kind`` goes as ``1`` under the kind's own name, which every alias tests (see :func:`_alias`).
    Counts (``__size``, ``__words``) go as they are, as the fact builder makes them in this form,
    and so does a field a pattern reads (see :func:`.facts.derive`).
    """
    valued: dict[str, set[str]] = {kind: {f for f in fields if f.endswith(("__size", "__words"))}
                                   for kind, fields in ruleset.fields.items()}
    for pattern in getattr(ruleset, "patterns", ()):  # rulesets made up for the engine alone may have none
        valued.setdefault(pattern.kind, set()).add(pattern.field)
    for q in ruleset.queries:
        aliases = q.aliases()
        kind_of = {a.name: a.kind for a in aliases}
        for alias in aliases:
            for test in ir.tests(alias.cond):
                if test.op not in ("present", "absent"):
                    valued[alias.kind].add(test.field)
                for ref in ir.refs(test.operand):
                    valued[kind_of[ref.alias]].add(ref.field)
    return {kind: (("id", "id", True), ("kind", kind, False),
                   *((f, names[f], f in valued[kind]) for f in sorted(fields)))
            for kind, fields in ruleset.fields.items()}


def remembered_partition(rules: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """:func:`.partition.partition` of ``rules``, read from the cache when these very rules were partitioned before.

    The entry is keyed by the rules as durable sees them and by the pocrules build, and
    holds only rule numbers; anything but an exact partition of these rules is ignored
    and the rules are partitioned afresh.
    """
    from .. import cache

    shape = json.dumps(rules)  # in order, as partitioned
    key = cache.fingerprint("durable partition", shape)
    file = cache.entry_file(cache.directory() / "partitions", key)
    record = cache.read_entry(file, key)
    groups = record.get("groups") if record else None
    if _is_partition(groups, len(rules)):
        return [[rules[i] for i in group] for group in groups]  # type: ignore[union-attr]
    from .partition import partition  # loaded only when partitioning: a known ruleset's translation is kept

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


def _kinds(rule: dict[str, Any]) -> set[str]:
    """The kinds of fact a durable rule from :func:`translate` joins."""
    return {_kind_of(c) for alias in rule["all"] for c in alias.values()}


def _kind_of(condition: dict[str, Any]) -> str:
    """The kind an alias condition from :func:`_alias` discriminates on."""
    head = condition["$and"][0] if "$and" in condition else condition
    (kind,) = head["$ex"]
    return kind

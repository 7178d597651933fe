"""Spread durable_rules rules over several durable rulesets, each within the engine's fixed tables.

durable_rules 2.0.28 (``src/rules/rete.c``) builds one alpha network per
ruleset, shares an alpha node between every alias whose tests start the same
way, and gives each node fixed-size tables:

* at most 256 joins fed by one node (``BETA_LIST_LENGTH``): registering the
  257th rule whose trigger is the bare ``kind == strategy`` fails with error 108;
* 512 slots for distinct follow-on tests (``NEXT_BUCKET_LENGTH``): beyond it
  registration fails with error 106, or a lookup probes a full table forever;
* 128 follow-on absence tests (``NEXT_LIST_LENGTH``, error 107);
* a 64-entry stack while a fact walks the nodes (``MAX_STACK_SIZE`` in
  ``events.c``, error 303 at assert time);
* 4,096 rules (``MAX_ACTIONS``).

A ruleset is therefore bounded by how its rules share nodes, not by its size.
:func:`partition` models that sharing and cuts the rules into groups that stay
well below every table, so any number of rules fits, at the cost of one
assert per group and document.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

MAX_JOINS = 200
MAX_FOLLOWERS = 400
MAX_ABSENCES = 100
MAX_STACK = 48
MAX_RULES = 2000
"""Below durable's 256 / 512 / 128 / 64 / 4096, leaving room for loosely equal constants it may share."""

Path = tuple[str, ...]
_KIND = "(kind)"
"""What every alias's first test tells apart (see :func:`_paths`); no field is named so."""


@dataclass(frozen=True)
class _Test:
    key: str
    field: str
    constant: str | None
    """The value of an equality with a constant: of those on one field, a fact passes at most one."""
    absence: bool
    """An absence test passes only where every other test on its field fails."""


def _loose(value: Any) -> str:
    """A key under which durable's loose equality (``5 == '5' == 5.0``, ``True == 1``) cannot tell values apart."""
    try:
        return repr(float(value))
    except (TypeError, ValueError):
        return str(value)


def _paths(condition: dict[str, Any], unique: itertools.count) -> list[tuple[_Test, ...]]:
    """The alpha paths of one alias: its tests in order, as durable chains them, one path per way through its ``$or``s.

    The first is the alias's kind discriminator, whatever field it tests: a fact
    passes one kind's alone. durable never shares an ``$iany``/``$iall`` node (its
    lookup skips them), so each one is made unique here. It chains each branch of an
    ``$or`` on from the node before it and ends every branch in one node of the
    ``$or``'s own, an absence test of a field no fact has, from which the alias goes
    on: a fact passes it once for every branch it passes, and goes on from it as many
    times, as a path of its own would.
    """
    items = condition["$and"] if "$and" in condition else [condition]
    head = json.dumps(items[0], sort_keys=True, default=str)
    paths: list[tuple[_Test, ...]] = [(_Test(head, _KIND, head, False),)]
    for item in items[1:]:
        if "$or" in item:
            joined = _Test(f"$or#{next(unique)}", "$or", None, True)
            branches = [tuple(_test(t, unique) for t in b.get("$and", [b])) for b in item["$or"]]
            paths = [(*path, *branch, joined) for path in paths for branch in branches]
        else:
            test = _test(item, unique)
            paths = [(*path, test) for path in paths]
    return paths


def _test(item: dict[str, Any], unique: itertools.count) -> _Test:
    """One test of an alias, ``{field: constant}`` or ``{'$op': {field: operand}}``."""
    (name, value), = item.items()
    key = json.dumps(item, sort_keys=True, default=str)
    if name in ("$iany", "$iall"):
        key = f"{key}#{next(unique)}"
    if name.startswith("$"):  # {'$lt': {field: operand}}
        (tested, _), = value.items()
        return _Test(key, tested, None, name == "$nex")
    return _Test(key, name, None if isinstance(value, dict) else _loose(value), False)


@dataclass
class _Node:
    followers: dict[str, _Test] = field(default_factory=dict)
    joins: int = 0
    peak: int = 1
    """The deepest durable's evaluation stack gets below and including this node, assuming every test passes."""
    deepest_follower: int = 0
    pushes: int = 0
    """How many followers one fact can put on durable's stack at once."""
    absent: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    constants: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def pushes_with(self, extra: Iterable[_Test]) -> int:
        """:attr:`pushes` once ``extra`` followers are added: per field, its absence tests or the others."""
        absent: Counter[str] = Counter()
        present: Counter[str] = Counter()
        constants: dict[str, Counter[str]] = defaultdict(Counter)
        for test in extra:
            if test.absence:
                absent[test.field] += 1
            elif test.constant is not None:
                constants[test.field][test.constant] += 1
            else:
                present[test.field] += 1
        total = self.pushes
        for f in {*absent, *present, *constants}:
            total -= self._share(f)
            same = max((self.constants[f][v] + n for v, n in constants[f].items()), default=0)
            total += max(self.absent[f] + absent[f],
                         self.present[f] + present[f] + max(same, max(self.constants[f].values(), default=0)))
        return total

    def _share(self, f: str) -> int:
        return max(self.absent[f], self.present[f] + max(self.constants[f].values(), default=0))

    def follow(self, tests: dict[str, _Test]) -> None:
        self.pushes = self.pushes_with(tests.values())
        self.followers.update(tests)
        for test in tests.values():
            if test.absence:
                self.absent[test.field] += 1
            elif test.constant is not None:
                self.constants[test.field][test.constant] += 1
            else:
                self.present[test.field] += 1


class _Network:
    """The shared alpha nodes of one durable ruleset, counted as rules are added.

    durable evaluates a fact depth first with a 64-entry stack (error 303
    beyond it): a node pushes every follower the fact passes, and each of those
    waits there while the one above it is explored.
    """

    def __init__(self) -> None:
        self.nodes: dict[Path, _Node] = defaultdict(_Node)
        self.rules = 0

    def add(self, aliases: list[tuple[_Test, ...]]) -> bool:
        """Add one rule's aliases if every node stays within bounds; report whether it was added."""
        if self.rules >= MAX_RULES:
            return False
        paths = [tuple(t.key for t in tests) for tests in aliases]
        joins = Counter(paths)
        if any(self.nodes[p].joins + n > MAX_JOINS for p, n in joins.items()):
            return False
        new: dict[Path, dict[str, _Test]] = defaultdict(dict)
        for path, tests in zip(paths, aliases):
            for i, test in enumerate(tests):
                if test.key not in self.nodes[path[:i]].followers:
                    new[path[:i]][test.key] = test
        for node, tests in new.items():
            current = self.nodes[node]
            absences = sum(t.absence for t in (*current.followers.values(), *tests.values()))
            if len(current.followers) + len(tests) > MAX_FOLLOWERS or absences > MAX_ABSENCES:
                return False
        peaks = self._peaks(paths, new)
        if peaks[()][0] > MAX_STACK:
            return False
        for node, tests in new.items():
            self.nodes[node].follow(tests)
        for node, (peak, deepest) in peaks.items():
            self.nodes[node].peak, self.nodes[node].deepest_follower = peak, deepest
        for path, n in joins.items():
            self.nodes[path].joins += n
        self.rules += 1
        return True

    def _peaks(self, paths: list[Path], new: dict[Path, dict[str, _Test]]) -> dict[Path, tuple[int, int]]:
        """Stack peaks of every node on the new paths, deepest first (peaks only grow as rules are added)."""
        touched = sorted({p[:i] for p in paths for i in range(len(p) + 1)}, key=len, reverse=True)
        below: dict[Path, list[Path]] = defaultdict(list)
        for node in touched:
            if node and node[-1] in self.nodes[node[:-1]].followers:
                below[node[:-1]].append(node)
        out: dict[Path, tuple[int, int]] = {}
        for node in touched:
            current = self.nodes[node]
            followers = [out.get((*node, key), (1, 0))[0] for key in new.get(node, {})]
            followers += [out[child][0] for child in below.get(node, ())]
            deepest = max([current.deepest_follower, *followers])
            pushes = current.pushes_with(new.get(node, {}).values())
            out[node] = (pushes - 1 + deepest if pushes else 1, deepest)
        return out


def partition(rules: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """``rules`` (durable rule dicts, ``{'all': [{alias: condition}, ...]}``) in groups that durable accepts.

    Each condition starts with its kind's discriminator (see :func:`_paths`).

    Greedy, in the given order; a rule that fits no open group opens a new one.
    Always at least one group, so an empty ruleset still gets its session.
    """
    unique = itertools.count()
    groups: list[tuple[_Network, list[dict[str, Any]]]] = []
    for rule in rules:
        aliases = [path for alias in rule["all"] for condition in alias.values() for path in _paths(condition, unique)]
        for network, members in groups:
            if network.add(aliases):
                members.append(rule)
                break
        else:
            network = _Network()
            if not network.add(aliases):
                raise ValueError("one rule exceeds durable_rules' node tables on its own")
            groups.append((network, [rule]))
    return [members for _, members in groups] or [[]]

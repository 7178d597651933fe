"""Rule test cases as data (rulesets/*/tests/*.yaml), in the manner of sqlfluff's YAML cases.

A case file names a base strategy and, per rule id, ``pass`` and ``fail`` cases.
Each case patches the base with a list of operations:

    - {set: /period/end, value: 2027-06-30}      # replace or add a value
    - {append: /history, value: {type: review, date: 2026-08-01}}
    - {remove: /implementation_matrix/0}
    - {drop: /consultations, where: {category: women}}   # every list item matching

A ``fail`` case lists what the rule must report, exactly: the JSON pointer of
each finding and, optionally, text its message must contain.
"""

from __future__ import annotations

import copy
import functools
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"


@dataclass(frozen=True)
class Expected:
    pointer: str
    message: str = ""


@dataclass(frozen=True)
class Case:
    rule: str
    kind: str  # "pass" or "fail"
    name: str
    base: Path
    as_of: dt.date
    patch: tuple[dict[str, Any], ...] = ()
    expect: tuple[Expected, ...] = field(default=())

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.kind}:{self.name}"


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _parent(data: Any, pointer: str) -> tuple[Any, str]:
    *head, last = _tokens(pointer)
    node = data
    for t in head:
        node = node[int(t)] if isinstance(node, list) else node.setdefault(t, {})
    return node, last


def apply(data: Any, ops: tuple[dict[str, Any], ...]) -> Any:
    data = copy.deepcopy(data)
    for op in ops:
        if "set" in op:
            node, last = _parent(data, op["set"])
            if isinstance(node, list):
                node[int(last)] = op["value"]
            else:
                node[last] = op["value"]
        elif "append" in op:
            node, last = _parent(data, op["append"])
            node.setdefault(last, []).append(op["value"])
        elif "remove" in op:
            node, last = _parent(data, op["remove"])
            del node[int(last) if isinstance(node, list) else last]
        elif "drop" in op:
            node, last = _parent(data, op["drop"])
            items = node[last]
            kept = [i for i in items if not all(i.get(k) == v for k, v in op["where"].items())]
            if len(kept) == len(items):
                raise ValueError(f"drop {op['drop']} where {op['where']} matched nothing")
            node[last] = kept
        else:
            raise ValueError(f"unknown patch operation {op}")
    return data


@functools.cache
def _base(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def patched(case: Case) -> str:
    """The case's strategy as YAML text: the base with the case's patch applied."""
    data = apply(_base(case.base), case.patch)
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True)


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(RULESETS.glob("*/tests/*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = (path.parent / spec["base"]).resolve()
        as_of = spec.get("as_of", dt.date(2026, 12, 1))
        for rule, kinds in spec["cases"].items():
            for kind in ("pass", "fail"):
                for c in kinds.get(kind, []):
                    expect = tuple(Expected(**e) for e in c.get("expect", []))
                    cases.append(Case(rule, kind, c["name"], base, c.get("as_of", as_of),
                                      tuple(c.get("patch", [])), expect))
    return cases

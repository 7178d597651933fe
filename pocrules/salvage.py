"""What can still be checked of a strategy with problems: every problem located, the rest kept.

A drafter fixing a long strategy needs every problem in one run, as ruff goes on
after a syntax error. Each validation problem and broken reference becomes a
located :class:`Problem` (reported by the input rules, ``POC-SCHEMA-*``), and the
entry it spoils counts as absent: an unknown key or a wrong optional value is
left out, and an entry that lacks a field it cannot do without is left out of its
list. The rules then run on what remains; a version, period or mission fact that
counts as absent is "not stated", which a rule of its own reports. Only a file
that is no strategy at all (not a mapping, or without the mission name and
acronym that say whose strategy it is) cannot be checked.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from . import references, validation
from .errors import InputError, Problem
from .model import Strategy
from .sources import Document, join

_ROUNDS = 4
"""Leaving an entry out can break a reference to it; each round settles what the last one left."""


@dataclass(frozen=True)
class Salvaged:
    """A strategy, the document the rules see, and the problems found on the way."""

    strategy: Strategy
    doc: Document
    """The document without what counts as absent (the original one when nothing does)."""
    problems: tuple[Problem, ...] = ()
    """Located in the original document, in document order."""
    absent: tuple[str, ...] = ()
    """Original pointers of what was left out."""
    origin: dict[str, str] = field(default_factory=dict)
    """Pointer in ``doc`` -> pointer in the original document (empty: nothing was left out)."""

    def original(self, pointer: str) -> str:
        """Where ``pointer`` of the checked document is in the file the user wrote."""
        return _back(self.origin, pointer)


def salvage(doc: Document) -> Salvaged:
    """Validate ``doc``; raise :class:`InputError` only when it is no strategy at all."""
    if not isinstance(doc.data, dict):
        raise InputError(doc.path, [doc.problem("a strategy must be a mapping of sections (e.g. 'mission:')", "")])
    current, origin = doc, {}
    problems: list[Problem] = []
    absent: list[str] = []
    left_out: set[tuple[str, str]] = set()  # (kind, id) of declarations left out: references to them follow
    for _ in range(_ROUNDS):
        try:
            strategy = Strategy.model_validate(current.data)
        except ValidationError as exc:
            found, strategy = validation.problems(Strategy, exc, current), None
        else:
            found = references.problems(strategy, current, frozenset(left_out))
        if not found:
            return Salvaged(strategy, current, tuple(_ordered(problems)), tuple(absent), origin)
        drop: set[str] = set()
        empty: dict[str, Any] = {}
        fatal = []
        for problem in found:
            target = _target(_tokens(problem.pointer), current.data)
            if target is None:
                fatal.append(problem)
                continue
            pointer, replacement = target
            if replacement is None:
                drop.add(pointer)
                declared = references.declared_by(pointer, _at(current.data, pointer))
                if declared and problem.kind != "duplicate":  # a duplicate's first declaration still stands
                    left_out.add(declared)
            else:
                empty[pointer] = replacement
            if not problem.kind:
                continue  # follows from a problem already reported
            absent.append(_back(origin, pointer))
            problems.append(dataclasses.replace(
                problem, pointer=_back(origin, problem.pointer), message=problem.message + _left_out(problem, pointer, current),
                requires=validation.requirement_at(Strategy, _tokens(problem.pointer), current.data)))
        if fatal:
            raise InputError(doc.path, _ordered([*problems, *(dataclasses.replace(
                p, pointer=_back(origin, p.pointer)) for p in fatal)]))
        data, step = _prune(current.data, drop, empty)
        origin = {new: _back(origin, old) for new, old in step.items()}
        current = Document(doc.path, data, _Positions(doc.positions, origin),  # type: ignore[arg-type] - a lazy mapping
                           {new: doc.places[old] for new, old in origin.items() if old in doc.places},
                           _moved(doc.parts, origin))
    raise InputError(doc.path, _ordered(problems))  # pragma: no cover - each round leaves out more


class _Positions(Mapping):
    """The original document's positions, by the pointers of the document without what was left out.

    Looked up when asked: the fast reader places a pointer only when a problem or finding
    needs it, and a strategy has thousands of them.
    """

    def __init__(self, positions: Mapping[str, tuple[int, int]], origin: dict[str, str]) -> None:
        self.positions = positions
        self.origin = origin

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        return self.positions[self.origin[pointer]]

    def __contains__(self, pointer: object) -> bool:
        return pointer in self.origin and self.origin[pointer] in self.positions  # type: ignore[index]

    def __iter__(self) -> Iterator[str]:
        return (new for new, old in self.origin.items() if old in self.positions)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _at(data: Any, pointer: str) -> Any:
    for token in _tokens(pointer):
        data = data[token]
    return data


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.pointer, p.message))


def _back(origin: dict[str, str], pointer: str) -> str:
    """Map a pointer back through ``origin`` (its longest known prefix, then the rest as it is)."""
    if not origin:
        return pointer
    head, tail = pointer, ""
    while head not in origin and head:
        head, _, last = head.rpartition("/")
        tail = "/" + last + tail
    return origin.get(head, head) + tail


def _left_out(problem: Problem, target: str, doc: Document) -> str:
    """What the reader loses until the problem is fixed, when it is more than the value itself."""
    if target == problem.pointer or problem.kind == "unknown_key":
        return ""
    where = doc.where(target)
    entry = "this entry" if where == doc.where(problem.pointer) else f"the entry {where}"  # said once is enough
    return f"; {entry} is left out of the check until this is fixed"


def _tokens(pointer: str) -> tuple[Any, ...]:
    return tuple(int(t) if t.isdigit() else t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:])


def _target(loc: tuple[Any, ...], data: Any) -> tuple[str, Any] | None:
    """What counts as absent because of a problem at ``loc``: (pointer, None to leave it out, or an empty value).

    An unknown key or an optional value is left out; a list item is left out of its list; a
    required section that can be empty (``risk_analysis: {}``) is emptied; otherwise the
    problem spoils the entry that holds it. None: it spoils the strategy itself.
    """
    while loc:
        last = loc[-1]
        if isinstance(last, int):
            return join("", *loc), None
        info = validation.field_at(Strategy, loc, data)
        if info is None or not info.is_required():
            return join("", *loc), None
        empty = _empty(info.annotation)
        if empty is not None:
            return join("", *loc), empty
        loc = loc[:-1]
    return None


def _empty(annotation: Any) -> Any:
    """An empty value of a required field's type, when the model accepts one ([] or {})."""
    if typing.get_origin(annotation) is list:
        return []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        try:
            annotation.model_validate({})
        except ValidationError:
            return None
        return {}
    return None


def _moved(parts: dict[str, str], origin: dict[str, str]) -> dict[str, str]:
    """A Word document's part statuses at the pointers they have once entries were left out: a part named
    below a value (a field no row has) follows its nearest value; one below a left-out item goes with it."""
    new_of = {old: new for new, old in origin.items()}
    out = {}
    for pointer, status in parts.items():
        base = pointer
        while base and base not in new_of:
            base = base.rsplit("/", 1)[0]
        rest = pointer[len(base):]
        if (base in new_of or not base) and not rest[1:].split("/")[0].isdigit():
            out[new_of.get(base, base) + rest] = status
    return out


def _prune(data: Any, drop: set[str], empty: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """``data`` without the pointers in ``drop`` and with ``empty`` values; and new pointer -> old."""
    origin: dict[str, str] = {}

    def walk(node: Any, old: str, new: str) -> Any:
        origin[new] = old
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                at = join(old, key)
                if at in drop:
                    continue
                out[key] = empty[at] if at in empty else walk(value, at, join(new, key))
            for at, value in empty.items():  # a required section that was missing altogether
                parent, _, key = at.rpartition("/")
                if parent == old and key not in node:
                    out[key] = value
            return out
        if isinstance(node, list):
            kept = []
            for i, value in enumerate(node):
                at = join(old, i)
                if at not in drop:
                    kept.append(walk(value, at, join(new, len(kept))))
            return kept
        return node

    return walk(data, "", ""), origin

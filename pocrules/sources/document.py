"""A parsed strategy file and the map from each JSON pointer back to its place in the source.

Every reader (YAML, JSON, Word) produces a :class:`Document`; everything after
loading (validation, facts, findings, reporters) works on it alone, so a new
input format is one more reader, never a second pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem


@dataclass(frozen=True, order=True)
class Place:
    """Where in a Word document a value came from, as a reader would say it.

    ``label`` is what reports print ("Annex I, row 4, Lead" or "Section B, risk table,
    row 2"); ``block`` is the index of the paragraph or table among the document body's
    children, and ``row``/``cell`` locate a table cell, so a review comment can be
    anchored there.
    """

    label: str
    block: int
    row: int | None = None
    cell: int | None = None


def escape(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join(pointer: str, *tokens: object) -> str:
    return pointer + "".join("/" + escape(str(t)) for t in tokens)


def document_order(pointer: str) -> tuple:
    """A sort key for pointers in document order: list indexes compare as numbers (/9 before /10)."""
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in pointer.split("/"))


def resolve(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer (RFC 6901) in plain data, or None where there is none."""
    node = data
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            return None
    return node


@dataclass
class Document:
    """A parsed file: its data and the source position of every JSON pointer in it."""

    path: str
    data: Any
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    """JSON pointer -> 1-based (line, column) in a text source."""
    places: dict[str, Place] = field(default_factory=dict)
    """JSON pointer -> place in a Word source (empty for text sources)."""
    parts: dict[str, str] = field(default_factory=dict)
    """Word sources: template part pointer -> how it was read (structured, prose or absent)."""
    notes: list[Problem] = field(default_factory=list)
    """What a reader kept out of the data but must report (an actor name that matches no actor)."""

    def locate(self, pointer: str) -> tuple[int, int]:
        """1-based (line, column) of ``pointer``, or of its closest existing parent."""
        while pointer not in self.positions and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self.positions.get(pointer, (1, 1))

    def place(self, pointer: str) -> Place | None:
        """The Word-document place of ``pointer`` or of its closest parent that has one."""
        if not self.places:
            return None
        while pointer not in self.places and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self.places.get(pointer)

    def where(self, pointer: str) -> str:
        """Where ``pointer`` is, in a sentence: 'at line 42', or for a Word source 'in Annex I, row 4'."""
        place = self.place(pointer)
        return f"in {place.label}" if place is not None else f"at line {self.locate(pointer)[0]}"

    def read_as(self, pointer: str) -> str | None:
        """How the template part holding ``pointer`` was read from a Word source, if it was."""
        while pointer not in self.parts and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self.parts.get(pointer)

    def problem(self, message: str, pointer: str, *, kind: str = "", hint: str = "") -> Problem:
        place = self.place(pointer)
        if place is not None:
            return Problem(f"{message} (in {place.label})", pointer, kind=kind, hint=hint)
        line, column = self.locate(pointer)
        return Problem(message, pointer, line, column, kind, hint)



"""Read a Word (.docx) strategy into a :class:`Document` whose pointers map to Word places.

The template knowledge lives in :mod:`pocrules.word`; this reader opens the file,
hands it to the importer, and turns what could not be resolved (an actor name
that matches no actor) into located notes, leaving the reference out of the data
so the rest of the document can still be checked.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..errors import Problem
from .document import Document, document_order
from .docx_safety import open_docx


def imported(path: str | Path) -> Any:
    """The import of a .docx: data with names as written, places, part statuses, unresolved names."""
    from ..word import importer

    return importer.read(open_docx(path))


def parse(path: str | Path) -> Document:
    from ..word import importer

    result = imported(path)
    data = copy.deepcopy(result.data)
    notes = [Problem(u.message, u.pointer) for u in result.unresolved]
    for pointer in sorted({_holder(u.pointer) for u in result.unresolved}, key=document_order, reverse=True):
        importer.remove_at(data, pointer)
    importer.assume(data)
    return Document(str(path), data, places=result.places, parts=result.parts, notes=notes)


REQUIRED_REFERENCES = ("risk", "recipient")
"""A matrix row without its risk, a dissemination without its recipient, cannot stand: the row goes."""


def _holder(pointer: str) -> str:
    """What to take out for an unresolved reference: the reference, or the row that cannot do without it."""
    parent, field = pointer.rsplit("/", 1)
    return parent if field in REQUIRED_REFERENCES else pointer



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

from ..errors import InputError, Problem
from .document import Document

MAX_DOCX_BYTES = 20 * 1024 * 1024
"""Largest accepted Word file (images make real ones far bigger than their text)."""


def open_docx(path: str | Path) -> Any:
    """The parsed Word package, or a clear :class:`InputError` (the one place a .docx is opened)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(str(path), [Problem(f"this is not a Word document that can be read ({exc})")]) from None


def imported(path: str | Path) -> Any:
    """The import of a .docx: data with names as written, places, part statuses, unresolved names."""
    from ..word import importer

    return importer.read(open_docx(path))


def parse(path: str | Path) -> Document:
    from ..word import importer

    result = imported(path)
    data = copy.deepcopy(result.data)
    notes = [Problem(u.message, u.pointer) for u in result.unresolved]
    for u in sorted(result.unresolved, key=lambda u: u.pointer, reverse=True):
        importer.remove_at(data, u.pointer)
    importer.assume(data)
    return Document(str(path), data, places=result.places, parts=result.parts, notes=notes)

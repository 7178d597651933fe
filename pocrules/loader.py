"""From a file on disk to a validated :class:`Strategy` and its source positions."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .model import Strategy
from .salvage import salvage
from .sources import Document, read


def load(path: str | Path) -> tuple[Strategy, Document]:
    """Read, validate and cross-check one strategy file; raise :class:`InputError` on any problem."""
    doc = read(path)
    return validate(doc), doc


def validate(doc: Document) -> Strategy:
    """The strategy of a document without a single problem (``check`` reports problems instead)."""
    salvaged = salvage(doc)
    if salvaged.problems:
        raise InputError(doc.path, list(salvaged.problems))
    return salvaged.strategy

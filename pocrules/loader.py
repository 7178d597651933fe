"""From a file on disk to a validated :class:`Strategy` and its source positions."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from . import references, validation
from .errors import InputError
from .model import Strategy
from .sources import Document, read


def load(path: str | Path) -> tuple[Strategy, Document]:
    """Read, validate and cross-check one strategy file; raise :class:`InputError` if unusable."""
    doc = read(path)
    return validate(doc), doc


def validate(doc: Document) -> Strategy:
    if not isinstance(doc.data, dict):
        raise InputError(doc.path, [doc.problem("a strategy must be a mapping of sections (e.g. 'mission:')", "")])
    try:
        strategy = Strategy.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(doc.path, validation.problems(Strategy, exc, doc)) from None
    broken = references.problems(strategy, doc)
    if broken:
        raise InputError(doc.path, broken)
    return strategy

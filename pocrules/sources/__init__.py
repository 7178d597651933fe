"""The input layer: any strategy file in, one :class:`Document` out.

Each reader turns its format into the same plain data plus a locator
(``line:column`` for text, section, paragraph or table cell for Word); nothing
after loading knows which format a strategy came from.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Problem
from .docx_safety import looks_like_word
from .document import Document, Place, escape, join
from . import ryml_reader, yaml_reader
from .yaml_reader import MAX_BYTES, MAX_NODES

__all__ = ["Document", "Place", "escape", "join", "parse", "read", "MAX_BYTES"]

MAX_DEPTH = 100
"""Deepest nesting the fast reader builds; deeper text goes to the reference reader."""


def parse(text: str, path: str) -> Document:
    """Parse YAML (JSON is a subset) with source positions: rapidyaml where it can, PyYAML otherwise."""
    fast = ryml_reader.parse(text, path, max_nodes=MAX_NODES, max_depth=MAX_DEPTH)
    return fast if fast is not None else yaml_reader.parse(text, path)


def read(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse a file, refusing what is too large, binary or not UTF-8; Word files go to the Word reader."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, [Problem(f"cannot read the file: {exc.strerror}")]) from None
    if looks_like_word(name, raw[:8]):
        return _read_word(name)
    if len(raw) > max_bytes:
        raise InputError(name, [Problem(f"the file is larger than {max_bytes:,} bytes; refusing to load it")])
    if b"\x00" in raw:
        raise InputError(name, [Problem("this is a binary file, not YAML or JSON")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, [Problem(f"the file is not UTF-8 text (invalid byte at offset {exc.start})")]) from None
    return parse(text, name)


def _read_word(path: str) -> Document:
    from . import word_reader  # python-docx and the template load only when a Word file is read

    return word_reader.parse(path)

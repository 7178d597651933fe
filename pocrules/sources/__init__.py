"""The input layer: any strategy file in, one :class:`Document` out.

Each reader turns its format into the same plain data plus a locator
(``line:column`` for text, section, paragraph or table cell for Word); nothing
after loading knows which format a strategy came from. Every file is opened
through :mod:`.files` (regular files only, bounded in size) and every reader
shares the bounds in :mod:`.limits`.
"""

from __future__ import annotations

from pathlib import Path

from . import json_reader, ryml_reader
from .docx_safety import MAX_FILE_BYTES, looks_like_word
from .document import Document, Place, escape, join
from .files import MAX_BYTES, decode, open_regular, read_bytes, read_text, utf8_as_is
from .limits import MAX_DEPTH, MAX_NODES

__all__ = ["Document", "Place", "escape", "join", "load", "looks_like_word", "parse", "read", "read_strategy_bytes",
           "open_regular", "read_bytes", "read_text", "decode", "MAX_BYTES", "MAX_DEPTH", "MAX_NODES"]


def parse(text: str, path: str, *, kind: str = "strategy", encoded: bytes | None = None) -> Document:
    """Parse YAML with source positions: rapidyaml where it can, PyYAML (which words every error) otherwise.

    ``encoded``: the text's UTF-8 bytes where the caller has them (as read), spared encoding it again.
    """
    fast = ryml_reader.parse(text, path, max_nodes=MAX_NODES, max_depth=MAX_DEPTH, encoded=encoded)
    if fast is not None:
        return fast
    from . import yaml_reader  # PyYAML (about 10 ms to import) loads only for a text rapidyaml leaves to it

    return yaml_reader.parse(text, path, kind=kind)


def read(path: str | Path, *, kind: str = "strategy", max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse a file: Word, JSON (``.json``) or YAML; refusing what is not a bounded regular text file.

    ``kind`` names what the file is for ("strategy", "ruleset", "waivers file"...) in any error.
    """
    name = str(path)
    if looks_like_word(name, b""):  # by its name: a .docx is larger than any text file and has its own caps
        return _read_word(name)
    return load(read_bytes(path, kind=kind, max_bytes=max_bytes), name, kind=kind)


def read_strategy_bytes(path: str | Path) -> bytes:
    """A strategy file's bytes, for a cache key: a Word file (by its name) under the larger cap of its own."""
    return read_bytes(path, max_bytes=MAX_FILE_BYTES if looks_like_word(str(path), b"") else MAX_BYTES)


def load(raw: bytes, name: str, *, kind: str = "strategy") -> Document:
    """Parse the bytes of a file already read (by :func:`read`, or by :func:`read_strategy_bytes` to hash them)."""
    if looks_like_word(name, raw[:8]):
        return _read_word(name)
    text = decode(raw, name, kind=kind)
    if name.lower().endswith(".json"):
        return json_reader.parse(text, name, kind=kind)
    return parse(text, name, kind=kind, encoded=raw if utf8_as_is(raw) else None)


def _read_word(path: str) -> Document:
    from . import word_reader  # python-docx and the template load only when a Word file is read

    return word_reader.parse(path)

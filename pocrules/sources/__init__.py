"""The input layer: any strategy file in, one :class:`Document` out.

Each reader turns its format into the same plain data plus a locator
(``line:column`` for text, section, paragraph or table cell for Word); nothing
after loading knows which format a strategy came from. Every file is read
through :mod:`.files` (regular files only, bounded in size) and every reader
shares the bounds in :mod:`.limits`.
"""

from __future__ import annotations

from pathlib import Path

from . import json_reader
from .document import Document, Place, escape, join
from .files import MAX_BYTES, decode, read_bytes, read_text
from .limits import MAX_DEPTH, MAX_NODES
from .yaml_reader import parse

__all__ = ["Document", "Place", "escape", "join", "parse", "read", "read_bytes", "read_text", "decode",
           "MAX_BYTES", "MAX_DEPTH", "MAX_NODES"]


def read(path: str | Path, *, kind: str = "strategy", max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse a file as JSON (``.json``) or YAML, refusing what is too large, binary or not text.

    ``kind`` names what the file is for ("strategy", "ruleset", "waivers file"...) in any error.
    """
    text = read_text(path, kind=kind, max_bytes=max_bytes)
    reader = json_reader.parse if str(path).lower().endswith(".json") else parse
    return reader(text, str(path), kind=kind)

"""Bounds on what one input may expand to, shared by every reader and validator.

A strategy is about eight levels deep and a ruleset's conditions a dozen, so the
depth cap leaves room for any real file while staying far below Python's recursion
limit: nothing downstream (validation, rule compilation) can then recurse itself to death.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted in any input."""

MAX_NODES = 200_000
"""Most values a document may expand to, YAML aliases included."""


def too_deep() -> str:
    return f"the values are nested more than {MAX_DEPTH} levels deep; refusing to load the file"


def too_many(limit: int = MAX_NODES) -> str:
    return (f"the document expands to more than {limit:,} values "
            "(an alias bomb or a runaway file); refusing to load it")


def deeper_than(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``data`` nests lists and mappings more than ``limit`` levels (checked without recursing)."""
    level: list[tuple[Any, int]] = [(data, 0)]
    while level:
        node, depth = level.pop()
        if isinstance(node, (dict, list)):
            if depth >= limit:
                return True
            level.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return False

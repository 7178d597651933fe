"""Parse JSON text into a :class:`Document`, with the line and column of every value.

Python's ``json`` module reports no positions and recurses once per level, so this
is a small iterative parser: nesting is bounded by :data:`MAX_DEPTH` (never by the
interpreter's recursion limit), duplicate keys are errors as in YAML, and strings
are decoded by the standard library's own (C) string scanner.
"""

from __future__ import annotations

import bisect
import re
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from ..errors import InputError, Problem, shorten
from .document import Document, escape
from .limits import MAX_DEPTH, MAX_NODES, too_deep, too_many

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LITERALS = (("true", True), ("false", False), ("null", None))


class _Parser:
    def __init__(self, text: str, path: str, kind: str, max_nodes: int) -> None:
        self.text, self.path, self.kind, self.max_nodes = text, path, kind, max_nodes
        self.lines = [m.end() for m in re.finditer("\n", text)]
        self.positions: dict[str, tuple[int, int]] = {}
        self.nodes = 0

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.lines, offset)
        return line + 1, offset - (self.lines[line - 1] if line else 0) + 1

    def fail(self, message: str, offset: int, pointer: str = "") -> InputError:
        line, column = self.at(offset)
        return InputError(self.path, [Problem(message, pointer, line, column)], kind=self.kind)

    def malformed(self, expected: str, offset: int) -> InputError:
        found = self.text[offset:offset + 1]
        got = f"found {shorten(self.text[offset:offset + 20])}" if found else "the file ends"
        return self.fail(f"malformed JSON: expected {expected}, but {got}", offset)

    def string(self, offset: int) -> tuple[str, int]:
        try:
            value, end = scanstring(self.text, offset + 1, True)
        except JSONDecodeError as exc:
            raise self.fail(f"malformed JSON: {exc.msg.lower()}", exc.pos) from None
        if _SURROGATE.search(value):
            raise self.fail("malformed JSON: a \\u escape is half of a UTF-16 surrogate pair", offset)
        return value, end

    def scalar(self, offset: int) -> tuple[Any, int]:
        text = self.text
        if text.startswith('"', offset):
            return self.string(offset)
        number = _NUMBER.match(text, offset)
        if number and number.end() > offset:
            literal = number.group()
            try:
                return (float(literal) if number.group(1) or number.group(2) else int(literal)), number.end()
            except ValueError:  # an integer beyond Python's digit limit
                raise self.fail(f"a number of {len(literal):,} digits is too long", offset) from None
        for word, value in _LITERALS:
            if text.startswith(word, offset):
                return value, offset + len(word)
        raise self.malformed("a value", offset)

    def key(self, offset: int, container: dict, pointer: str) -> tuple[str, int]:
        """Read ``"key":`` at ``offset``; returns the key's pointer and the offset of its value."""
        if not self.text.startswith('"', offset):
            raise self.malformed("a key in double quotes", offset)
        key, end = self.string(offset)
        child = f"{pointer}/{escape(key)}"
        if key in container:
            raise self.fail(f"duplicate key {shorten(key)}", offset, child)
        self.positions[child] = self.at(offset)
        end = _SPACE.match(self.text, end).end()
        if not self.text.startswith(":", end):
            raise self.malformed("':' after the key", end)
        return key, _SPACE.match(self.text, end + 1).end()

    def parse(self) -> Any:
        """The document's value; a stack of open containers replaces recursion."""
        text, n = self.text, len(self.text)
        i = _SPACE.match(text, 0).end()
        if i == n:
            raise self.fail("the file is empty", 0)
        self.positions[""] = self.at(i)
        stack: list[list[Any]] = []  # [container, its pointer, current key or index]
        root: Any = None
        while True:
            pointer = "" if not stack else f"{stack[-1][1]}/{escape(str(stack[-1][2]))}"
            self.nodes += 1
            if self.nodes > self.max_nodes:
                raise self.fail(too_many(self.max_nodes), i, pointer)
            opener = text[i:i + 1]
            if opener in ("{", "["):
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(too_deep(), i)
                value: Any = {} if opener == "{" else []
                i = _SPACE.match(text, i + 1).end()
                closer = "}" if opener == "{" else "]"
                opened = not text.startswith(closer, i)
                if not opened:
                    i += 1
            else:
                value, i = self.scalar(i)
                opened = False
            if stack:
                parent, _, slot = stack[-1]
                if isinstance(parent, dict):
                    parent[slot] = value
                else:
                    parent.append(value)
            else:
                root = value
            if opened:
                stack.append([value, pointer, None])
                if isinstance(value, dict):
                    stack[-1][2], i = self.key(i, value, pointer)
                else:
                    stack[-1][2] = 0
                    self.positions[f"{pointer}/0"] = self.at(i)
                continue
            while True:  # after a value: a comma opens the next one, a bracket closes a container
                i = _SPACE.match(text, i).end()
                if not stack:
                    if i != n:
                        raise self.malformed("the end of the file after the document", i)
                    return root
                container, at, slot = stack[-1]
                closer = "}" if isinstance(container, dict) else "]"
                if text.startswith(",", i):
                    i = _SPACE.match(text, i + 1).end()
                    if isinstance(container, dict):
                        stack[-1][2], i = self.key(i, container, at)
                    else:
                        stack[-1][2] = slot + 1
                        self.positions[f"{at}/{slot + 1}"] = self.at(i)
                    break
                if not text.startswith(closer, i):
                    raise self.malformed(f"',' or '{closer}'", i)
                i += 1
                stack.pop()


def parse(text: str, path: str, *, kind: str = "strategy", max_nodes: int = MAX_NODES) -> Document:
    """Parse JSON into a :class:`Document` with source positions."""
    parser = _Parser(text, path, kind, max_nodes)
    data = parser.parse()
    return Document(path, data, parser.positions)

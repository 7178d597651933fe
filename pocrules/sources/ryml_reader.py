"""A fast YAML reader on rapidyaml, for the plain YAML that strategies are written in.

PyYAML composes a Python node object per value before anything is built, which
made parsing most of an audit's time. Here rapidyaml parses in C++, emits the
tree as JSON in C++, and orjson's decoder builds the data:
no Python code runs per value except one pass that finds the few values PyYAML's
scalar resolution reads otherwise (YAML 1.1 booleans, octal-looking numbers,
``1_000``, dates) and gives them what it would. Positions are found only when
asked for (a finding or an error needs a handful): the tree is kept, and each
scalar rapidyaml returns is a zero-copy view into the source buffer, so its
address minus the buffer's is its byte offset, and counting line breaks gives
line and column.

PyYAML stays the reference (:mod:`.yaml_reader`). This reader takes the common
subset — block and flow collections; plain, quoted and block scalars — and for
anything else (anchors, aliases, merge keys, tags, several documents, duplicate
or non-string keys, unusual line breaks, any doubt) returns ``None`` so that the
reference reader runs: every error decision and message is the reference's by
construction, and a differential test holds data and positions identical.
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
import datetime as dt
import functools
import json
import os
import weakref
from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from .document import Document
from .scalars import DATE, RESOLVERS, STR, resolve

try:  # an optional accelerator with binary wheels; PyYAML alone works everywhere
    import ryml
except ImportError:  # pragma: no cover - exercised where rapidyaml is not installed
    ryml = None

_ODD_TEXT = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")
"""Line breaks PyYAML counts that a newline index would not (and a stray BOM). A CR+LF is read as a LF before."""


def _refused(text: str) -> bool:
    """Whether the text uses YAML this reader leaves to the reference (checked with cheap scans)."""
    if any(mark in text for mark in _ODD_TEXT):
        return True
    if "<" in text and "<<" in text:  # a merge key; one character is found by memchr, a pair 60 times slower
        return True
    return text[:1] in "&*!" or any(_starts_token(text, mark) for mark in "&*!")


def _starts_token(text: str, mark: str) -> bool:
    """Whether an anchor, alias or tag indicator (``mark``) stands where a token starts, past the first character.

    That is after a space or a flow or block indicator, and before a character that is no space.
    Conservative: prose that merely looks like one ("see *Annex I*") costs only the reference
    reader's speed. Each ``mark`` is found with ``str.find``: a regular expression starting with
    the class of what may come before tried every space, 0.6 ms of a strategy with '&' in its prose.
    """
    at = text.find(mark, 1)
    while at != -1:
        before = text[at - 1]
        if (before in "[]{},:-" or before.isspace()) and text[at + 1:at + 2].strip():
            return True
        at = text.find(mark, at + 1)
    return False


if ryml is not None:
    _MAP, _SEQ = ryml.MAP, ryml.SEQ
    _FLOW = ryml.CONTAINER_STYLE_FLOW
    _KEY_QUOTES, _KEY_PLAIN = ryml.KEY_SQUO | ryml.KEY_DQUO, ryml.KEY_PLAIN
    _VAL_QUOTES, _VAL_PLAIN = ryml.VAL_SQUO | ryml.VAL_DQUO, ryml.VAL_PLAIN
    _VAL_BLOCK = ryml.VAL_LITERAL | ryml.VAL_FOLDED
    _NONE = ryml.NONE


class _Unsupported(Exception):
    """Outside the subset this reader handles exactly: hand the text to the reference reader."""


class _PyBuffer(ctypes.Structure):
    _fields_ = [("buf", ctypes.c_void_p), ("obj", ctypes.c_void_p), ("len", ctypes.c_ssize_t),
                ("itemsize", ctypes.c_ssize_t), ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
                ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p), ("strides", ctypes.c_void_p),
                ("suboffsets", ctypes.c_void_p), ("internal", ctypes.c_void_p)]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]


def _address(view: Any) -> int:
    """Memory address of a read-only buffer: what the buffer protocol exposes and memoryview hides."""
    scratch = _PyBuffer()
    _get_buffer(view, ctypes.byref(scratch), 0)
    address = scratch.buf
    _release_buffer(ctypes.byref(scratch))
    return address


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints its parse errors to file descriptor 2; the reference reader words them instead."""
    saved = os.dup(2)
    try:
        os.dup2(_null(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@functools.cache
def _null() -> int:
    """A descriptor on the null device, opened once (a file object and four system calls a document before)."""
    return os.open(os.devnull, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))


_resolve = functools.lru_cache(maxsize=4096)(resolve)  # values repeat (dates, ratings, yes/no): bounded


def _decoded(tree: Any, node: int, guess: int) -> Any:
    """The tree below ``node`` as data: emitted as JSON into a buffer of ours (``guess`` bytes or more), decoded.

    Not ``emit_json_malloc``: rapidyaml copies its C buffer into the string it returns and
    never frees it, about 150 KB a strategy, so an audit's workers grew without bound.
    """
    buffer = bytearray(guess)
    failed, size = ryml.emit_json_to_substr(tree, node, buffer)
    if failed:  # too small: ``size`` is what it needs
        buffer = bytearray(size)
        failed, size = ryml.emit_json_to_substr(tree, node, buffer)
    del buffer[size:]
    try:
        return orjson.loads(buffer)  # a third less time than pydantic-core's decoder, half json's
    except ValueError:  # a raw control character in a string (rapidyaml writes a tab as it is), an integer
        return _LAX_JSON.decode(buffer.decode("utf-8"))  # beyond 64 bits: json reads both


_LAX_JSON = json.JSONDecoder(strict=False)
"""Reads control characters in strings, as rapidyaml writes them (built once: ``json.loads`` builds one a call)."""


_SPARE_TREES: list[Any] = []
"""Trees of documents no longer in use, kept with the room they grew to, for the next parse.

A new tree grows its node array by doubling, and the fresh memory of each step costs page
faults: about 220 a strategy, which made parsing take twice as long in an audit as in a loop."""


def _spare(tree: Any) -> None:
    if len(_SPARE_TREES) < 2 and tree.capacity() <= 1 << 16:  # a few MB at most, so memory stays flat
        _SPARE_TREES.append(tree)


def _tree_for(size: int) -> Any:
    """A spare tree not far larger than a document of ``size`` bytes can need, else a new one.

    Clearing a tree for the next parse writes its whole node array, 144 bytes a node it has
    room for: after one 60,000-line strategy, every document would have paid 0.3 ms to clear
    room for 65,536 nodes. A document needs at most a node every two bytes (``[a,b,c]``),
    and a strategy one every 26 or so: room for a node every four bytes (or a strategy's
    4,096) keeps the clearing in proportion to the document.
    """
    while _SPARE_TREES:
        tree = _SPARE_TREES.pop()
        if tree.capacity() <= max(4096, size // 4):
            return tree
    return ryml.Tree()


class _Source:
    """The parsed tree and the bytes it was parsed from: what positions are computed from, on demand."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.buffer = bytearray(raw)
        self.tree = _tree_for(len(raw))
        weakref.finalize(self, _spare, self.tree).atexit = False
        self.tree.clear()
        with _quiet_stderr():
            ryml.parse_in_place(self.buffer, self.tree)
        self.base = _address(self.buffer)
        self.known = [0]
        """Offsets whose line is known, in order (a position is found by counting breaks from the nearest)."""
        self.lines = [1]
        self.root = self.tree.root_id()

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a byte offset; columns count characters, as PyYAML's do."""
        at = bisect.bisect_right(self.known, offset)
        line = self.lines[at - 1] + self.raw.count(b"\n", self.known[at - 1], offset)
        self.known.insert(at, offset)  # positions are mostly asked in document order: appended
        self.lines.insert(at, line)
        start = self.raw.rfind(b"\n", 0, offset) + 1
        return line, len(self.raw[start:offset].decode("utf-8")) + 1

    def back(self, offset: int, expected: bytes, skip: bytes = b" \t\n") -> int:
        """Offset of the ``expected`` indicator before ``offset``, past whitespace and ``skip``."""
        i = offset - 1
        while i >= 0 and self.raw[i] in skip:
            i -= 1
        if i < 0 or self.raw[i] not in expected:
            raise _Unsupported
        return i

    def start(self, node: int) -> int:
        """Byte offset of PyYAML's start mark for a node as a sequence item (or the root)."""
        tree = self.tree
        kind = tree.type(node)
        if kind & (_MAP | _SEQ):
            first = tree.first_child(node)
            if first == _NONE:
                raise _Unsupported  # an empty container has no child to find its bracket from
            inner = self.key_start(first) if kind & _MAP else self.start(first)
            if kind & _FLOW:
                return self.back(inner, b"{" if kind & _MAP else b"[")
            return inner if kind & _MAP else self.back(inner, b"-", b" \t")
        view = tree.val(node)
        if view is None:
            raise _Unsupported  # an empty item: PyYAML places it where the next token starts
        at = _address(view) - self.base
        if kind & _VAL_QUOTES:
            return at - 1
        if kind & _VAL_BLOCK:
            return self.back(self.back(at, b"\n", b" \t") + 1, b"|>", b" \t+-0123456789")
        return at

    def key_start(self, node: int) -> int:
        kind = self.tree.type(node)
        at = _address(self.tree.key(node)) - self.base
        if kind & _KEY_QUOTES:
            return at - 1
        if not kind & _KEY_PLAIN:
            raise _Unsupported  # block-scalar or complex keys
        return at

    def node(self, pointer: str) -> tuple[int, bool] | None:
        """The tree node at a JSON pointer, and whether it is a mapping member (else a list item)."""
        node, member = self.root, False
        for token in pointer.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if self.tree.is_map(node):
                node, member = self.tree.find_child(node, token.encode("utf-8")), True
            elif self.tree.is_seq(node) and token.isdigit() and int(token) < self.tree.num_children(node):
                node, member = self.tree.child(node, int(token)), False
            else:
                return None
            if node == _NONE:
                return None
        return node, member

    def locate(self, pointer: str) -> tuple[int, int] | None:
        found = self.node(pointer)
        if found is None:
            return None
        node, member = found
        return self.position(self.key_start(node) if member else self.start(node))


class _Positions(Mapping):
    """JSON pointer -> (line, column), computed when asked and remembered.

    Holds exactly the pointers the reference reader records: every mapping key and
    every list item of the data, plus the root.
    """

    def __init__(self, source: _Source, data: Any, text: str) -> None:
        self.source = source
        self.data = data
        self.text = text
        self.cache: dict[str, tuple[int, int] | None] = {}

    def _get(self, pointer: str) -> tuple[int, int] | None:
        if pointer not in self.cache:
            try:
                self.cache[pointer] = self.source.locate(pointer)
            except _Unsupported:  # a value this reader cannot place exactly: ask the reference reader
                from . import yaml_reader  # PyYAML, loaded only when it is needed (about 10 ms)

                reference = yaml_reader.parse(self.text, "").positions
                self.cache.update({p: reference.get(p) for p in {*self.cache, pointer}})
                self.source.locate = reference.get  # type: ignore[method-assign] - every later lookup too
        return self.cache[pointer]

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        found = self._get(pointer)
        if found is None:
            raise KeyError(pointer)
        return found

    def __contains__(self, pointer: object) -> bool:
        return isinstance(pointer, str) and self._get(pointer) is not None

    def __iter__(self) -> Iterator[str]:
        def walk(node: Any, pointer: str) -> Iterator[str]:
            yield pointer
            items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
            for key, child in items:
                token = str(key).replace("~", "~0").replace("/", "~1")
                yield from walk(child, f"{pointer}/{token}")

        return walk(self.data, "")

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Resolver:
    """PyYAML's resolution for the values JSON cannot tell apart (plain ``yes`` from quoted ``'yes'``).

    One pass over the decoded data finds the few strings PyYAML may read as something else
    (dates, ``yes``, ``~``...) and the reals JSON read; a scalar costs a type test and,
    for prose, one comparison (see ``_TYPED_STARTS_BELOW``). The pass also numbers the values as rapidyaml numbered its
    nodes: its parser claims node ids one after another in document order (a speculative
    node it drops is always the last one claimed, whose id the next node takes), so the
    n-th value met depth first is node n. Each value found is then read in the tree by its
    id, with no search, to learn whether it was written plain and, where rapidyaml wrote
    it in its own words (``inf`` as ``".inf"``, ``-.5`` as ``-0.5``), what was written.
    """

    def __init__(self, tree: Any, max_depth: int) -> None:
        self.tree = tree
        self.max_depth = max_depth
        self.found: list[tuple[dict[str, Any] | list[Any], str | int, str | float, int]] = []
        """(container, key or index, value, tree node) of each value to resolve, in document order."""

    def container(self, node: dict[str, Any] | list[Any], at: int, depth: int) -> int:
        """Collect the values of ``node`` (tree node ``at``) to resolve, and of every container in it.

        Returns the id of the last node in it, so that the caller numbers on from there.
        """
        if node and depth >= self.max_depth:
            raise _Unsupported  # the reference reader refuses it with its own message
        if type(node) is dict:
            if not _TEXT_KEYS.issuperset(node):
                _text_keys(node)
            items: Any = node.items()
        else:
            items = enumerate(node)
        found = self.found
        for key, child in items:
            at += 1
            kind = type(child)
            if kind is str:  # see _TYPED_STARTS_BELOW
                if (child < _TYPED_STARTS_BELOW or len(child) <= 5) and child[:1] in RESOLVERS \
                        and _resolve(child) != STR:
                    found.append((node, key, child, at))
            elif kind is dict or kind is list:
                at = self.container(child, at, depth + 1)
            elif kind is float:  # written bare by rapidyaml, perhaps not as written (``.5`` as ``0.5``)
                found.append((node, key, child, at))
            # integers, true, false, null: rapidyaml writes them bare only for plain values, as written
        return at

    def resolve(self) -> None:
        """Give each value collected what PyYAML reads from its text where it was written plain."""
        tree = self.tree
        for node, key, value, at in self.found:
            text = bytes(tree.val(at)).decode("utf-8")  # as written: rapidyaml's JSON may word a real otherwise
            same = float(text) == value if type(value) is float else text == value or value in _REWRITTEN
            if not same:
                raise _Unsupported  # not the node the numbering says: trust none of it
            if tree.type(at) & _VAL_PLAIN:  # else quoted or a block scalar: text, as JSON has it
                node[key] = _construct(_resolve(text), text) if text else None  # type: ignore[index]


_TYPED_STARTS_BELOW = ":"
"""Every plain value of more than five characters that PyYAML reads as other than text (a number, a date,
a time) starts with a digit, a sign or a point, all of which sort before this: the words it reads as
booleans or null, and its one-character indicators, are five characters at most. So prose (most
values) is passed over on one comparison, without looking at its first character."""

_REWRITTEN = frozenset({".inf", "-.inf", ".nan"})
"""What rapidyaml writes to JSON for any plain spelling of an infinity or not-a-number (``inf``,
``-Infinity``, ``NaN``...), some of which PyYAML reads as text."""


def _text_keys(mapping: dict[str, Any]) -> None:
    """Refuse a mapping with a key PyYAML would not read as text; remember the keys that are."""
    for key in mapping:
        if not key or (key[:1] in RESOLVERS and _resolve(key) != STR):
            raise _Unsupported  # a key PyYAML would read as a number, date, null or boolean
    if len(_TEXT_KEYS) < 4096:  # bounded, so memory stays flat
        _TEXT_KEYS.update(mapping)


_TEXT_KEYS: set[str] = set()
"""Keys known to read as text: strategies use the same few hundred field names throughout."""


@functools.lru_cache(maxsize=4096)  # dates, ratings and yes/no repeat; the values are immutable, so shared
def _construct(tag: str, text: str) -> Any:
    """What the reference reader builds from a plain value; a date as PyYAML builds it, without loading PyYAML.

    A strategy's typed values are nearly all dates, written YYYY-MM-DD (the only ten-character
    form the timestamp pattern admits): PyYAML makes those ``date(year, month, day)``.
    """
    try:
        if tag == DATE and len(text) == 10:
            return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        from . import yaml_reader  # PyYAML, loaded only for the rarer values (booleans, numbers, times)

        return yaml_reader.construct(tag, text)
    except Exception as exc:  # e.g. month 13: the reference reader words the error
        raise _Unsupported from exc


def parse(text: str, path: str, *, max_nodes: int, max_depth: int, encoded: bytes | None = None) -> Document | None:
    """The document, or ``None`` when the text is outside this reader's subset (or rapidyaml is absent).

    ``encoded``: ``text`` in UTF-8, where the caller has it already.
    """
    if ryml is None:
        return None
    written = text
    if "\r" in text:  # Windows line ends: PyYAML reads each as one line break, in scalars and in positions alike
        text, encoded = text.replace("\r\n", "\n"), None
    if _refused(text):  # a carriage return left on its own, among others
        return None
    try:
        source = _Source(text.encode("utf-8") if encoded is None else encoded)
        tree = source.tree
        kind = tree.type(source.root)
        if not kind & _MAP or tree.is_stream(source.root):
            return None  # several documents, or not a mapping: the reference reader says what it is
        if tree.size() > max_nodes:
            return None  # the reference reader refuses it with its own message
        data = _decoded(tree, source.root, 2 * len(source.raw) + 64)
        resolver = _Resolver(tree, max_depth)
        if resolver.container(data, source.root, 0) - source.root + 1 != tree.size():
            return None  # JSON kept one value of a duplicate key: the reference reader reports it, located
        resolver.resolve()
        positions = _Positions(source, data, written)
        if "" not in positions:
            return None
    except (_Unsupported, ValueError, RuntimeError, UnicodeDecodeError):
        return None
    except Exception as exc:  # rapidyaml's own errors: the reference reader locates and words them
        if isinstance(exc, (ryml.ExceptionParse, ryml.ExceptionBasic, ryml.ExceptionVisit)):
            return None
        raise
    return Document(path, data, positions)  # type: ignore[arg-type] - a lazy mapping

"""Parse YAML or JSON text safely and remember where every value came from.

The loader walks PyYAML's node graph itself instead of calling ``safe_load`` so
that it can (a) record a JSON-pointer -> (line, column) map for locating
findings and validation errors, (b) reject duplicate keys, which PyYAML would
silently overwrite, and (c) count the nodes it expands, which defeats alias
("billion laughs") bombs. Only the safe constructors for plain scalars are used:
no tag can build a Python object.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import InputError, Problem, shorten
from .document import Document, escape
from .limits import MAX_DEPTH, MAX_NODES, too_deep, too_many
from .scalars import resolve

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_Base):  # type: ignore[misc, valid-type]
    """libyaml's parser where installed (several times faster), with a leaner tag resolver.

    The resolver runs once per scalar from Python; most scalars of a strategy are
    prose, which this settles with one dictionary lookup (same tags as PyYAML's).
    """

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201
        """The pure-Python composer recurses per level: cap it (libyaml's composer has its own cap)."""
        self.depth = getattr(self, "depth", 0) + 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, too_deep(), self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201
        if kind is yaml.ScalarNode:
            return resolve(value) if implicit[0] else self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

_STR, _MAP, _SEQ, _MERGE, _NULL, _DATE = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq", "merge", "null",
                                                                             "timestamp"))


class _Builder:
    def __init__(self, path: str, merges: bool = True, kind: str = "strategy") -> None:
        self.path = path
        self.kind = kind
        self.merges = merges
        """Whether the text has any '<<' at all: most strategies have none, so no key needs checking."""
        self.loader = yaml.SafeLoader("")
        self.positions: dict[str, tuple[int, int]] = {}
        self.nodes = 0
        self.depth = 0

    def fail(self, message: str, node: yaml.Node, pointer: str) -> InputError:
        mark = node.start_mark
        return InputError(self.path, [Problem(message, pointer, mark.line + 1, mark.column + 1)], kind=self.kind)

    def build(self, node: yaml.Node, pointer: str) -> Any:
        """Python data for ``node``; records where every mapping key and list item starts.

        This is the loader's hot loop (a large strategy has thousands of nodes),
        hence the inlined pointer building and the fast path for plain strings.
        """
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(too_many(), node, pointer)
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _MAP or tag == _SEQ:
            if self.depth >= MAX_DEPTH:
                raise self.fail(too_deep(), node, "")
            self.depth += 1
            try:
                return self.mapping(node, pointer) if tag == _MAP else self.sequence(node, pointer)
            finally:
                self.depth -= 1
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(f"unsupported YAML tag {shorten(tag)}", node, pointer)
        return self.build_scalar(node, pointer)

    def mapping(self, node: yaml.MappingNode, pointer: str) -> dict[str, Any]:
        pairs = node.value
        merged: dict[str, Any] = {}
        if self.merges and any(k.tag == _MERGE for k, _ in pairs):
            merged = self.merged(node, pointer)
            pairs = [(k, v) for k, v in pairs if k.tag != _MERGE]
        result: dict[str, Any] = {}
        positions = self.positions
        for key_node, value_node in pairs:
            key = key_node.value if key_node.tag == _STR else self.key(key_node, pointer)
            child = f"{pointer}/{escape(key) if ('~' in key or '/' in key) else key}"
            if key in result:
                raise self.fail(f"duplicate key {shorten(key)}", key_node, child)
            mark = key_node.start_mark
            positions[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, child)
        for key, value in merged.items():  # a key written out overrides a merged one: that is what '<<' is for
            result.setdefault(key, value)
        return result

    def merged(self, node: yaml.MappingNode, pointer: str) -> dict[str, Any]:
        """The keys a mapping takes from its merge keys (``<<: *a`` or ``<<: [*a, *b]``; the first wins)."""
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                continue
            sources = value_node.value if value_node.tag == _SEQ else [value_node]
            for source in sources:
                if source.tag != _MAP:
                    raise self.fail("a merge key (<<) must refer to a mapping or a list of mappings",
                                    source, pointer)
                for key, value in self.build(source, pointer).items():
                    merged.setdefault(key, value)
        return merged

    def sequence(self, node: yaml.SequenceNode, pointer: str) -> list[Any]:
        positions = self.positions
        items = []
        for i, item in enumerate(node.value):
            child = f"{pointer}/{i}"
            mark = item.start_mark
            positions[child] = (mark.line + 1, mark.column + 1)
            items.append(self.build(item, child))
        return items

    def key(self, node: yaml.Node, pointer: str) -> str:
        """A key that is not plain text (``1:``, ``yes:``), kept as written; a null key is an error."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail("a mapping key must be a plain value", node, pointer)
        if node.tag == _NULL:
            raise self.fail("a key is empty (null); every key needs a name", node, pointer)
        self.build_scalar(node, pointer, key=True)  # refuses unsupported tags and invalid values
        return node.value

    def build_scalar(self, node: yaml.Node, pointer: str, *, key: bool = False) -> Any:
        constructor = self.loader.yaml_constructors.get(node.tag)
        if constructor is None:
            raise self.fail(f"unsupported YAML tag {shorten(node.tag)}", node, pointer)
        try:
            return constructor(self.loader, node)
        except ValueError as exc:  # e.g. a timestamp with month 13
            if node.tag == _DATE and not key:  # a date that cannot be: the text as written, which the model
                return node.value              # reports where it is, like any date it cannot read ('March')
            raise self.fail(f"invalid value {shorten(node.value)}: {exc}", node, pointer) from None


def construct(tag: str, text: str) -> Any:
    """What PyYAML builds from ``text`` written plain and resolved as ``tag`` (ValueError if it cannot be one)."""
    return _SCALARS.yaml_constructors[tag](_SCALARS, yaml.ScalarNode(tag, text))


_SCALARS = yaml.SafeLoader("")
"""The reference loader's scalar constructors (stateless for scalars), built once."""


def parse(text: str, path: str, *, kind: str = "strategy") -> Document:
    """Parse YAML into a :class:`Document` with source positions."""
    try:
        root = yaml.compose(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.context_mark and exc.problem:
            where = exc.context_mark
            reason += f" ({exc.context} that starts at line {where.line + 1}, column {where.column + 1})"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(path, [Problem(f"malformed YAML: {reason}", "", line, column)], kind=kind) from None
    except yaml.YAMLError as exc:
        raise InputError(path, [Problem(f"malformed YAML: {exc}")], kind=kind) from None
    if root is None:
        raise InputError(path, [Problem("the file is empty", "", 1, 1)], kind=kind)
    builder = _Builder(path, merges="<<" in text, kind=kind)
    builder.positions[""] = (root.start_mark.line + 1, root.start_mark.column + 1)
    try:
        data = builder.build(root, "")
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise InputError(path, [Problem(f"invalid value: {exc.problem}", "", mark.line + 1, mark.column + 1)],
                         kind=kind) from None
    return Document(path, data, builder.positions)

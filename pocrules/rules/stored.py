"""Compiled rulesets kept in the user's cache folder, so a check does not read and compile the rules each run.

Reading, validating and compiling the packaged rules is a tenth of a ``pocrules check``
that takes well under a second; the result depends only on the rule files, the settings
and the pocrules build. An entry is keyed by the settings and the build
(:func:`pocrules.cache.fingerprint`) and lists every rule file it was compiled from with
a digest of its bytes (and, for a folder, which files it holds); it is used only while
all of them are unchanged. Entries are plain JSON: rules are validated again by their
model when read back, conditions rebuilt from a fixed set of classes, and patterns
compiled again by RE2, so nothing read can run. Anything else is a miss: the rules are
compiled afresh and the entry replaced. A ruleset read or stored here carries what it is known
by (:attr:`.Ruleset.source`), under which the durable engine keeps its translation of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import re2

from .. import cache
from ..errors import InputError
from ..facts import Pattern
from ..sources import read_bytes
from . import ir
from .ir import CompiledRule, compile_pattern
from .ruleset import Ruleset
from .ruleset import load as compile_rules
from .schema import Rule

_IR = {cls.__name__: cls for cls in (ir.Const, ir.Ref, ir.Arith, ir.Test, ir.All, ir.Any_, ir.Alias, ir.Query)}


class _Unstorable(Exception):
    """A value without a plain JSON form (e.g. a date with a time); such a ruleset is simply not stored."""


def load(spec: str | Path | list[str] | None = None, *, params: dict[str, dict[str, Any]] | None = None,
         severities: dict[str, str] | None = None) -> Ruleset:
    """:func:`.ruleset.load`, from the cache when the same rules were compiled with the same settings before."""
    specs = spec if isinstance(spec, list) else [spec]
    # a name is looked up as a path first, as the loader does; the key holds where it was found
    where = [str(Path(s).resolve()) if s is not None and Path(s).exists() else s for s in specs]
    key = cache.fingerprint("ruleset", where, params or {}, severities or {})
    file = cache.entry_file(cache.directory() / "rulesets", key)
    record = cache.read_entry(file, key)
    if record is not None:
        try:
            if record["inputs"] == _inputs(record["inputs"]):
                return _ruleset(record["ruleset"], _source(key, record["inputs"]))
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError, OSError, InputError, re2.error):
            pass  # a corrupted or foreign entry, or a rule file gone: compiled afresh below, and replaced
    inputs: list[Path] = []
    ruleset = compile_rules(spec, params=params, severities=severities, inputs=inputs)
    try:
        stored = {"inputs": _inputs([str(p.resolve()) for p in (*inputs, _catalogue())]), "ruleset": _plain(ruleset)}
    except (_Unstorable, OSError, InputError):
        return ruleset
    cache.write_entry(file, key, stored)
    return dataclasses.replace(ruleset, source=_source(key, stored["inputs"]))


def _source(key: str, inputs: dict[str, Any]) -> str:
    """What a compiled ruleset is known by (:attr:`Ruleset.source`): its settings and build, and its files as read."""
    return cache.fingerprint("compiled ruleset", key, inputs)


def _catalogue() -> Path:
    """The requirement catalogue the rules' citations were checked against."""
    return Path(str(resources.files("pocrules").joinpath("data/requirements.yaml")))


def _inputs(paths: list[str] | dict[str, Any]) -> dict[str, Any]:
    """Each file's digest, and each folder's rule files with theirs, as they are now."""
    out: dict[str, Any] = {}
    for name in paths:
        path = Path(name)
        if path.is_dir():
            out[name] = {p.name: _digest(p) for p in sorted(path.glob("*.yaml"))}
        else:
            out[name] = _digest(path)
    return out


def _digest(path: Path) -> str:
    """A digest of a regular file of bounded size (InputError for anything else, as when rules are read)."""
    return hashlib.sha256(read_bytes(path, kind="ruleset")).hexdigest()


# -- to plain JSON and back ---------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, Ruleset):
        return {"name": value.name, "rules": [_plain(r) for r in value.rules],
                "patterns": [[p.kind, p.field, p.regex.pattern, p.derived] for p in value.patterns]}
    if isinstance(value, CompiledRule):
        return {"rule": _plain(value.rule.model_dump(by_alias=True, exclude_unset=True)), "section": value.section,
                "severity": value.severity, "params": _plain(value.params),
                "queries": [_plain(q) for q in value.queries], "for_each": value.for_each,
                "count": None if value.count is None else list(value.count)}
    if type(value).__name__ in _IR and dataclasses.is_dataclass(value):
        return {"$ir": type(value).__name__, **{f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, dt.datetime):
        raise _Unstorable("a date with a time")
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise _Unstorable("a mapping with keys other than text")
        if any(k.startswith("$") for k in value):  # kept apart from the tags above
            return {"$dict": [[k, _plain(v)] for k, v in value.items()]}
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise _Unstorable(type(value).__name__)


def _ruleset(data: dict[str, Any], source: str) -> Ruleset:
    rules = tuple(CompiledRule(Rule.model_validate(_value(r["rule"])), _text(r["section"]), _text(r["severity"]),
                               _value(r["params"]), tuple(_query(q) for q in r["queries"]),
                               None if r["for_each"] is None else _text(r["for_each"]),
                               None if r["count"] is None else _count(r["count"]))
                  for r in data["rules"])
    patterns = tuple(Pattern(_text(kind), _text(name), compile_pattern(_text(regex)), _text(derived))
                     for kind, name, regex, derived in data["patterns"])
    return Ruleset(_text(data["name"]), rules, patterns, source)


def _query(data: Any) -> ir.Query:
    query = _value(data, in_ir=True)
    if not isinstance(query, ir.Query):
        raise TypeError("not a query")
    return query


def _count(data: Any) -> tuple[int | None, int | None]:
    if not (isinstance(data, list) and len(data) == 2 and all(v is None or type(v) is int for v in data)):
        raise TypeError("not a count")
    return data[0], data[1]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _value(data: Any, *, in_ir: bool = False) -> Any:
    """The value :func:`_plain` wrote; inside the intermediate form every sequence is a tuple."""
    if isinstance(data, list):
        items = [_value(v, in_ir=in_ir) for v in data]
        return tuple(items) if in_ir else items
    if not isinstance(data, dict):
        return data
    if "$ir" in data:
        fields = {k: _value(v, in_ir=True) for k, v in data.items() if k != "$ir"}
        return _IR[data["$ir"]](**fields)
    if "$date" in data:
        return dt.date.fromisoformat(_text(data["$date"]))
    if "$dict" in data:
        return {_text(k): _value(v, in_ir=in_ir) for k, v in data["$dict"]}
    return {k: _value(v, in_ir=in_ir) for k, v in data.items()}

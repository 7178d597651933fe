"""Compiled rulesets kept in the user's cache folder, so a check does not read and compile the rules each run.

Reading, validating and compiling the packaged rules is a tenth of a ``pocrules check``
that takes well under a second; the result depends only on the rule files, the settings
and the pocrules build. An entry is keyed by the settings and the build
(:func:`pocrules.cache.fingerprint`) and lists every rule file it was compiled from with
a digest of its bytes (and, for a folder, which files it holds); it is used only while
all of them are unchanged. Entries are plain JSON, read back by the cache's typed decoder
(:func:`pocrules.cache.typed`) into the compiled form's own frozen dataclasses (:mod:`.ir`,
:mod:`.declared`), every field's type checked, with patterns compiled again by RE2: nothing
read can run, and the rule schema, which only what an author writes needs, is neither
imported nor built. Anything else is a miss: the rules are compiled afresh and the entry replaced. A ruleset read or stored here carries what it is known
by (:attr:`.Ruleset.source`), under which the durable engine keeps its translation of it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import re2

from .. import cache
from ..errors import InputError
from ..facts import Pattern
from ..sources import read_bytes
from .ir import CompiledRule, compile_pattern
from .ruleset import Ruleset
from .ruleset import load as compile_rules


class _Unstorable(Exception):
    """A ruleset that would not read back as the same rules (e.g. a NaN, a date with a time); it is simply not stored."""


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

_PATTERNS = tuple[tuple[str, str, str, str], ...]


def _plain(ruleset: Ruleset) -> dict[str, Any]:
    """The stored form of a compiled ruleset, if it reads back as the same rules (else :class:`_Unstorable`)."""
    data = {"name": ruleset.name, "rules": cache.plain(ruleset.rules),
            "patterns": [[p.kind, p.field, p.regex.pattern, p.derived] for p in ruleset.patterns]}
    try:  # as it will be read: a value JSON cannot hold, or holds as another (a NaN, a date with a time), is refused
        same = _ruleset(json.loads(json.dumps(data)), None).rules == ruleset.rules
    except (TypeError, ValueError, RecursionError):
        same = False
    if not same:
        raise _Unstorable(ruleset.name)
    return data


def _ruleset(data: dict[str, Any], source: str | None) -> Ruleset:
    """A compiled ruleset as :func:`_plain` stored it, each part's type checked (:func:`pocrules.cache.typed`)."""
    patterns = tuple(Pattern(kind, name, compile_pattern(regex), derived)
                     for kind, name, regex, derived in cache.typed(_PATTERNS, data["patterns"]))
    return Ruleset(cache.typed(str, data["name"]), cache.typed(tuple[CompiledRule, ...], data["rules"]), patterns,
                   source)

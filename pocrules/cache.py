"""The user's cache folder: results of earlier checks, and start-up work that need not be redone.

A results cache, so that re-auditing unchanged strategies costs a hash and a small read.
Like ruff's cache: an entry is keyed by everything that decides a file's findings
— the file's bytes, the compiled ruleset (rules, parameters, severities, the
selection), the audit date, the engine, the waivers, the pocrules version — so a
change to any of them is a miss, never a stale answer. Entries are plain JSON
(nothing in them can run), carry their own key, and are checked field by
field when read: a corrupted, truncated or foreign entry is ignored and rebuilt.
The folder is safe to delete at any time. :func:`read_entry` and :func:`write_entry`
keep other deterministic results the same way (compiled rulesets, the durable engine's rule
partition, and its translation of a compiled ruleset); :func:`read_bytes` and :func:`write_bytes` are the
file I/O of every kind of entry, including the report templates' compiled code
(:mod:`pocrules.reporters.compiled`), which is used only when its digest matches.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pydantic_core

from . import __version__
from .errors import InputError, Problem

if TYPE_CHECKING:
    from .check import Result
    from .findings import Finding

FORMAT = 3
"""Bumped whenever an entry's shape changes; older entries are then simply misses."""

MAX_ENTRY_BYTES = 4 * 1024 * 1024
"""An entry larger than this is not read (a real one is a few kilobytes)."""


def directory() -> Path:
    """Where the cache lives: $POCRULES_CACHE_DIR, else the user's cache folder for pocrules.

    On Linux that is XDG's, as platformdirs finds it, found here without importing platformdirs:
    that took 4 ms of every ``pocrules check``.
    """
    explicit = os.environ.get("POCRULES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel"):
        for base, below in ((os.environ.get("XDG_CACHE_HOME", ""), ()), (os.environ.get("HOME", ""), (".cache",))):
            if os.path.isabs(base):
                return Path(base, *below, "pocrules")
    import platformdirs

    return Path(platformdirs.user_cache_dir("pocrules", appauthor=False))


def fingerprint(*parts: object) -> str:
    """A stable digest of what decides the findings besides the file (reprs are deterministic here).

    It includes the pocrules version and the size and modification time of every file of
    the installed package (modules, templates, data), so an edited (editable) install never
    reads an older build's entries.
    """
    digest = hashlib.sha256(f"pocrules {__version__} cache {FORMAT}".encode())
    digest.update(_code_stamp().encode())
    for part in parts:
        digest.update(b"\x00" + repr(part).encode("utf-8"))
    return digest.hexdigest()


@cache
def _code_stamp() -> str:
    """Every package file's name, size and modification time; os.walk, as Path.rglob took 3 ms a run."""
    package = Path(__file__).resolve().parent
    stamps = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        inside = Path(folder).relative_to(package).as_posix()
        for name in names:
            st = os.stat(os.path.join(folder, name))
            stamps.append((name if inside == "." else f"{inside}/{name}", st.st_size, st.st_mtime_ns))
    return ";".join(f"{name}:{size}:{mtime}" for name, size, mtime in sorted(stamps))


def entry_file(root: Path, key: str) -> Path:
    """Where the entry for ``key`` lives under ``root`` (spread over 256 folders)."""
    return root / key[:2] / f"{key[2:]}.json"


def read_bytes(file: Path, *, private: bool = False,
               accept: Callable[[os.stat_result], bool] | None = None) -> bytes | None:
    """The bytes of a cache file; None if it is missing, unreadable or larger than any entry.

    ``private``: also None unless the file is the user's own and nobody else may write it,
    for an entry that is code (a shared or planted cache folder must not run anything).
    ``accept``: also None unless it accepts the open file's status (its type, its permissions).
    A file read is marked as used now (its modification time), so that :func:`prune` keeps it.
    """
    try:
        with file.open("rb") as handle:  # sized: reading "at most 4 MiB" would allocate 4 MiB for every entry
            status = os.fstat(handle.fileno())
            if (private and not _owned(status)) or (accept is not None and not accept(status)):
                return None
            data = handle.read(min(status.st_size, MAX_ENTRY_BYTES) + 1)
            with contextlib.suppress(OSError):  # someone else's file (a shared cache): it simply ages
                os.utime(handle.fileno())
    except OSError:
        return None
    return data if len(data) <= MAX_ENTRY_BYTES else None


UNUSED_DAYS = 30
"""An entry neither written nor read for this long is removed by :func:`prune`."""

_ENTRY = re.compile(r"[0-9a-f]{62}\.(?:json|findings|code)|tmp[A-Za-z0-9_]{1,16}\.tmp")
"""The names of entries, and of temporary files that a write cut short left behind (see :func:`write_bytes`)."""


def prune(root: Path | None = None, *, now: float | None = None) -> int:
    """Remove entries unused for :data:`UNUSED_DAYS` days, at most once a day; how many were removed.

    Each pocrules build, settings change and edited strategy keys new entries, so the folder
    would otherwise only grow. Only files named as entries, in shards named as :func:`entry_file`
    names them, are removed, never a link or anything else found there (``POCRULES_CACHE_DIR``
    may name a folder that holds other files). A removed entry is only a miss: its work is done again.
    """
    root = directory() if root is None else root
    now = time.time() if now is None else now
    marker = root / ".pruned"
    with contextlib.suppress(OSError):
        if now - marker.stat().st_mtime < 86_400:
            return 0
    if not write_bytes(marker, b""):
        return 0  # a cache that cannot be written has nothing of ours to prune
    cutoff = now - UNUSED_DAYS * 86_400
    removed = 0
    for entry in _entries(root):
        with contextlib.suppress(OSError):
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
    return removed


def _entries(root: Path) -> Iterator[os.DirEntry[str]]:
    """The files named as entries in each folder's shards (``root/results/ab/...``); links and all else left out."""
    for folder in _listed(root):
        for shard in _listed(folder.path) if folder.is_dir(follow_symlinks=False) else ():
            if len(shard.name) == 2 and shard.is_dir(follow_symlinks=False):
                yield from (e for e in _listed(shard.path)
                            if _ENTRY.fullmatch(e.name) and e.is_file(follow_symlinks=False))


def _listed(folder: str | Path) -> list[os.DirEntry[str]]:
    """What ``folder`` holds; nothing if it cannot be read."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _owned(status: os.stat_result) -> bool:
    """A regular file of this user's that no group or other user can write (POSIX; elsewhere, any regular file)."""
    if not stat.S_ISREG(status.st_mode):
        return False
    return not hasattr(os, "geteuid") or (status.st_uid == os.geteuid() and not status.st_mode & 0o022)


def read_entry(file: Path, key: str, *, private: bool = False) -> dict[str, Any] | None:
    """The record stored in ``file`` for ``key``; None if missing, too large, malformed, older or someone else's
    (``private``: see :func:`read_bytes`)."""
    data = read_bytes(file, private=private)
    if data is None:
        return None
    try:  # pydantic-core's Rust decoder: less than half the time of json's on a compiled ruleset (300 KB)
        record = pydantic_core.from_json(data)
    except ValueError:  # as also for a lone surrogate (a file name that is not UTF-8), which json's reads
        try:
            record = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):
            return None
    if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("key") != key:
        return None
    return record


def write_entry(file: Path, key: str, fields: dict[str, Any]) -> None:
    """Store ``fields`` under ``key`` atomically; a cache that cannot be written only costs speed, never the run."""
    # json.dumps, not json.dump: that encodes in Python, several times slower. ASCII: a lone
    # surrogate (from a file name that is not UTF-8) round-trips instead of failing the write.
    write_bytes(file, json.dumps({"format": FORMAT, "key": key, **fields}).encode("ascii"))


def write_bytes(file: Path, data: bytes, mode: int | None = None) -> bool:
    """Replace ``file`` by ``data`` atomically (with permissions ``mode``, else private to the user); whether it
    was written: a cache that cannot be written only costs speed, never the run."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            if mode is not None:
                os.chmod(temporary, mode)
            os.replace(temporary, file)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    except OSError:
        return False
    return True


class ResultsCache:
    """Entries for one run's settings (``context``), keyed further by each file's bytes."""

    def __init__(self, root: Path, context: str) -> None:
        self.root = root / "results"
        self.context = context

    def key(self, content: bytes) -> str:
        return hashlib.sha256(self.context.encode() + hashlib.sha256(content).digest()).hexdigest()

    def get(self, key: str, path: str) -> Result | None:
        """The result stored under ``key``, re-stamped to ``path``; None if missing or untrustworthy."""
        from .check import Result

        record = read_entry(entry_file(self.root, key), key)
        if record is None:
            return None
        try:
            error = record["error"]
            result = rebuild(Result, {**record["result"], "path": path, "error": None})
            findings = tuple(dataclasses.replace(f, path=path) for f in result.findings)
            problems = None if error is None else [rebuild(Problem, p) for p in error["problems"]]
            return dataclasses.replace(result, findings=findings, error=None if problems is None else InputError(
                path, problems, kind=typed(str, error["kind"])))
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None

    def put(self, key: str, result: Result) -> None:
        """Store a result atomically, if it :func:`lasts`; a cache that cannot be written only costs speed."""
        if not lasts(result.findings):
            return
        fields = {f.name: plain(getattr(result, f.name)) for f in dataclasses.fields(result)
                  if f.name not in ("path", "error")}
        error = None if result.error is None else {"kind": result.error.kind,
                                                   "problems": [plain(p) for p in result.error.problems]}
        write_entry(entry_file(self.root, key), key, {"result": fields, "error": error})


def lasts(findings: Iterable[Finding]) -> bool:
    """Whether checking the same bytes again gives these findings again: not after a timeout, which may not recur."""
    from .findings import ENGINE_RULE

    return not any(f.rule == ENGINE_RULE for f in findings)


def plain(value: Any) -> Any:
    """Plain JSON for a finding, problem, compiled rule or anything they hold: a dataclass by field name, with its
    class's name under ``$`` (which of a union's classes it is), a date as ``{"$date": "YYYY-MM-DD"}``."""
    if dataclasses.is_dataclass(value):
        return {"$": type(value).__name__, **{f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"$date": value.isoformat()}
    return value


def rebuild(cls: type, record: Any) -> Any:
    """Rebuild a dataclass from :func:`plain`'s output, checking every field's type on the way (else TypeError)."""
    fields = _fields(cls)
    name = cls.__name__
    if not isinstance(record, dict) or record.get("$", name) != name or len(record) - ("$" in record) != len(fields):
        raise TypeError(name)
    values = {}
    try:
        for field, types_, decode in fields:
            value = record[field]
            if decode is not None:
                values[field] = decode(value)
            elif type(value) in types_:  # a plain value: its type is all there is to check
                values[field] = value
            else:
                _unexpected(value)
    except KeyError:
        raise TypeError(f"{name} with other fields") from None
    return cls(**values)


@cache
def _fields(cls: type) -> tuple[tuple[str, tuple[type, ...], Callable[[Any], Any] | None], ...]:
    """Per field of ``cls`` set by its constructor: the plain types it admits, or else its decoder; worked out once
    (when the first one is read, so that a class may hold itself, as a condition holds conditions)."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.init:
            types_ = _plain_types(hints[f.name])
            out.append((f.name, types_ or (), None if types_ else _decoder(hints[f.name])))
    return tuple(out)


def _plain_types(hint: Any) -> tuple[type, ...] | None:
    options = typing.get_args(hint) if _is_union(hint) else (hint,)
    return options if all(o in _PLAIN or o is type(None) for o in options) else None


def typed(hint: Any, value: Any) -> Any:
    """A stored value as one of type ``hint`` (dataclasses and unions of them, tuples, mappings with text keys,
    literals, dates, plain values), every part's type checked on the way (else TypeError or ValueError)."""
    return _decoder(hint)(value)


_PLAIN = (str, int, float, bool)


@cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """What turns a stored value back into one of type ``hint`` (TypeError if it is not one), worked out once a hint."""
    options = [a for a in typing.get_args(hint) if a is not type(None)] if _is_union(hint) else [hint]
    classes = {o.__name__: o for o in options if dataclasses.is_dataclass(o)}
    if InputError in options:
        forms = [(_is_dict, _refused)]
    elif len(classes) > 1:  # which of them: the class named under "$" (see plain), and none other
        forms = [(_is_dict, partial(_one_of, classes))]
    else:
        forms = [_form(o) for o in options]
    if len(forms) == 1:
        decode = forms[0][1]
    else:
        def decode(value: Any) -> Any:
            for test, convert in forms:
                if test(value):
                    return convert(value)
            _unexpected(value)
    return (lambda v: None if v is None else decode(v)) if _admits_none(hint) else decode


def _one_of(classes: dict[str, type], record: Any) -> Any:
    cls = classes.get(record.get("$")) if isinstance(record, dict) else None
    if cls is None:
        raise TypeError(f"not one of {', '.join(classes)}")
    return rebuild(cls, record)


def _refused(value: Any) -> Any:
    raise TypeError("an error is stored on its own")


def _is_dict(value: Any) -> bool:
    return isinstance(value, dict)


def _form(option: Any) -> tuple[Callable[[Any], bool], Callable[[Any], Any]]:
    """How to tell a stored value of one form of a union, and how to decode it (raising TypeError if it is not one)."""
    origin, args = typing.get_origin(option), typing.get_args(option)
    if dataclasses.is_dataclass(option):
        return _is_dict, partial(rebuild, option)
    if origin is tuple:
        return (lambda v: isinstance(v, list)), _tuple(args)
    if origin is dict and args[0] is str:
        return _is_dict, _dict(args[1])
    if origin is typing.Literal:
        allowed = {(type(a), a) for a in args}
        test = lambda v: type(v) in _PLAIN and (type(v), v) in allowed  # noqa: E731
        return test, lambda v: v if test(v) else _unexpected(v)
    if option is dt.date:
        test = lambda v: isinstance(v, dict) and v.keys() == {"$date"}  # noqa: E731
        return test, lambda v: (dt.date.fromisoformat(v["$date"]) if test(v) and type(v["$date"]) is str
                                else _unexpected(v))
    if option in _PLAIN:
        return (lambda v: type(v) is option), lambda v: v if type(v) is option else _unexpected(v)
    return (lambda v: False), _unexpected  # a type with no stored form: no value is one


def _unexpected(value: Any) -> NoReturn:
    raise TypeError(f"unexpected {type(value).__name__}")


def _tuple(args: tuple[Any, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(args) == 2 and args[1] is Ellipsis:  # tuple[X, ...]
        item_type, item = args[0], _decoder(args[0])

        def decode(value: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                _unexpected(value)
            if item_type in _PLAIN and all(type(v) is item_type for v in value):  # without a call per item
                return tuple(value)
            return tuple(map(item, value))
        return decode
    items = [_decoder(a) for a in args]

    def fixed(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list) or len(value) != len(items):
            raise TypeError("not a tuple of the length expected")
        return tuple(decode(v) for decode, v in zip(items, value))
    return fixed


def _dict(item_type: Any) -> Callable[[Any], dict[str, Any]]:
    item = _decoder(item_type)

    def decode(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict) or not all(type(k) is str for k in value):
            raise TypeError("not a mapping with keys of text")
        if item_type in _PLAIN and all(type(v) is item_type for v in value.values()):  # without a call per item
            return dict(value)
        return {k: item(v) for k, v in value.items()}
    return decode


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _admits_none(hint: Any) -> bool:
    return _is_union(hint) and type(None) in typing.get_args(hint)

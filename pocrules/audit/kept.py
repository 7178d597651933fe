"""Each file's share of the audit's reports, kept from one audit to the next.

Re-auditing unchanged strategies should cost a hash and a copy per file, not a check and
a render. So, beside the results cache (:mod:`pocrules.cache`), an audit keeps what it
rendered of each file (its report part and its findings file) under a key made of
everything the rendering depends on: the file's bytes and every setting that decides its
findings (the results cache's context, which holds the pocrules build, templates
included), the file's path, its place in the audit and its findings file's name, and the
working folder (reports show paths relative to it). Entries are plain JSON, rebuilt
field by field with their types checked (:func:`pocrules.cache.rebuild`): a corrupted,
truncated or foreign entry is a miss, rendered again and replaced.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .. import cache, sources
from ..errors import InputError

T = TypeVar("T")


@dataclass(frozen=True)
class Kept:
    """Where one run's settings keep rendered parts (small and picklable: each worker gets it)."""

    root: Path
    context: str

    @classmethod
    def beside(cls, results: cache.ResultsCache) -> Kept:
        """Parts for the settings of ``results``, rendered in this working folder."""
        return cls(results.root.parent / "reports", cache.fingerprint("audit reports", results.context, os.getcwd()))

    def key(self, path: str, place: tuple[int, str]) -> str | None:
        """The key of the file at ``path`` as it is now, at ``place`` (its position and findings file's name).

        None when it cannot be read: it is then checked, and its error row says why.
        """
        try:
            raw = sources.read_strategy_bytes(path)
        except InputError:
            return None
        index, name = place
        parts = (self.context, hashlib.sha256(raw).hexdigest(), path, str(index), name)
        return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str, kind: type[T]) -> tuple[T, str] | None:
        """The part (a ``kind``) and findings file kept under ``key``; None if missing or untrustworthy."""
        record = cache.read_entry(cache.entry_file(self.root, key), key)
        if record is None:
            return None
        try:
            part, text = cache.rebuild(kind, record["part"]), record["details"]
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
            return None
        return (part, text) if isinstance(text, str) else None

    def put(self, key: str, part: Any, text: str) -> None:
        """Keep a part and its findings file's text; a cache that cannot be written only costs speed."""
        cache.write_entry(cache.entry_file(self.root, key), key, {"part": cache.plain(part), "details": text})

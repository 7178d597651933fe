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

A kept findings file is its own file in the cache, and an audit puts it in ``--out`` as a hard
link: the audit folder is rebuilt whole on every run, and on common file systems (ext4) creating
a file costs far more than linking one, up to 0.7 ms a file just after an earlier audit's files
were deleted (a warm audit of 1,000 files spent half its time there). A link is used only after
the file it reaches is read back and found to hold exactly the text kept for that entry (its
SHA-256) with the permissions a new file gets, so a cached file changed in place (say, through an
earlier audit's link, by an editor) is not trusted: it is written again and replaced. Where links
are not possible (another file system) the kept text is copied, checked the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from dataclasses import dataclass
from functools import cache as once
from pathlib import Path
from typing import Any, TypeVar

from .. import cache, sources
from ..errors import InputError
from ..writing import umask

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
        """The part (a ``kind``) kept under ``key`` and the SHA-256 of its findings file; None if missing or
        untrustworthy."""
        record = cache.read_entry(cache.entry_file(self.root, key), key)
        if record is None:
            return None
        try:
            part, digest = cache.rebuild(kind, record["part"]), record["details"]
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
            return None
        return (part, digest) if isinstance(digest, str) else None

    def put(self, key: str, part: Any, text: str) -> str | None:
        """Keep a part and its findings file's text; the text's SHA-256 if both were written (a cache that cannot be
        written only costs speed)."""
        data = text.encode("utf-8")
        # the findings file with the permissions of a new file: those its links in --out show
        if not cache.write_bytes(self._details(key), data, _new_file_mode()):
            return None
        digest = hashlib.sha256(data).hexdigest()
        cache.write_entry(cache.entry_file(self.root, key), key, {"part": cache.plain(part), "details": digest})
        return digest

    def place(self, key: str, digest: str, target: Path) -> bool:
        """Put the findings file kept under ``key`` at ``target`` (which must not exist), if it holds the text whose
        SHA-256 is ``digest``; else leave nothing there and say False."""
        source = self._details(key)
        try:
            os.link(source, target)
        except OSError:  # another file system, or links unsupported: a checked copy
            data = _read(source, digest)
            if data is None:
                return False
            target.write_bytes(data)
            return True
        if _read(target, digest, linked=True) is not None:
            return True
        with contextlib.suppress(OSError):
            os.unlink(target)
        return False

    def _details(self, key: str) -> Path:
        return cache.entry_file(self.root, key).with_suffix(".findings")


@once
def _new_file_mode() -> int:
    return 0o666 & ~umask()


def _read(file: Path, digest: str, *, linked: bool = False) -> bytes | None:
    """The bytes of ``file`` if their SHA-256 is ``digest`` (and, ``linked``, it has a new file's permissions)."""
    def usable(status: os.stat_result) -> bool:
        return stat.S_ISREG(status.st_mode) and (not linked or stat.S_IMODE(status.st_mode) == _new_file_mode())

    data = cache.read_bytes(file, accept=usable)
    return data if data is not None and hashlib.sha256(data).hexdigest() == digest else None

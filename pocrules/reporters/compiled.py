"""The HTML reports' templates, compiled once and kept in the user's cache folder.

Compiling the page templates (jinja2 parses each and generates Python) costs an audit
about 30 ms in the parent and 20 ms in every worker, and ``check --format html`` the
same, on every run. jinja2's bytecode cache keeps the compiled code instead; this one
stores it as jinja2's ``FileSystemBytecodeCache`` would, with four differences: an entry
is keyed by the template's source and everything its compiled code depends on (jinja2,
the Python version, the pocrules build: see :func:`pocrules.cache.fingerprint`); it
carries a SHA-256 of its key and code, so a corrupted, truncated or foreign entry is
ignored (the template is compiled again and the entry replaced); it is run only from a file
of the user's own that nobody else may write, so a shared or planted cache folder runs nothing;
and nothing else in it is unpickled. As with the rest of the cache, the folder is safe to delete.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from .. import cache


class CompiledTemplates(BytecodeCache):
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def in_user_cache(cls) -> CompiledTemplates:
        return cls(cache.directory() / "templates")

    def _entry(self, bucket: Bucket) -> tuple[Path, bytes]:
        key = cache.fingerprint("template", jinja2.__version__, sys.implementation.cache_tag, bucket.key,
                                bucket.checksum)
        return cache.entry_file(self.root, key).with_suffix(".code"), key.encode("ascii")

    def load_bytecode(self, bucket: Bucket) -> None:
        file, key = self._entry(bucket)
        data = cache.read_bytes(file, private=True)  # code: run only from the user's own, unwritable file
        if data is None or len(data) < 32 or hashlib.sha256(key + data[32:]).digest() != data[:32]:
            return
        try:
            bucket.code = marshal.loads(data[32:])
        except (EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        file, key = self._entry(bucket)
        code = marshal.dumps(bucket.code)
        cache.write_bytes(file, hashlib.sha256(key + code).digest() + code)

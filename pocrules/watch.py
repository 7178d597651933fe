"""Check again whenever a strategy is saved: the drafter's loop of ``pocrules check --watch``.

The rules, the engine and the strategy's validator are built once; each later check
then takes milliseconds for YAML and a fraction of a second for Word. Files are
polled (the standard library's ``os.stat``, no watcher service to install): Word
saves a document by writing a temporary file and renaming it, so a change is acted
on only once a file has stayed the same for one more poll, not halfway through a save.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

POLL = 0.5
"""Seconds between looks at the files: a saved draft is checked again within about a second."""

Signature = tuple[int, int] | None
"""A file's modification time (ns) and size; None while it is missing (between Word's write and rename)."""


def signature(path: Path) -> Signature:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def watch(paths: Callable[[], Iterable[Path]], check: Callable[[list[Path], list[Path]], None], *,
          poll: float = POLL, sleep: Callable[[float], None] | None = None) -> None:
    """Call ``check(changed, current)`` for every file, then each time some have changed, until Ctrl-C.

    ``paths`` is asked again at every poll, so a strategy added to a watched folder is checked
    too, and one taken out of it leaves the report (``changed`` is then empty). ``current`` keeps
    the order ``paths`` gives.
    """
    pause = sleep or time.sleep
    try:
        seen = {p: signature(p) for p in paths()}
        check(list(seen), list(seen))
        pending: dict[Path, Signature] = {}
        while True:
            pause(poll)
            now = {p: signature(p) for p in paths()}
            changed = {p: s for p, s in now.items() if p not in seen or s != seen[p]}
            settled = [p for p, s in changed.items() if p in pending and pending[p] == s]
            pending = {p: s for p, s in changed.items() if p not in settled}
            if settled or seen.keys() - now.keys():
                seen = {p: now[p] if p in settled else seen[p] for p in now if p in seen or p in settled}
                check(settled, list(seen))
    except KeyboardInterrupt:  # also in the middle of a check
        return

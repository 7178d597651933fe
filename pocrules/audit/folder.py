"""The audit's ``--out`` folder: checked before any work, locked, and replaced whole.

A reviewer opening ``audit/`` must see one complete run, never a mix of two.
So each run writes into a private staging folder beside ``--out`` and, once
every report is complete, swaps it in with two renames (the old run is moved
aside, the new one moved in, the old one deleted). An interrupted or failed run
removes its staging folder and leaves the previous audit as it was. A lock
file beside the folder keeps a second audit from writing to it at the same
time. Because the whole folder is replaced, it may hold only what an audit
writes: anything else in it is refused up front rather than deleted.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import UsageError
from ..writing import file_in_the_way, umask


class Folder:
    """Where this run's reports go (:attr:`staging`) until :meth:`publish` puts them at ``--out``."""

    def __init__(self, out: Path, replaces: frozenset[str]) -> None:
        self.out = out
        self.target = out.resolve()
        self._lock: int | None = None
        self._check(replaces)
        self._lock = self._acquire()
        try:
            self._clear_stale()
            self.staging = Path(tempfile.mkdtemp(prefix=self._prefix("staging"), dir=self.target.parent))
        except OSError as exc:
            self.close()
            raise UsageError(f"cannot write beside --out '{out}': {exc.strerror}") from None

    def _prefix(self, kind: str) -> str:
        return f".{self.target.name}.{kind}-"

    def _check(self, replaces: frozenset[str]) -> None:
        out, target = self.out, self.target
        if not target.name:
            raise UsageError(f"--out '{out}' is the root folder; give a folder for the reports")
        if Path.cwd().resolve().is_relative_to(target):
            raise UsageError(f"--out '{out}' is (or holds) the current folder, which an audit would replace; "
                             "give a new folder")
        if os.path.lexists(target) and not target.is_dir():
            raise UsageError(f"--out '{out}' is a file, not a folder; give a new or empty folder, or an earlier "
                             "audit's")
        blocker = file_in_the_way(target)
        if blocker is not None:
            raise UsageError(f"--out '{out}' is inside '{blocker}', which is a file, not a folder")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create the folder for --out '{out}': {exc.strerror}") from None
        if not target.is_dir():
            return
        foreign = sorted(name for name in os.listdir(target) if name not in replaces and not _leftover(name, replaces))
        if foreign:
            raise UsageError(f"--out '{out}' holds '{foreign[0]}', which an audit did not write; an audit replaces "
                             "the whole folder, so move it away or give another --out")
        for folder in (target, *(target / n for n in replaces if (target / n).is_dir())):
            if not os.access(folder, os.W_OK | os.X_OK):
                raise UsageError(f"--out '{out}' cannot be replaced: no permission to change '{folder}'")

    def _acquire(self) -> int:
        """An exclusive lock on '.NAME.lock' beside --out; a clear refusal if another audit holds it."""
        path = self.target.parent / f".{self.target.name}.lock"
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise UsageError(f"cannot write beside --out '{self.out}': {exc.strerror}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 32).decode("ascii", "replace").strip()
                os.close(fd)
                raise UsageError(f"another audit{f' (process {holder})' if holder else ''} is writing to --out "
                                 f"'{self.out}'; wait for it to finish, or give another --out") from None
            with contextlib.suppress(FileNotFoundError):
                if os.stat(path).st_ino == os.fstat(fd).st_ino:
                    break
            os.close(fd)  # the previous holder removed the file after we opened it: lock the new one
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_path = path
        return fd

    def _clear_stale(self) -> None:
        """Staging and old folders of runs that were killed outright (we hold the lock: none is live)."""
        for kind in ("staging", "old"):
            for stale in self.target.parent.glob(self._prefix(kind) + "*"):
                shutil.rmtree(stale, ignore_errors=True)

    def publish(self) -> None:
        """Swap the finished run in for the previous one."""
        os.chmod(self.staging, 0o777 & ~umask())
        if os.path.lexists(self.target):
            old = self.target.parent / (self._prefix("old") + str(os.getpid()))
            os.rename(self.target, old)
            os.rename(self.staging, self.target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(self.staging, self.target)

    def close(self) -> None:
        """Remove what is left of an unpublished run and release the lock."""
        if getattr(self, "staging", None) is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._lock_path)
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _leftover(name: str, replaces: frozenset[str]) -> bool:
    """A temporary file an older pocrules left in an audit folder when it crashed."""
    return name.startswith(".") and name.endswith((".part", ".tmp")) and name[1:].split(".", 1)[0] in {
        n.split(".", 1)[0] for n in replaces}

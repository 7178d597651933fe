"""Writing report files so that a reader never sees half of one, whatever the command.

Kept apart from the audit's outputs so that ``check`` writing one report loads
nothing of the audit's HTML machinery.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import UsageError


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write ``path`` (text as UTF-8, or bytes) via a temporary file and a rename, so readers never see half a report.

    The temporary file is private to its owner and removed if anything fails;
    the report gets the permissions of any new file, since it is meant to be shared.
    A path that cannot be written (a folder, under a file, no permission) is a UsageError.
    """
    try:
        _replace(path, text)
    except OSError as exc:
        blocker = file_in_the_way(path)
        reason = f"'{blocker}' is a file, not a folder" if blocker else exc.strerror or str(exc)
        raise UsageError(f"cannot write '{path}': {reason}") from None


def _replace(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    binary = isinstance(text, bytes)
    with tempfile.NamedTemporaryFile("wb" if binary else "w", encoding=None if binary else "utf-8", dir=path.parent,
                                     delete=False, prefix=f".{path.name}.", suffix=".tmp") as handle:
        try:
            handle.write(text)
        except BaseException:
            handle.close()
            os.unlink(handle.name)
            raise
    try:
        os.chmod(handle.name, 0o666 & ~umask())
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


def file_in_the_way(path: Path) -> Path | None:
    """The file (not folder) among ``path``'s parents that keeps it from being created, if any."""
    return next((p for p in path.parents if p.exists() and not p.is_dir()), None)


def umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

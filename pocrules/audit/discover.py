"""Which files an audit covers: files, folders (recursively) and glob patterns.

Every path discovery sees becomes a row of the audit: a regular file is
checked; anything else with a strategy suffix (a named pipe, a device, a
broken or looping link, a folder that cannot be read) is reported as "could
not be checked" with the reason, never skipped in silence and never opened
(opening a named pipe would block the audit).
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError

SUFFIXES = (".yaml", ".yml", ".json", ".docx")
"""What a strategy file's name ends with, for folders and globs; add a format here."""

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


@dataclass(frozen=True, order=True)
class Found:
    """One path to audit; ``problem`` says why it cannot be checked, if it cannot."""

    path: Path
    problem: str | None = None


def why_not_regular(path: Path) -> str | None:
    """None for a regular file (or a link to one); otherwise why it cannot be checked."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops back on itself"
        if path.is_symlink():
            return f"is a link to '{os.readlink(path)}', which does not exist"
        return f"cannot be read: {exc.strerror}"
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"is {kind}{' (through a link)' if path.is_symlink() else ''}, not a strategy file"


def discover(specs: list[str], *, exclude: Path | None = None) -> list[Found]:
    """Every path named by ``specs``, each once, in a stable (sorted) order.

    ``exclude`` (the audit's own output folder) is never searched, so a second
    audit of the same tree does not audit the first one's reports.
    """
    found: set[Found] = set()
    skip = _excluded(exclude)
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            found.update(_walk(path, skip))
        elif glob.has_magic(spec):
            matches = [Path(m) for m in glob.glob(spec, recursive=True)]
            if not matches:
                raise UsageError(f"no file matches '{spec}'")
            for match in matches:
                found.update(_walk(match, skip) if match.is_dir() else [Found(match, why_not_regular(match))])
        elif os.path.lexists(path):
            found.add(Found(path, why_not_regular(path)))
        else:
            raise UsageError(f"no such file or folder: '{spec}'")
    if not found:
        raise UsageError(f"no strategy files ({', '.join('*' + s for s in SUFFIXES)}) found in " + ", ".join(specs))
    return sorted(found)


def _excluded(out: Path | None):  # noqa: ANN202 - a predicate on folders
    if out is None:
        return lambda folder: False
    target = out.resolve()
    staging = f".{target.name}."

    def skip(folder: Path) -> bool:
        real = folder.resolve()
        return real == target or (real.parent == target.parent and real.name.startswith(staging))

    return skip


def _walk(top: Path, skip) -> list[Found]:  # noqa: ANN001
    """Strategy files under ``top``; links to folders are not followed (they could loop)."""
    out: list[Found] = []

    def unreadable(exc: OSError) -> None:
        out.append(Found(Path(exc.filename), f"is a folder that cannot be read: {exc.strerror}"))

    for folder, dirs, files in os.walk(top, onerror=unreadable):
        dirs[:] = [d for d in dirs if not skip(Path(folder, d))]
        names = files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        for name in names:
            if name.lower().endswith(SUFFIXES) and not name.startswith("~$"):  # "~$": Word's lock file
                path = Path(folder, name)
                out.append(Found(path, why_not_regular(path)))
    return out

"""Which files an audit covers: files, folders (recursively) and glob patterns."""

from __future__ import annotations

import glob
from pathlib import Path

from ..errors import UsageError

SUFFIXES = (".yaml", ".yml", ".json", ".docx")


def discover(specs: list[str]) -> list[Path]:
    """Every strategy file named by ``specs``, each once, in a stable (sorted) order."""
    found: set[Path] = set()
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                         and not p.name.startswith("~$"))  # Word's lock file beside an open document
        elif path.is_file():
            found.add(path)
        elif glob.has_magic(spec):
            matches = [Path(m) for m in glob.glob(spec, recursive=True)]
            if not matches:
                raise UsageError(f"no file matches '{spec}'")
            found.update(m for m in matches if m.is_file())
        else:
            raise UsageError(f"no such file or folder: '{spec}'")
    if not found:
        raise UsageError("no strategy files (*.yaml, *.yml, *.json, *.docx) found in " + ", ".join(specs))
    return sorted(found)

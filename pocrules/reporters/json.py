"""The JSON report: a stable, documented shape (see README, "JSON output")."""

from __future__ import annotations

import json

from .. import __version__
from . import Run, by_section

SCHEMA_VERSION = 3


def document(run: Run) -> dict:
    files = []
    for r in run.results:
        entry = {"path": r.path, "mission": r.mission, "status": "error" if r.error else "checked",
                 "findings": [f.to_dict() for _, group in by_section(r.findings) for f in group], "errors": [],
                 "suppressed": [{"rule": rule, "by": parent, "count": n} for rule, parent, n in r.suppressed],
                 "deferred": list(r.deferred)}
        if r.error:
            entry["errors"] = [{"message": p.message, "pointer": p.pointer, "line": p.line, "column": p.column}
                               for p in r.error.problems]
        files.append(entry)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "pocrules", "version": __version__},
        "ruleset": run.ruleset, "engine": run.engine, "as_of": run.as_of, "fail_on": run.fail_on,
        "files": files,
        "summary": {"files": len(run.results), "unreadable": sum(1 for r in run.results if r.error),
                    "findings": run.counts(), "waived": run.waived},
    }


def render(run: Run) -> str:
    return json.dumps(document(run), indent=2, ensure_ascii=False) + "\n"

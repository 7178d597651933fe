"""Compare findings between two versions of a strategy, or against a saved report.

Findings are matched on rule id and element identity (an element's id, or its
natural key; see ``findings.element_identity``), never on line numbers, so an
edit elsewhere in the file does not make old findings look new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .cover import Cover
from .errors import InputError, Problem
from .findings import Finding
from .reporters import printable
from .sources import json_reader, read_text

BASELINE_BYTES = 16 * 1024 * 1024
"""Largest baseline report read: a saved report holds every finding of every file checked (~1 kB each)."""


@dataclass(frozen=True)
class Diff:
    new: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    still_open: tuple[Finding, ...]


def compare(old: tuple[Finding, ...], new: tuple[Finding, ...]) -> Diff:
    old_keys = {f.key for f in old}
    new_keys = {f.key for f in new}
    return Diff(tuple(f for f in new if f.key not in old_keys),
                tuple(f for f in old if f.key not in new_keys),
                tuple(f for f in new if f.key in old_keys))


def baseline_keys(path: str | Path) -> set[tuple[str, str]]:
    """The (rule, element) keys of every finding in a saved JSON report (``check --format json``)."""
    text = read_text(path, kind="baseline", max_bytes=BASELINE_BYTES)
    report = json_reader.parse(text, str(path), kind="baseline", max_nodes=BASELINE_BYTES // 8).data
    try:
        return {(f["rule"], f.get("element") or f["pointer"])
                for file in report["files"] for f in file["findings"]}
    except (KeyError, TypeError) as exc:
        raise InputError(str(path), [Problem(
            f"not a pocrules JSON report (make one with `pocrules check --format json`): {exc}")],
            kind="baseline") from None


FORMATS = ("text", "json", "markdown", "html")


def _groups(diff: Diff, old: str, new: str) -> tuple[tuple[str, str, tuple[Finding, ...]], ...]:
    """(anchor, heading, findings): what is new, what was resolved, what is still open."""
    return (("new", "New in " + new, diff.new), ("resolved", "Resolved since " + old, diff.resolved),
            ("open", "Still open", diff.still_open))


def render_text(diff: Diff, old: str, new: str) -> str:
    lines = [printable(f"Comparing {old} -> {new}"), ""]
    for _, title, items in _groups(diff, old, new):
        lines.append(printable(f"{title}: {len(items)}"))
        for f in items:
            lines.append(printable(f"  {f.where()}  {f.severity:<7}  {f.rule}  {f.message}"))
        lines.append("")
    lines.append(f"{len(diff.new)} new, {len(diff.resolved)} resolved, {len(diff.still_open)} still open")
    return "\n".join(lines) + "\n"


def render_json(diff: Diff, old: str, new: str) -> str:
    return json.dumps({"old": old, "new": new,
                       "new_findings": [f.to_dict() for f in diff.new],
                       "resolved": [f.to_dict() for f in diff.resolved],
                       "still_open": [f.to_dict() for f in diff.still_open]}, indent=2, ensure_ascii=False) + "\n"


def render_markdown(diff: Diff, old: str, new: str) -> str:
    """For a review memo: the counts, then a table per group, as in ``check --format markdown``."""
    from .reporters.markdown import HEADER, cell, row

    out = [f"# What changed: {cell(old)} → {cell(new)}", "",
           f"{len(diff.new)} new, {len(diff.resolved)} resolved, {len(diff.still_open)} still open.", ""]
    for _, title, items in _groups(diff, old, new):
        out += [f"## {cell(title)} ({len(items)})", ""]
        out += [*HEADER, *(row(f) for f in items), ""] if items else ["None.", ""]
    return "\n".join(out).rstrip() + "\n"


def render_html(diff: Diff, old: str, new: str, *, titles: dict[str, str] | None = None,
                covers: tuple[Cover | None, Cover | None] = (None, None), as_of: str = "") -> str:
    """One page to forward: both versions' covers, the counts, and each group's findings in full."""
    from .reporters import relative
    from .reporters.pages import render

    return render("diff.html.j2", old=relative(old), new=relative(new), covers=covers, as_of=as_of,
                  titles=titles or {}, groups=_groups(diff, relative(old), relative(new)))

"""Apply waivers to findings: accepted deviations stay visible, marked with their reason.

A waiver names a rule, optionally the element (JSON pointer; the element and
everything inside it), a justification and who approved it, and may expire.
An expired waiver stops applying and is itself reported; a waiver that matches
no finding is reported as stale, so the list never silently outlives its use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import validation
from .errors import InputError
from .findings import Finding, Waived
from .model.waivers import Waiver, WaiverFile
from .sources import Document, join, read

EXPIRED, STALE = "POC-WAIVER-EXPIRED", "POC-WAIVER-STALE"
KIND = "waivers file"


@dataclass(frozen=True)
class Entry:
    """A waiver and where it is written (for reporting it)."""

    waiver: Waiver
    doc: Document
    pointer: str


def load_file(path: str | Path) -> list[Entry]:
    doc = read(path, kind=KIND)
    try:
        parsed = WaiverFile.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(doc.path, validation.problems(WaiverFile, exc, doc), kind=KIND) from None
    return [Entry(w, doc, join("/waivers", i)) for i, w in enumerate(parsed.waivers)]


def _covers(waiver: Waiver, finding: Finding) -> bool:
    if waiver.rule != finding.rule:
        return False
    return waiver.pointer is None or finding.pointer == waiver.pointer or finding.pointer.startswith(waiver.pointer + "/")


def _note(entry: Entry, rule: str, message: str) -> Finding:
    line, column = entry.doc.locate(entry.pointer)
    return Finding(entry.doc.path, line, column, rule, entry.pointer, "warning", "body", message, (),
                   "Renew the waiver with a new expiry date, or fix the finding and remove the waiver."
                   if rule == EXPIRED else "Remove the waiver, or correct its rule id or pointer.",
                   element=f"waiver:{entry.waiver.rule}:{entry.waiver.pointer or ''}")


def apply(findings: list[Finding], entries: list[Entry], as_of: dt.date, mission: str | None) -> list[Finding]:
    """Findings with waivers applied, plus a finding for each expired or stale waiver."""
    active, out = [], []
    for entry in entries:
        w = entry.waiver
        if w.mission is not None and w.mission != mission:
            continue
        if w.expires is not None and w.expires < as_of:
            out.append(_note(entry, EXPIRED, f"The waiver of {w.rule} approved by {w.approved_by} expired on "
                                             f"{w.expires.isoformat()}; the findings it covered are reported again."))
            continue
        active.append(entry)
    used: set[int] = set()
    for finding in findings:
        match = next((i for i, e in enumerate(active) if _covers(e.waiver, finding)), None)
        if match is None:
            out.append(finding)
            continue
        used.add(match)
        w = active[match].waiver
        out.append(dataclasses.replace(finding, waived=Waived(w.justification, w.approved_by,
                                                              w.expires.isoformat() if w.expires else None)))
    for i, entry in enumerate(active):
        if i not in used:
            where = f" at {entry.waiver.pointer}" if entry.waiver.pointer else ""
            out.append(_note(entry, STALE, f"The waiver of {entry.waiver.rule}{where} matches no finding."))
    return sorted(out)

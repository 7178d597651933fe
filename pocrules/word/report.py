"""The import report: which parts of the template a Word document gave, and how.

Printed after ``pocrules import`` and written as the comment header of the YAML,
so a drafter sees what to finish by hand before checking again.
"""

from __future__ import annotations

from .importer import ABSENT, PROSE, STRUCTURED, Imported
from .template import RECORD, SECTIONS

_SAID = {STRUCTURED: "read", PROSE: "present as prose only (not verified)", ABSENT: "absent"}


def lines(result: Imported, assumed: list[str]) -> list[str]:
    """The report, one line per section, then names that matched nothing and what was assumed (in words)."""
    out = []
    for section in SECTIONS:
        if section is RECORD or not section.parts:
            continue
        by_status: dict[str, list[str]] = {}
        for part in section.parts:
            by_status.setdefault(result.parts.get(part.pointer, ABSENT), []).append(part.title)
        said = "; ".join(f"{_SAID[s]}: {', '.join(by_status[s])}" for s in (STRUCTURED, PROSE, ABSENT)
                         if s in by_status)
        out.append(f"{section.label} ({section.heading}): {said}")
    for u in result.unresolved:
        place = result.places.get(u.pointer)
        out.append(f"{place.label if place else u.pointer}: {u.message} (kept as written)")
    out += [f"Not stated in a form pocrules reads, so assumed: {words}; correct it here if it is wrong"
            for words in assumed]
    return out


def header(result: Imported, assumed: list[str], source: str) -> str:
    """The YAML comment block that opens an imported strategy."""
    body = [f"Imported from {source} by `pocrules import`. What was read, section by section:", "",
            *lines(result, assumed), "",
            "Finish what is 'present as prose only' or 'absent' here, then run `pocrules check` on this file."]
    return "".join(f"# {line}".rstrip() + "\n" for line in body) + "\n"

"""How far a strategy is from done: its requirements met and still to do, section by section.

A drafter filling in a blank template needs an ordered to-do list, not a hundred findings:
a requirement is *met* when no unwaived finding cites it, and each requirement belongs
to the template section the catalogue gives it. Only the requirements the ruleset checks
count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .catalogue import Requirement, requirements
from .findings import SECTION_ORDER, SECTION_TITLES, Finding
from .rules.ruleset import Ruleset


@dataclass(frozen=True)
class SectionProgress:
    section: str
    met: tuple[Requirement, ...]
    todo: tuple[tuple[Requirement, int], ...]
    """Each requirement still to do, with the number of findings that cite it."""

    @property
    def line(self) -> str:
        total = len(self.met) + len(self.todo)
        return f"{SECTION_TITLES[self.section]} — {len(self.met)} of {total} requirements met"


def progress(found: Iterable[Finding], ruleset: Ruleset) -> list[SectionProgress]:
    """Per template section (in the template's order), the checked requirements met and to do."""
    catalogue = requirements()
    checked = {c for r in ruleset.rules for c in r.rule.cites if c in catalogue}
    open_ = Counter(c for f in found if f.waived is None for c in f.cites if c in checked)
    out = []
    for section in SECTION_ORDER:
        ids = [rid for rid, req in catalogue.items() if req.section == section and rid in checked]
        if ids:
            out.append(SectionProgress(section, tuple(catalogue[i] for i in ids if not open_[i]),
                                       tuple((catalogue[i], open_[i]) for i in ids if open_[i])))
    return out

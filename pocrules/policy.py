"""What to report and when to fail: --select/--ignore and the fail threshold.

Selection works on rule ids by prefix (``POC-C`` selects every section C rule),
on the requirement ids a rule cites (``F9.host-government``) and on tags, as
ruff's and Checkov's do. The most specific match wins, so ``--select POC-C
--ignore POC-C-003`` keeps every C rule but one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .rules.declared import SEVERITIES, Rule

FAIL_ON = (*SEVERITIES, "never")

UNVERIFIED = "unverified"
"""The status of a finding whose data sits in a part of a Word document present only as prose:
the rule could not verify it, which is not a violation. Counted apart; fails a run only on request."""


def _specificity(pattern: str, rule: Rule) -> int:
    """How specifically ``pattern`` names ``rule`` (0: not at all)."""
    if pattern == rule.id or pattern in rule.cites:
        return 1000
    if rule.id.startswith(pattern) and rule.id[len(pattern):][:1] in ("", "-"):
        return len(pattern)
    if pattern in rule.tags:
        return 1
    return 0


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __call__(self, rule: Rule) -> bool:
        """Keep ``rule``? With no --select every rule is in, at the lowest specificity."""
        chosen = max((_specificity(p, rule) for p in self.select), default=0)
        if self.select and not chosen:
            return False
        dropped = max((_specificity(p, rule) for p in self.ignore), default=0)
        return not dropped or chosen > dropped

    def unknown(self, rules: Iterable[Rule]) -> list[str]:
        """Patterns that name no rule: almost always a typo worth reporting."""
        rules = list(rules)
        return [p for p in (*self.select, *self.ignore) if not any(_specificity(p, r) for r in rules)]


def fails(severities: Sequence[str], fail_on: str, *, unverified: bool = False) -> bool:
    """True when some finding is at or above the threshold (or unverified, when ``unverified``)."""
    if unverified and UNVERIFIED in severities:
        return True
    if fail_on == "never":
        return False
    limit = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(s) <= limit for s in severities if s != UNVERIFIED)


def unverified(severity: str, message: str) -> tuple[str, str]:
    """A finding on a part read only as prose: status ``unverified``, said so in its message."""
    return UNVERIFIED, f"could not verify from the document: {message}"

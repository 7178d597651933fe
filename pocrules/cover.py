"""What a report's header says about one strategy: whose it is, which version, draft or final.

Taken from the validated strategy once, so every report (check, audit, diff) heads a
document the same way, and audits can order a mission's versions by date.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model.strategy import Strategy


@dataclass(frozen=True)
class Cover:
    mission: str
    """The mission's full name."""
    acronym: str
    version: str
    start: str
    end: str
    status: str
    """'final' once the Head of Mission has endorsed it, else 'draft'."""
    dated: str
    """The strategy's date: its HOM endorsement, else when drafting was finalized, else its start."""

    @property
    def period(self) -> str:
        return f"{self.start} to {self.end}"


def cover(strategy: Strategy) -> Cover:
    endorsed = sorted(e.date.isoformat() for e in strategy.endorsements if e.by == "hom")
    finalized = strategy.drafting.finalized
    dated = endorsed[0] if endorsed else finalized.isoformat() if finalized else strategy.period.start.isoformat()
    return Cover(strategy.mission.name, strategy.mission.acronym, strategy.version,
                 strategy.period.start.isoformat(), strategy.period.end.isoformat(),
                 "final" if endorsed else "draft", dated)

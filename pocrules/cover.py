"""What a report's header says about one strategy: whose it is, which version, draft or final.

Taken from the validated strategy once, so every report (check, audit, diff) heads a
document the same way, and audits can order a mission's versions by date.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model.strategy import Strategy


NOT_STATED = "not stated"
"""A version or period the strategy does not give (its own rule reports it)."""


@dataclass(frozen=True)
class Cover:
    mission: str
    """The mission's full name."""
    acronym: str
    version: str
    start: str
    end: str
    status: str
    """As the strategy states it (``status``); where it does not, 'final' once the HOM has endorsed it."""
    dated: str
    """The strategy's date: its HOM endorsement, else when drafting was finalized, else its start ('' if none)."""

    @property
    def period(self) -> str:
        return NOT_STATED if self.start == NOT_STATED else f"{self.start} to {self.end}"


def cover(strategy: Strategy) -> Cover:
    endorsed = sorted(e.date.isoformat() for e in strategy.endorsements if e.by == "hom")
    finalized = strategy.drafting.finalized
    period = strategy.period
    start, end = (period.start.isoformat(), period.end.isoformat()) if period else (NOT_STATED, NOT_STATED)
    dated = endorsed[0] if endorsed else finalized.isoformat() if finalized else period.start.isoformat() if period else ""
    stated = "status" in strategy.model_fields_set  # older files say nothing: judge by the endorsement
    status = strategy.status if stated else "final" if endorsed else "draft"
    return Cover(strategy.mission.name, strategy.mission.acronym, strategy.version or NOT_STATED,
                 start, end, status, dated)

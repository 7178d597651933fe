"""Template section J (monitoring, reporting, lessons learned) and the strategy's history."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Date, Id, StrictModel, Text, items
from .vocabulary import LessonsFeed, ReportType


class Indicator(StrictModel):
    objective: Id
    description: Text
    baseline: str | None = None
    target: str | None = None
    responsible: str | None = None
    perception: bool = Field(False, description="Measures how safe the population feels (Framework para 9).")


class ReportingRequirement(StrictModel):
    type: ReportType
    responsible: str | None = None


class LessonsLearned(StrictModel):
    procedure: Text | None = None
    external_partners_invited: bool = False
    feeds_into: list[LessonsFeed] = items(description="Where conclusions are fed.")


class Monitoring(StrictModel):
    indicators: list[Indicator] = items(description="Indicators per objective.")
    reporting: list[ReportingRequirement] = items(description="Reporting requirements.")
    mandate_adequacy_analysis: bool = Field(
        False, description="Reports analyse the adequacy of the mandate and resources."
    )
    lessons_learned: LessonsLearned = Field(default_factory=LessonsLearned)
    constant_review: Text | None = Field(
        None, description="How implementation and its impact on civilians are kept under constant review (Template para 26).")


class MandateChange(StrictModel):
    type: Literal["mandate_change"]
    date: Date
    resolution: str
    summary: Text | None = None
    poc_language_changed: bool = Field(
        True, description="False for a renewal that leaves the POC language as it was: no review is triggered.")


class ContextChange(StrictModel):
    type: Literal["context_change"]
    date: Date
    summary: Text
    significant: bool = True


class StrategyReview(StrictModel):
    type: Literal["review"]
    date: Date
    trigger: Text | None = None


class Crisis(StrictModel):
    type: Literal["crisis"]
    id: Id
    date: Date
    summary: Text
    critical: bool = True


class AfterActionReview(StrictModel):
    type: Literal["after_action_review"]
    date: Date
    crisis: Id
    external_partners: bool = False


Event = Annotated[
    MandateChange | ContextChange | StrategyReview | Crisis | AfterActionReview,
    Field(discriminator="type"),
]

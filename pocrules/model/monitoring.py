"""Template section J (monitoring, reporting, lessons learned) and the strategy's history."""

from typing import ClassVar, Annotated, Literal

from pydantic import Field

from .base import Date, Id, StrictModel, Text, items
from .vocabulary import LessonsFeed, ReportType


class Indicator(StrictModel):
    paragraph: ClassVar[str] = "Template para 27"
    requirement: ClassVar[str] = "T27.monitoring-benchmarks"
    objective: Id = Field(description="The id of the objective the indicator measures.")
    description: Text = Field(description="What is measured.")
    baseline: str | None = Field(None, description="The value at the start of the period.")
    target: str | None = Field(None, description="The value the mission aims for.")
    responsible: str | None = Field(None, description="Who tracks the indicator.")
    perception: bool = Field(False, description="Measures how safe the population feels (Framework para 9).")


class ReportingRequirement(StrictModel):
    paragraph: ClassVar[str] = "Template paras 28-29"
    requirement: ClassVar[str] = "T29.reporting-requirements"
    type: ReportType = Field(description="The report: SG report, code cable, situation report, briefing...")
    responsible: str | None = Field(None, description="The office in charge of it.")


class LessonsLearned(StrictModel):
    paragraph: ClassVar[str] = "Framework para 1; Template para 30"
    requirement: ClassVar[str] = "T30.lessons-learned"
    procedure: Text | None = Field(
        None, description="How the mission learns from cases where it did not protect civilians.")
    external_partners_invited: bool = Field(
        False, description="External protection partners are invited to take part.")
    feeds_into: list[LessonsFeed] = items(description="Where conclusions are fed.")


class Monitoring(StrictModel):
    paragraph: ClassVar[str] = "Template paras 27-30"
    requirement: ClassVar[str] = "T27.monitoring-benchmarks"
    indicators: list[Indicator] = items(description="Indicators per objective.")
    reporting: list[ReportingRequirement] = items(description="Reporting requirements.")
    mandate_adequacy_analysis: bool = Field(
        False, description="Reports analyse the adequacy of the mandate and resources."
    )
    lessons_learned: LessonsLearned = Field(
        default_factory=LessonsLearned, description="How the mission learns lessons and feeds them back into its plans.")


    constant_review: Text | None = Field(
        None, description="How implementation and its impact on civilians are kept under constant review (Template para 26).")


class MandateChange(StrictModel):
    paragraph: ClassVar[str] = "Framework para 10"
    requirement: ClassVar[str] = "F10.review-triggers"
    type: Literal["mandate_change"] = Field(description="Always mandate_change.")
    date: Date = Field(description="When the Security Council changed the mandate.")
    resolution: str = Field(description="The resolution that changed it, e.g. 2745 (2026).")
    summary: Text | None = Field(None, description="What changed for POC.")
    poc_language_changed: bool = Field(
        True, description="False for a renewal that leaves the POC language as it was: no review is triggered.")


class ContextChange(StrictModel):
    paragraph: ClassVar[str] = "Framework para 10"
    requirement: ClassVar[str] = "F10.review-triggers"
    type: Literal["context_change"] = Field(description="Always context_change.")
    date: Date = Field(description="When the operating environment changed.")
    summary: Text = Field(description="What changed, in a sentence.")
    significant: bool = Field(
        True, description="The change is significant enough to call for a review of the strategy.")


class StrategyReview(StrictModel):
    paragraph: ClassVar[str] = "Framework para 10"
    requirement: ClassVar[str] = "F10.review-triggers"
    type: Literal["review"] = Field(description="Always review.")
    date: Date = Field(description="When the strategy was reviewed.")
    trigger: Text | None = Field(None, description="What prompted the review, e.g. a mandate change.")


class Crisis(StrictModel):
    paragraph: ClassVar[str] = "Framework para 1; Template para 30"
    requirement: ClassVar[str] = "T30.lessons-learned"
    type: Literal["crisis"] = Field(description="Always crisis.")
    id: Id = Field(description="A short id the after-action review refers to.")
    date: Date = Field(description="When the crisis happened.")
    summary: Text = Field(description="What happened, in a sentence.")
    critical: bool = Field(True, description="A critical incident that calls for an after-action review.")


class AfterActionReview(StrictModel):
    paragraph: ClassVar[str] = "Framework para 1; Template para 30"
    requirement: ClassVar[str] = "T30.lessons-learned"
    type: Literal["after_action_review"] = Field(description="Always after_action_review.")
    date: Date = Field(description="When the after-action review was held.")
    crisis: Id = Field(description="The id of the crisis reviewed.")
    external_partners: bool = Field(False, description="External protection partners took part in the review.")


Event = Annotated[
    MandateChange | ContextChange | StrategyReview | Crisis | AfterActionReview,
    Field(discriminator="type"),
]

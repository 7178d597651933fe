"""How the strategy was drafted, consulted on, endorsed and disseminated (Framework paras 6-11)."""

from typing import ClassVar

from pydantic import Field, model_validator

from .base import Date, Id, StrictModel, Text, in_order, items
from .vocabulary import (
    Component, ConsultationCategory, ConsultationMethod, DisseminationForm, EndorsingBody, Section,
)


class Period(StrictModel):
    paragraph: ClassVar[str] = "Framework para 10"
    requirement: ClassVar[str] = "F10.one-year"
    start: Date = Field(description="First day the strategy covers (YYYY-MM-DD).")
    end: Date = Field(description="Last day the strategy covers (YYYY-MM-DD), one year after the start.")
    extended_to: Date | None = Field(None, description="New end date where the strategy's validity was extended.")
    superseded_by: str | None = Field(None, description="The newer strategy that replaces this one.")


class WorkingGroupMember(StrictModel):
    paragraph: ClassVar[str] = "Framework para 7"
    requirement: ClassVar[str] = "F7.working-group"
    name: str = Field(description="The member's office or unit, e.g. Human Rights Division.")
    component: Component | None = Field(None, description="The mission component the member comes from.")
    external: bool = Field(False, description="An external protection partner, not a mission component.")


class ConsultationGap(StrictModel):
    """A group the drafters could not consult, and why (security, access...)."""

    paragraph: ClassVar[str] = "Framework para 9"
    requirement: ClassVar[str] = "F9.consultation-plan"

    category: ConsultationCategory = Field(description="The group that could not be consulted.")
    reason: Text = Field(description="Why it could not be consulted, e.g. insecurity or no access.")


class Drafting(StrictModel):
    paragraph: ClassVar[str] = "Framework paras 7-8"
    requirement: ClassVar[str] = "F7.drafting-office"
    office: str | None = Field(None, description="The office senior leadership tasked with drafting.")
    working_group: list[WorkingGroupMember] = items(description="POC working group / task force.")
    started: Date | None = Field(None, description="When drafting began.")
    finalized: Date | None = Field(
        None, description="When the draft was finalized (no more than three months after it began).")
    leadership_reviews: list[Date] = items(description="Dates senior leadership reviewed the draft.")
    consultation_gaps: list[ConsultationGap] = items(description="Groups not consulted, with the reason.")
    page_count: int | None = Field(None, ge=1, description="Length of the strategy document, in pages.")

    _in_order = model_validator(mode="after")(
        in_order("started", "finalized", "the draft was finalized ({finalized}) before drafting started ({started})"))


class Endorsement(StrictModel):
    paragraph: ClassVar[str] = "Framework para 11"
    requirement: ClassVar[str] = "F11.endorsement"
    by: EndorsingBody = Field(
        description="Who endorsed the strategy: the Head of Mission (hom) or the UN Country Team (unct).")
    date: Date = Field(description="The date of the endorsement.")


class Dissemination(StrictModel):
    paragraph: ClassVar[str] = "Framework para 11"
    requirement: ClassVar[str] = "F11.dissemination"
    recipient: Id = Field(description="An actor id.")
    form: DisseminationForm = Field(
        "copy", description="Whether the recipient received the full strategy (copy) or a summary.")


class Consultation(StrictModel):
    paragraph: ClassVar[str] = "Framework paras 6 and 9"
    requirement: ClassVar[str] = "F9.consultation-plan"
    category: ConsultationCategory = Field(
        description="Who was consulted, as a group (host government, women, UNCT...).")
    actor: Id | None = Field(None, description="The actor consulted, when it is in the registry.")
    agency: str | None = Field(None, description="For the host government: the ministry or agency.")
    security_sector: bool | None = Field(
        None, description="For the host government: a security or law-enforcement institution."
    )
    date: Date = Field(description="When the consultation took place.")
    sections: list[Section] = items(
        description="The sections of the template (A to J, annex-I) the actor was consulted on.")
    method: ConsultationMethod | None = Field(
        None, description="How: workshop, bilateral meeting, written comments, focus group...")
    facilitated_by: Id | None = Field(None, description="Protection partner who advised or facilitated.")
    notes: Text | None = Field(None, description="Anything a reviewer should know about the consultation.")

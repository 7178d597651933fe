"""How the strategy was drafted, consulted on, endorsed and disseminated (Framework paras 6-11)."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import Date, Id, StrictModel, Text, in_order, items
from .vocabulary import (
    Component, ConsultationCategory, ConsultationMethod, DisseminationForm, EndorsingBody, Section,
)


class Period(StrictModel):
    start: Date
    end: Date


class WorkingGroupMember(StrictModel):
    name: str
    component: Component | None = None
    external: bool = Field(False, description="An external protection partner, not a mission component.")


class ConsultationGap(StrictModel):
    """A group the drafters could not consult, and why (security, access...)."""

    category: ConsultationCategory
    reason: Text


class Drafting(StrictModel):
    office: str | None = Field(None, description="The office senior leadership tasked with drafting.")
    working_group: list[WorkingGroupMember] = items(description="POC working group / task force.")
    started: Date | None = None
    finalized: Date | None = None
    leadership_reviews: list[Date] = items(description="Dates senior leadership reviewed the draft.")
    consultation_gaps: list[ConsultationGap] = items(description="Groups not consulted, with the reason.")
    page_count: int | None = Field(None, ge=1, description="Length of the strategy document, in pages.")

    _in_order = model_validator(mode="after")(
        in_order("started", "finalized", "the draft was finalized ({finalized}) before drafting started ({started})"))


class Endorsement(StrictModel):
    by: EndorsingBody
    date: Date


class Dissemination(StrictModel):
    recipient: Id = Field(description="An actor id.")
    form: DisseminationForm = "copy"


class Consultation(StrictModel):
    category: ConsultationCategory
    actor: Id | None = Field(None, description="The actor consulted, when it is in the registry.")
    agency: str | None = Field(None, description="For the host government: the ministry or agency.")
    security_sector: bool | None = Field(
        None, description="For the host government: a security or law-enforcement institution."
    )
    date: Date
    sections: list[Section] = items(description="Template sections the actor was consulted on.")
    method: ConsultationMethod | None = None
    facilitated_by: Id | None = Field(None, description="Protection partner who advised or facilitated.")
    notes: Text | None = None

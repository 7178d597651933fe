"""The mission, its mandate and context, and the registry of actors."""

from typing import ClassVar

from pydantic import Field

from .base import Date, Id, Name, StrictModel, Text, items
from .vocabulary import ActorKind, Component, LeadershipRole


class Resolution(StrictModel):
    paragraph: ClassVar[str] = "Framework para 3"
    requirement: ClassVar[str] = "F3.mandate-applicability"
    number: str = Field(description='Security Council resolution, e.g. "2709 (2025)".')
    adopted: Date = Field(description="When the Security Council adopted the resolution.")
    poc_paragraph: str | None = Field(None, description="Operative paragraph with the POC mandate.")


class Mandate(StrictModel):
    paragraph: ClassVar[str] = "Framework para 3"
    requirement: ClassVar[str] = "F3.mandate-applicability"
    resolutions: list[Resolution] = items(description="Resolutions that give the POC mandate.")
    imminent_threat: bool | None = Field(
        None, description='The mandate includes "protect civilians under imminent threat of physical violence" '
                          '(true or false; a strategy that does not say is reported).')


class Context(StrictModel):
    """Facts about the operating environment that change what the Framework asks for."""

    paragraph: ClassVar[str] = "Framework para 5; Template paras 4 and 16"

    armed_groups_control_territory: bool = Field(
        False, description="Non-state armed groups control part of the mission area.")
    state_force_violations_recorded: bool = Field(
        False, description="Violations of civilians by host-state forces are documented."
    )
    protection_cluster_strategy_exists: bool = Field(
        False, description="The Protection Cluster has its own protection strategy.")
    protection_cluster_active: bool = Field(
        True, description="A Protection Cluster is active in the mission area; false where none is.")
    no_cluster_reason: Text | None = Field(
        None, description="Where no cluster is active: why, and what coordinates protection instead "
                          "(e.g. a UNHCR-led protection working group).")
    supports_host_security_forces: bool = Field(
        False, description="The mission supports non-UN security forces (the Human Rights Due Diligence Policy applies).")


class Mission(StrictModel):
    paragraph: ClassVar[str] = "Framework paras 3-4"
    requirement: ClassVar[str] = "F3.mandate-applicability"
    name: Name = Field(description="The mission's full name, e.g. United Nations Mission in Kessaland.")
    acronym: Name = Field(
        description="The mission's acronym, e.g. MINUSKA; reports and audits name the mission by it.")
    mandate: Mandate = Field(default_factory=Mandate, description="The Security Council mandate to protect civilians.")
    integrated: bool | None = Field(
        None, description="An integrated mission (UNCT and mission under one ISF): true or false; a strategy that "
                          "does not say is reported.",
        json_schema_extra={"requirement": "T2.isf-link"})
    joc: bool = Field(False, description="The mission has a Joint Operations Centre.")
    jmac: bool = Field(False, description="The mission has a Joint Mission Analysis Centre.")
    drawdown_planned: bool = Field(False, description="The mission plans to shrink or withdraw during the period.")
    hybrid_partner: str | None = Field(
        None, description="In a hybrid mission, the partner organisation (e.g. a regional organisation).")
    transition_considerations: Text | None = Field(
        None, description="Impact of drawdown on UN agencies' protection work (Framework para 4)."
    )
    context: Context = Field(
        default_factory=Context, description="Facts about the operating environment that change what the Framework asks for.")


class Actor(StrictModel):
    """Anyone the strategy assigns a task, a chair or a seat to; referred to by ``id``."""

    paragraph: ClassVar[str] = "Annex I; Template para 13"
    requirement: ClassVar[str] = "T5.lead-actor"

    id: Id = Field(description="A short id that the rest of the strategy uses to name this actor, e.g. force.")
    name: str = Field(description="The actor's name as a reader knows it, e.g. Force Headquarters.")
    kind: ActorKind = Field(
        description="What kind of actor: mission component, UN entity, host government, NGO, community...")
    component: Component | None = Field(None, description="For mission components and officials.")
    role: LeadershipRole | None = Field(None, description="For senior officials.")

"""The mission, its mandate and context, and the registry of actors."""

from __future__ import annotations

from pydantic import Field

from .base import Date, Id, Name, StrictModel, Text, items
from .vocabulary import ActorKind, Component, LeadershipRole


class Resolution(StrictModel):
    number: str = Field(description='Security Council resolution, e.g. "2709 (2025)".')
    adopted: Date
    poc_paragraph: str | None = Field(None, description="Operative paragraph with the POC mandate.")


class Mandate(StrictModel):
    resolutions: list[Resolution] = items(description="Resolutions that give the POC mandate.")
    imminent_threat: bool = Field(
        description='The mandate includes "protect civilians under imminent threat of physical violence".'
    )


class Context(StrictModel):
    """Facts about the operating environment that change what the Framework asks for."""

    armed_groups_control_territory: bool = False
    state_force_violations_recorded: bool = Field(
        False, description="Violations of civilians by host-state forces are documented."
    )
    protection_cluster_strategy_exists: bool = False


class Mission(StrictModel):
    name: Name
    acronym: Name
    mandate: Mandate
    integrated: bool = Field(description="An integrated mission (UNCT and mission under one ISF).")
    joc: bool = Field(False, description="The mission has a Joint Operations Centre.")
    jmac: bool = Field(False, description="The mission has a Joint Mission Analysis Centre.")
    drawdown_planned: bool = False
    transition_considerations: Text | None = Field(
        None, description="Impact of drawdown on UN agencies' protection work (Framework para 4)."
    )
    context: Context = Field(default_factory=Context)


class Actor(StrictModel):
    """Anyone the strategy assigns a task, a chair or a seat to; referred to by ``id``."""

    id: Id
    name: str
    kind: ActorKind
    component: Component | None = Field(None, description="For mission components and officials.")
    role: LeadershipRole | None = Field(None, description="For senior officials.")

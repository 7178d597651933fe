"""Template sections G (roles), H (coordination) and I (expectations)."""

from __future__ import annotations

from pydantic import Field

from .base import Id, StrictModel, Text, items
from .vocabulary import (
    Audience, CoordinationLevel, CoordinationPartner, LeadershipRole, LegalObligation,
)


class Responsibility(StrictModel):
    holder: LeadershipRole
    description: Text


class HostGovernment(StrictModel):
    will: Text | None = None
    ability: Text | None = None
    strengths: list[str] = items(description="Strengths on POC.")
    weaknesses: list[str] = items(description="Weaknesses on POC.")
    violation_consequences: Text | None = None


class Communities(StrictModel):
    self_protection: Text | None = None
    roles: Text | None = None
    assignment_risks: Text | None = None


class Humanitarian(StrictModel):
    coordination_areas: list[str] = items(description="Where mission and partners work closely.")
    separation_areas: list[str] = items(description="Where humanitarian space needs separation.")


class Roles(StrictModel):
    general: Text | None = None
    legal_obligations: list[LegalObligation] = items(description="Obligations referenced.")
    responsibilities: list[Responsibility] = items(description="Who holds which POC responsibility.")
    host_government: HostGovernment = Field(default_factory=HostGovernment)
    communities: Communities = Field(default_factory=Communities)
    armed_groups_engagement: Text | None = None
    humanitarian: Humanitarian = Field(default_factory=Humanitarian)
    isf_consistency: Text | None = Field(
        None, description="Integrated missions: how the roles match those of the Integrated Strategic Framework.")
    leadership_consultation: Text | None = Field(
        None, description="How the Force Commander, Police Commissioner, HOM and senior civilians consult regularly.")


class CoordinationMechanism(StrictModel):
    id: Id
    name: str
    level: CoordinationLevel
    partner: CoordinationPartner
    chair: Id | None = None
    members: list[Id] = items(description="Actor ids.")
    reports_to: Id | None = Field(None, description="Id of the mechanism this one reports to.")
    advised_by: Id | None = Field(None, description="External protection partner who advised its set-up.")
    reporting: Text | None = Field(None, description="The reporting mechanisms the group operates under (Template para 20).")


class ProtectionClusterLink(StrictModel):
    cluster_briefs_mission: bool = False
    mission_attends_cluster: bool = False
    external_channels: Text | None = None


class Coordination(StrictModel):
    mechanisms: list[CoordinationMechanism] = items(description="POC coordination mechanisms.")
    protection_cluster: ProtectionClusterLink = Field(default_factory=ProtectionClusterLink)


class Expectations(StrictModel):
    audiences: list[Audience] = items(description="Who the mission communicates with.")
    can_do: list[str] = items(description="What the mission can do.")
    cannot_do: list[str] = items(description="What the mission cannot do.")
    host_responsibility_message: bool = Field(
        False, description="The messages say that the ultimate responsibility for POC rests with the host government.")
    resources: Text | None = None

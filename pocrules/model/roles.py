"""Template sections G (roles), H (coordination) and I (expectations)."""

from typing import ClassVar

from pydantic import Field

from .base import Id, StrictModel, Text, items
from .vocabulary import (
    Audience, CoordinationLevel, CoordinationPartner, LeadershipRole, LegalObligation,
)


class Responsibility(StrictModel):
    paragraph: ClassVar[str] = "Template para 17"
    requirement: ClassVar[str] = "T17.hom-accountability"
    holder: LeadershipRole = Field(description="Who holds the responsibility: HOM, DSRSG, Force Commander...")
    description: Text = Field(description="What they are responsible for.")


class HostGovernment(StrictModel):
    paragraph: ClassVar[str] = "Template para 14"
    requirement: ClassVar[str] = "T14.host-government-mapping"
    will: Text | None = Field(None, description="How willing the host government is to protect civilians.")
    ability: Text | None = Field(None, description="How able the host government is to protect civilians.")
    strengths: list[str] = items(description="Strengths on POC.")
    weaknesses: list[str] = items(description="Weaknesses on POC.")
    violation_consequences: Text | None = Field(
        None, description="What happens when host-state forces themselves harm civilians.")


class Communities(StrictModel):
    paragraph: ClassVar[str] = "Template para 15"
    requirement: ClassVar[str] = "T15.local-communities"
    self_protection: Text | None = Field(None, description="How communities protect themselves.")
    roles: Text | None = Field(None, description="What roles communities may take in their own protection.")
    assignment_risks: Text | None = Field(None, description="The risks of giving communities such roles.")


class Humanitarian(StrictModel):
    paragraph: ClassVar[str] = "Template para 18"
    requirement: ClassVar[str] = "T18.humanitarian-space"
    coordination_areas: list[str] = items(description="Where mission and partners work closely.")
    separation_areas: list[str] = items(description="Where humanitarian space needs separation.")


class Roles(StrictModel):
    paragraph: ClassVar[str] = "Template paras 13-18"
    requirement: ClassVar[str] = "T13.roles-general"
    general: Text | None = Field(None, description="How the roles of the mission and other actors fit together.")
    legal_obligations: list[LegalObligation] = items(description="Obligations referenced.")
    responsibilities: list[Responsibility] = items(description="Who holds which POC responsibility.")
    host_government: HostGovernment = Field(
        default_factory=HostGovernment, description="The host government's strengths and weaknesses on POC.")
    communities: Communities = Field(
        default_factory=Communities, description="How communities protect themselves, and what roles they may play.")
    armed_groups_engagement: Text | None = Field(
        None, description="How the mission engages non-state armed groups on protecting civilians.")
    humanitarian: Humanitarian = Field(
        default_factory=Humanitarian, description="Where the mission works closely with humanitarians, and where it keeps apart.")
    isf_consistency: Text | None = Field(
        None, description="Integrated missions: how the roles match those of the Integrated Strategic Framework.")
    leadership_consultation: Text | None = Field(
        None, description="How the Force Commander, Police Commissioner, HOM and senior civilians consult regularly.")


class CoordinationMechanism(StrictModel):
    paragraph: ClassVar[str] = "Template paras 19-24"
    requirement: ClassVar[str] = "T19.coordination-mechanisms"
    id: Id = Field(description="A short id other mechanisms use to say they report to this one.")
    name: str = Field(description="The mechanism's name, e.g. Senior Management Group on Protection.")
    level: CoordinationLevel = Field(description="Where it sits: headquarters (hq), regional or local.")
    partner: CoordinationPartner = Field(
        description="Whom it coordinates with: the mission itself, UN protection partners, host authorities or communities.")
    chair: Id | None = Field(None, description="The actor id of whoever chairs it.")
    members: list[Id] = items(description="Actor ids.")
    reports_to: Id | None = Field(None, description="Id of the mechanism this one reports to.")
    advised_by: Id | None = Field(None, description="External protection partner who advised its set-up.")
    reporting: Text | None = Field(None, description="The reporting mechanisms the group operates under (Template para 20).")


class ProtectionClusterLink(StrictModel):
    paragraph: ClassVar[str] = "Template para 22"
    requirement: ClassVar[str] = "T22.protection-cluster-link"
    cluster_briefs_mission: bool = Field(
        False, description="The Protection Cluster lead takes part in mission forums.")
    mission_attends_cluster: bool = Field(False, description="Mission staff attend Protection Cluster meetings.")
    external_channels: Text | None = Field(
        None, description="Other channels with protection partners outside the mission.")


class Coordination(StrictModel):
    paragraph: ClassVar[str] = "Template paras 19-24"
    requirement: ClassVar[str] = "T19.coordination-mechanisms"
    mechanisms: list[CoordinationMechanism] = items(description="POC coordination mechanisms.")
    protection_cluster: ProtectionClusterLink = Field(
        default_factory=ProtectionClusterLink, description="How the mission and the Protection Cluster take part in each other's meetings.")


class Expectations(StrictModel):
    paragraph: ClassVar[str] = "Template paras 25-26"
    requirement: ClassVar[str] = "T25.expectations-management"
    audiences: list[Audience] = items(description="Who the mission communicates with.")
    can_do: list[str] = items(description="What the mission can do.")
    cannot_do: list[str] = items(description="What the mission cannot do.")
    resources: Text | None = Field(
        None, description="The resources the mission has for communicating with the population.")
    host_responsibility_message: bool = Field(
        False, description="The messages say that the ultimate responsibility for POC rests with the host government.")

"""Template sections D (information), E (early warning, crisis response) and F (capacities)."""

from typing import ClassVar

from pydantic import Field

from .base import Id, StrictModel, Text, items
from .vocabulary import Component, GapOptionLevel


class Mechanism(StrictModel):
    paragraph: ClassVar[str] = "Template paras 7 and 9"
    name: str = Field(description="The mechanism's name.")
    description: Text | None = Field(None, description="How it works.")


class Information(StrictModel):
    paragraph: ClassVar[str] = "Template paras 7-8"
    requirement: ClassVar[str] = "T7.information-system"
    mechanisms: list[Mechanism] = items(description="How POC information is gathered and analysed.")
    confidentiality_protocol: Text | None = Field(
        None, description="How sensitive information on victims and incidents is kept confidential.")
    protection_cluster_sharing: Text | None = Field(
        None, description="What the mission shares with the Protection Cluster, and how.")


class EarlyWarning(StrictModel):
    paragraph: ClassVar[str] = "Template para 9"
    requirement: ClassVar[str] = "T9.early-warning"
    mechanisms: list[Mechanism] = items(description="Early-warning and response mechanisms.")
    host_authorities_role: Text | None = Field(
        None, description="What the host authorities do with early warnings.")
    local_population_role: Text | None = Field(
        None, description="What the local population does with early warnings.")
    do_no_harm: Text | None = Field(None, description="How informants and participants are kept safe.")


class CrisisResponse(StrictModel):
    paragraph: ClassVar[str] = "Template para 9 (Crisis response)"
    requirement: ClassVar[str] = "T9.crisis-response"
    decision_process: Text | None = Field(
        None, description="How the mission decides quickly in a protection crisis.")
    components: list[Component] = items(description="Components in the crisis decision process.")
    government_coordination: Text | None = Field(
        None, description="How the crisis response is coordinated with the host government.")
    agreed_with: list[Id] = items(description="Actors who agreed the crisis arrangements (Template para 9).")


class Caveat(StrictModel):
    paragraph: ClassVar[str] = "Template para 10"
    requirement: ClassVar[str] = "T10.national-caveats"
    contingent: str = Field(description="The contingent whose caveat it is.")
    caveat: Text = Field(description="The national caveat, in a sentence.")
    impact: Text | None = Field(None, description="What the caveat stops the mission from doing for civilians.")
    alternative: Text | None = Field(None, description="How the mission covers the task instead.")


class GapOption(StrictModel):
    paragraph: ClassVar[str] = "Template para 12"
    requirement: ClassVar[str] = "T12.gap-options"
    level: GapOptionLevel = Field(description="Who can act on the option: the mission or NYHQ.")
    option: Text = Field(description="One way to reduce the gap.")


class Gap(StrictModel):
    paragraph: ClassVar[str] = "Template para 12"
    requirement: ClassVar[str] = "T12.gap-options"
    id: Id = Field(description="A short id for the gap.")
    description: Text = Field(description="The capacity or resource the mission lacks.")
    options: list[GapOption] = items(description="Options to minimise the gap.")
    discussed_with: list[Id] = items(description="Protection partners the options were discussed with (Template para 12).")


class RiskCapacity(StrictModel):
    """What the mission's capacities can and cannot do against one identified risk (Template para 10)."""

    paragraph: ClassVar[str] = "Template para 10"
    risk: Id = Field(description="The id of the risk assessed.")
    assessment: Text = Field(description="What the mission can bring to bear on the risk, and what is beyond it.")


class Capacities(StrictModel):
    paragraph: ClassVar[str] = "Template paras 10-12"
    requirement: ClassVar[str] = "T10.capacity-analysis"
    analysis: Text | None = Field(
        None, description="How the mission's resources compare with the risks and the planned activities.")
    by_risk: list[RiskCapacity] = items(description="The capacity analysis, risk by risk.")
    beyond_capacity: Text | None = Field(None, description="A frank statement of what the mission cannot do.")
    training_assessment: Text | None = Field(
        None, description="Whether personnel have the training and skills the POC tasks need.")
    caveats: list[Caveat] = items(description="National caveats affecting POC tasks.")
    caveats_statement: Text | None = Field(None, description='e.g. "No caveat affects POC tasks."')
    gaps: list[Gap] = items(description="Capacity and resource gaps.")
    resource_prioritization: Text | None = Field(
        None, description="How resources are divided, and which activities come first.")

"""Template sections D (information), E (early warning, crisis response) and F (capacities)."""

from __future__ import annotations

from pydantic import Field

from .base import Id, StrictModel, Text, items
from .vocabulary import Component, GapOptionLevel


class Mechanism(StrictModel):
    name: str
    description: Text | None = None


class Information(StrictModel):
    mechanisms: list[Mechanism] = items(description="How POC information is gathered and analysed.")
    confidentiality_protocol: Text | None = None
    protection_cluster_sharing: Text | None = None


class EarlyWarning(StrictModel):
    mechanisms: list[Mechanism] = items(description="Early-warning and response mechanisms.")
    host_authorities_role: Text | None = None
    local_population_role: Text | None = None
    do_no_harm: Text | None = Field(None, description="How informants and participants are kept safe.")


class CrisisResponse(StrictModel):
    decision_process: Text | None = None
    components: list[Component] = items(description="Components in the crisis decision process.")
    government_coordination: Text | None = None
    agreed_with: list[Id] = items(description="Actors who agreed the crisis arrangements (Template para 9).")


class Caveat(StrictModel):
    contingent: str
    caveat: Text
    impact: Text | None = None
    alternative: Text | None = None


class GapOption(StrictModel):
    level: GapOptionLevel
    option: Text


class Gap(StrictModel):
    id: Id
    description: Text
    options: list[GapOption] = items(description="Options to minimise the gap.")
    discussed_with: list[Id] = items(description="Protection partners the options were discussed with (Template para 12).")


class RiskCapacity(StrictModel):
    """What the mission's capacities can and cannot do against one identified risk (Template para 10)."""

    risk: Id
    assessment: Text


class Capacities(StrictModel):
    analysis: Text | None = None
    by_risk: list[RiskCapacity] = items(description="The capacity analysis, risk by risk.")
    beyond_capacity: Text | None = Field(None, description="A frank statement of what the mission cannot do.")
    training_assessment: Text | None = None
    caveats: list[Caveat] = items(description="National caveats affecting POC tasks.")
    caveats_statement: Text | None = Field(None, description='e.g. "No caveat affects POC tasks."')
    gaps: list[Gap] = items(description="Capacity and resource gaps.")
    resource_prioritization: Text | None = None

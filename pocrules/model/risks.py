"""Template section B (risk analysis) and C / Annex I (the implementation matrix)."""

from __future__ import annotations

from pydantic import Field

from .base import Id, StrictModel, Text, items
from .vocabulary import Level, PerpetratorType, Rating, RiskNature, Tier, Trend, Validator


class Perpetrator(StrictModel):
    name: str
    type: PerpetratorType


class Threat(StrictModel):
    id: Id
    description: Text
    perpetrators: list[Perpetrator] = items(description="Who carries out the violence.")
    no_perpetrator: Text | None = Field(
        None, description="For a threat nobody carries out (explosive remnants of war, a natural hazard): why none is named.")
    intent: Text | None = None
    capability: Text | None = None
    trend: Trend | None = Field(None, description="Whether the threat is likely to change over time.")


class Vulnerability(StrictModel):
    id: Id
    group: str = Field(description="Who is exposed, e.g. IDPs in sites, women collecting firewood.")
    factor: Text | None = Field(None, description="What exposes them: a place, an activity, an identity.")


class Risk(StrictModel):
    id: Id
    title: str
    nature: RiskNature | None = None
    threats: list[Id] = items(description="Threat ids.")
    vulnerabilities: list[Id] = items(description="Vulnerability ids.")
    affected_groups: list[str] = items(description="Who is affected, e.g. IDPs in Tamberi site.")
    locations: list[str] = items(description="Where the risk is concentrated.")
    gravity: Level | Rating | None = Field(None, description="1 (lowest) to 5, or low / medium / high (read as 1, 3, 5).")
    likelihood: Level | Rating | None = Field(None, description="1 (lowest) to 5, or low / medium / high (read as 1, 3, 5).")
    priority: bool = False
    addressed_by: Id | None = Field(
        None, description="An actor outside the mission that leads the response to this risk (Template para 4).")


class RiskAnalysis(StrictModel):
    participants: list[Id] = items(description="Actor ids of those who took part in the analysis.")
    sources: list[str] = items(description="Monitoring the analysis rests on.")
    validated_with: list[Validator] = items(description="Who the analysis was validated with.")
    threats: list[Threat] = items(description="Threats: perpetrators, intent, capability, trend.")
    vulnerabilities: list[Vulnerability] = items(description="Vulnerabilities of civilians.")
    risks: list[Risk] = items(description="POC risks = threats x vulnerabilities.")


class MatrixRow(StrictModel):
    risk: Id = Field(description="The risk this activity mitigates.")
    activity: Text
    tier: Tier | None = None
    lead: Id | None = Field(None, description="The one actor that leads the activity.")
    supporting: list[Id] = items(description="Supporting actor ids.")
    workplan: str | None = Field(None, description="The component workplan that carries the activity.")
    field_plan: Id | None = Field(None, description="The field, state or sector POC plan that details this activity.")

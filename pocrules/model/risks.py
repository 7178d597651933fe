"""Template section B (risk analysis) and C / Annex I (the implementation matrix)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .base import Id, StrictModel, Text, items
from .vocabulary import Level, PerpetratorType, RiskNature, Tier, Trend, Validator


class Perpetrator(StrictModel):
    paragraph: ClassVar[str] = "Template para 4"
    requirement: ClassVar[str] = "T4.threat-and-vulnerability"
    name: str = Field(description="Who carries out the violence, e.g. an armed group or a unit.")
    type: PerpetratorType = Field(description="Whether the perpetrator is a state actor or a non-state one.")


class Threat(StrictModel):
    paragraph: ClassVar[str] = "Template para 4"
    requirement: ClassVar[str] = "T4.threat-and-vulnerability"
    id: Id = Field(description="A short id risks use to name the threat, e.g. T1.")
    description: Text = Field(description="The threat of physical violence, in a sentence.")
    perpetrators: list[Perpetrator] = items(description="Who carries out the violence.")
    intent: Text | None = Field(None, description="What the perpetrators intend.")
    capability: Text | None = Field(None, description="What the perpetrators are able to do.")
    trend: Trend | None = Field(None, description="Whether the threat is likely to change over time.")


class Vulnerability(StrictModel):
    paragraph: ClassVar[str] = "Template para 4"
    requirement: ClassVar[str] = "T4.threat-and-vulnerability"
    id: Id = Field(description="A short id risks use to name the vulnerability, e.g. V1.")
    group: str = Field(description="Who is exposed, e.g. IDPs in sites, women collecting firewood.")
    factor: Text | None = Field(None, description="What exposes them: a place, an activity, an identity.")


class Risk(StrictModel):
    paragraph: ClassVar[str] = "Template paras 3-4"
    requirement: ClassVar[str] = "T3.priority-risks"
    id: Id = Field(description="A short id the implementation matrix uses to name the risk, e.g. R1.")
    title: str = Field(description="The risk in a sentence: who may be harmed, how and where.")
    nature: RiskNature | None = Field(None, description="Whether the risk is actual (happening now) or potential.")
    threats: list[Id] = items(
        description="Threat ids.", json_schema_extra={"requirement": "T4.threat-and-vulnerability"})
    vulnerabilities: list[Id] = items(
        description="Vulnerability ids.", json_schema_extra={"requirement": "T4.threat-and-vulnerability"})
    affected_groups: list[str] = items(description="Who is affected, e.g. IDPs in Tamberi site.")
    locations: list[str] = items(description="Where the risk is concentrated.")
    gravity: Level | None = Field(
        None, description="How grave the harm would be, from 1 (lowest) to 5 (highest).",
        json_schema_extra={"requirement": "T4.prioritization"})
    likelihood: Level | None = Field(
        None, description="How likely it is to happen, from 1 (lowest) to 5 (highest).",
        json_schema_extra={"requirement": "T4.prioritization"})
    priority: bool = Field(
        False, description="The mission has chosen to address this risk as a priority.",
        json_schema_extra={"requirement": "T4.prioritization"})


class RiskAnalysis(StrictModel):
    paragraph: ClassVar[str] = "Template paras 3-4"
    requirement: ClassVar[str] = "T3.joint-analysis"
    participants: list[Id] = items(description="Actor ids of those who took part in the analysis.")
    sources: list[str] = items(description="Monitoring the analysis rests on.")
    validated_with: list[Validator] = items(description="Who the analysis was validated with.")
    threats: list[Threat] = items(
        description="Threats: perpetrators, intent, capability, trend.",
        json_schema_extra={"requirement": "T4.threat-and-vulnerability"})
    vulnerabilities: list[Vulnerability] = items(
        description="Vulnerabilities of civilians.",
        json_schema_extra={"requirement": "T4.threat-and-vulnerability"})
    risks: list[Risk] = items(description="POC risks = threats x vulnerabilities.")


class MatrixRow(StrictModel):
    paragraph: ClassVar[str] = "Template para 5; Annex I"
    requirement: ClassVar[str] = "T5.activities-per-risk"
    risk: Id = Field(description="The risk this activity mitigates.")
    activity: Text = Field(description="What will be done, in a sentence.")
    tier: Tier | None = Field(
        None, description="The POC tier the activity serves: 1 political process, 2 physical protection, 3 protective environment.")
    lead: Id | None = Field(
        None, description="The one actor that leads the activity.",
        json_schema_extra={"requirement": "T5.lead-actor"})
    supporting: list[Id] = items(
        description="Supporting actor ids.", json_schema_extra={"requirement": "T5.supporting-actors"})
    workplan: str | None = Field(None, description="The component workplan that carries the activity.")

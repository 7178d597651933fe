"""Template section B (risk analysis) and C / Annex I (the implementation matrix)."""

from typing import Annotated, ClassVar

from pydantic import BeforeValidator, Field

from .base import Id, StrictModel, Text, items
from .vocabulary import RATING_LEVELS, Level, PerpetratorType, RiskNature, Tier, Trend, Validator


Rated = Annotated[Level, BeforeValidator(lambda v: RATING_LEVELS.get(v, v) if isinstance(v, str) else v)]
"""A rating from 1 to 5; low, medium and high are read as 1, 3 and 5."""

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
    no_perpetrator: Text | None = Field(
        None, description="For a threat nobody carries out (explosive remnants of war, a natural hazard): why none is named.")
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
    gravity: Rated | None = Field(
        None, description="How grave the harm would be, from 1 (lowest) to 5 (highest), or low / medium / high (read as 1, 3, 5).",
        json_schema_extra={"requirement": "T4.prioritization"})
    likelihood: Rated | None = Field(
        None, description="How likely it is to happen, from 1 (lowest) to 5 (highest), or low / medium / high (read as 1, 3, 5).",
        json_schema_extra={"requirement": "T4.prioritization"})
    priority: bool = Field(
        False, description="The mission has chosen to address this risk as a priority.",
        json_schema_extra={"requirement": "T4.prioritization"})
    addressed_by: Id | None = Field(
        None, description="An actor outside the mission that leads the response to this risk (Template para 4).")


class RuledOut(StrictModel):
    """Kinds of risk a reviewer expects to see analysed, which the analysis weighed and set aside here."""

    paragraph: ClassVar[str] = "Template paras 3-4, 12 and 20"
    requirement: ClassVar[str] = "T3.priority-risks"
    sexual_violence: Text | None = Field(
        None, description="Why conflict-related sexual violence is not a POC risk, or not a priority, in the mission "
                          "area, as the analysis found it (e.g. with the Women Protection Advisers); Template para 20 "
                          "names sexual violence among the threats the senior group discusses.")
    children: Text | None = Field(
        None, description="Why grave violations against children (recruitment, killing and maiming, abduction) are not "
                          "a POC risk, or not a priority, in the mission area, as the analysis found it (e.g. with the "
                          "Child Protection Unit); Template para 12 names child protection among the training needs.")


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
    ruled_out: RuledOut = Field(
        default_factory=RuledOut, description="Kinds of risk the analysis considered and found not to be a risk, or "
                                              "not a priority, here, each with the reason (Template paras 3-4).")


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
    field_plan: Id | None = Field(
        None, description="The field, state or sector POC plan whose own matrix details this activity (its id in "
                          "purpose_scope.field_plans); the row may then leave its lead, supporting actors, workplan "
                          "and tier to that plan.")

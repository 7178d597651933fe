"""Template section A: purpose and scope."""

from typing import ClassVar

from pydantic import Field

from .base import Id, StrictModel, Text, items
from .vocabulary import BodyOfLaw, Horizon, LinkedStrategyType, Tier


class Compliance(StrictModel):
    paragraph: ClassVar[str] = "Template para 2 (Compliance)"
    requirement: ClassVar[str] = "T2.compliance-statement"
    statement: Text | None = Field(
        None, description="The statement that mission staff must comply with the strategy.")
    mandatory: bool = Field(False, description="Compliance is mandatory for all relevant mission staff.")
    hom_sign_off: bool = Field(False, description="Binding once signed off by the Head of Mission.")
    other_un_entities: Text | None = Field(None, description="Aspects needing action by other UN entities.")


class Objective(StrictModel):
    paragraph: ClassVar[str] = "Template para 2 (POC objectives)"
    requirement: ClassVar[str] = "T2.objectives-horizons"
    id: Id = Field(description="A short id that indicators use to name the objective.")
    statement: Text = Field(description="The objective, in a sentence.")
    horizon: Horizon = Field(description="When it should be reached: immediate, medium or long term.")
    tier: Tier = Field(
        description="The POC tier it serves: 1 political process, 2 physical protection, 3 protective environment.")


class LinkedStrategy(StrictModel):
    paragraph: ClassVar[str] = "Template para 2 (Existing protection strategies)"
    requirement: ClassVar[str] = "T2.existing-strategies"
    type: LinkedStrategyType = Field(
        description="What kind of strategy or plan it is: ISF, Protection Cluster, host government...")
    title: str = Field(description="Its title.")


class Review(StrictModel):
    paragraph: ClassVar[str] = "Template para 2 (Reviewing the strategy)"
    requirement: ClassVar[str] = "T2.annual-review"
    cycle_months: int | None = Field(
        None, ge=1, le=120, description="How many months between reviews (a review every year: 12).")
    linked_process: str | None = Field(None, description="e.g. the Results Based Budget cycle.")


class FieldPlan(StrictModel):
    """A field, state or sector POC plan the strategy refers to, which may carry its own matrix."""

    paragraph: ClassVar[str] = "Template para 5"
    id: Id = Field(description="A short id that matrix rows use to refer to the plan.")
    name: str = Field(description="The plan's title, e.g. Upper Nile State POC Plan 2026.")
    area: str | None = Field(None, description="The state, sector or field office it covers.")
    has_matrix: bool = Field(False, description="The plan has its own implementation matrix.")


class Principles(StrictModel):
    paragraph: ClassVar[str] = "Framework para 5"
    requirement: ClassVar[str] = "F5.principles"
    peacekeeping_principles: bool = Field(False, description="Consent, impartiality, non-use of force.")
    bodies_of_law: list[BodyOfLaw] = items(description="Bodies of law the strategy affirms.")


class PurposeScope(StrictModel):
    paragraph: ClassVar[str] = "Template paras 1-2"
    requirement: ClassVar[str] = "T1.purpose"
    purpose: Text | None = Field(
        None, description="Why the strategy exists, in light of the mission's POC mandate: a short statement.")
    compliance: Compliance = Field(
        default_factory=Compliance, description="Who must comply with the strategy, and from when.")
    objectives: list[Objective] = items(description="Immediate, medium- and long-term POC objectives.")
    linked_strategies: list[LinkedStrategy] = items(description="Existing strategies and plans linked.")
    review: Review = Field(
        default_factory=Review, description="How often the strategy is reviewed, and with which planning process.")
    principles: Principles = Field(
        default_factory=Principles, description="The principles and bodies of law the strategy upholds.")
    field_plans: list[FieldPlan] = items(description="Field, state or sector POC plans under this strategy.")
    host_primary_responsibility: Text | None = Field(
        None, description="Statement that the host government bears primary responsibility."
    )

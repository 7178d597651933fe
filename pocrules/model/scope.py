"""Template section A: purpose and scope."""

from __future__ import annotations

from pydantic import Field

from .base import Id, StrictModel, Text, items
from .vocabulary import BodyOfLaw, Horizon, LinkedStrategyType, Tier


class Compliance(StrictModel):
    statement: Text | None = None
    mandatory: bool = Field(False, description="Compliance is mandatory for all relevant mission staff.")
    hom_sign_off: bool = Field(False, description="Binding once signed off by the Head of Mission.")
    other_un_entities: Text | None = Field(None, description="Aspects needing action by other UN entities.")


class Objective(StrictModel):
    id: Id
    statement: Text
    horizon: Horizon
    tier: Tier


class LinkedStrategy(StrictModel):
    type: LinkedStrategyType
    title: str


class Review(StrictModel):
    cycle_months: int | None = Field(None, ge=1, le=120)
    linked_process: str | None = Field(None, description="e.g. the Results Based Budget cycle.")


class FieldPlan(StrictModel):
    """A field, state or sector POC plan the strategy refers to, which may carry its own matrix."""

    id: Id
    name: str
    area: str | None = Field(None, description="The state, sector or field office it covers.")
    has_matrix: bool = Field(False, description="The plan has its own implementation matrix.")


class Principles(StrictModel):
    peacekeeping_principles: bool = Field(False, description="Consent, impartiality, non-use of force.")
    bodies_of_law: list[BodyOfLaw] = items(description="Bodies of law the strategy affirms.")


class PurposeScope(StrictModel):
    purpose: Text | None = None
    compliance: Compliance = Field(default_factory=Compliance)
    objectives: list[Objective] = items(description="Immediate, medium- and long-term POC objectives.")
    linked_strategies: list[LinkedStrategy] = items(description="Existing strategies and plans linked.")
    field_plans: list[FieldPlan] = items(description="Field, state or sector POC plans under this strategy.")
    review: Review = Field(default_factory=Review)
    principles: Principles = Field(default_factory=Principles)
    host_primary_responsibility: Text | None = Field(
        None, description="Statement that the host government bears primary responsibility."
    )

"""The root of a POC strategy document."""

from __future__ import annotations

from pydantic import Field

from .base import StrictModel, items
from .drafting import Consultation, Dissemination, Drafting, Endorsement, Period
from .mission import Actor, Mission
from .monitoring import Event, Monitoring
from .operations import Capacities, CrisisResponse, EarlyWarning, Information
from .risks import MatrixRow, RiskAnalysis
from .roles import Coordination, Expectations, Roles
from .scope import PurposeScope
from .vocabulary import Status
from .waivers import Waiver


class Strategy(StrictModel):
    """A mission's comprehensive POC strategy, laid out as the 2011 Framework's template."""

    model_config = {"title": "POC strategy (2011 DPKO/DFS Framework)"}

    version: str = Field(description="The strategy's own version label.")
    status: Status = Field(
        "final", description="draft: endorsement and dissemination are not judged yet (the report lists those rules).")
    mission: Mission
    period: Period
    drafting: Drafting = Field(default_factory=Drafting)
    endorsements: list[Endorsement] = items(description="HOM and UNCT endorsements.")
    dissemination: list[Dissemination] = items(description="Who receives the strategy.")
    actors: list[Actor] = items(description="Registry of actors referred to by id elsewhere.")
    consultations: list[Consultation] = items(description="Consultations held while drafting.")
    purpose_scope: PurposeScope = Field(description="A. Purpose and scope.")
    risk_analysis: RiskAnalysis = Field(description="B. Analysis of POC risks.")
    implementation_matrix: list[MatrixRow] = items(description="C / Annex I. Activities per risk.")
    information: Information = Field(default_factory=Information, description="D. Information.")
    early_warning: EarlyWarning = Field(default_factory=EarlyWarning, description="E. Early warning.")
    crisis_response: CrisisResponse = Field(default_factory=CrisisResponse, description="E. Crisis response.")
    capacities: Capacities = Field(default_factory=Capacities, description="F. Capacities.")
    roles: Roles = Field(default_factory=Roles, description="G. Roles and responsibilities.")
    coordination: Coordination = Field(default_factory=Coordination, description="H. Coordination.")
    expectations: Expectations = Field(default_factory=Expectations, description="I. Expectations.")
    monitoring: Monitoring = Field(default_factory=Monitoring, description="J. Monitoring and reporting.")
    history: list[Event] = items(description="Dated events: mandate and context changes, reviews, crises.")
    waivers: list[Waiver] = items(description="Findings a reviewer accepted, each with a justification.")

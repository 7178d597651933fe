"""The root of a POC strategy document."""

from typing import ClassVar

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

    paragraph: ClassVar[str] = "Framework paras 6-11 and the Template"

    model_config = {"title": "POC strategy (2011 DPKO/DFS Framework)"}

    may_be_unwritten: ClassVar[tuple[str, ...]] = (
        "information", "early_warning", "crisis_response", "capacities", "roles", "coordination", "expectations",
        "monitoring")
    """Template sections a draft may leave out: each defaults to empty, and a rule reports it as not written."""

    version: str | None = Field(
        None, description="The strategy's own version label, e.g. 2026.1; the Framework asks for a new version after each review (Framework para 10).",
        json_schema_extra={"requirement": "T2.annual-review"})
    status: Status = Field(
        "final", description="draft: endorsement and dissemination are not judged yet (the report lists those rules).")
    mission: Mission = Field(
        description="The mission: its name, mandate and the facts about it that change what the Framework asks (Framework para 3).")
    period: Period | None = Field(None, description="The one year the strategy covers (Framework para 10).")
    drafting: Drafting = Field(
        default_factory=Drafting, description="How the strategy was drafted: office, working group, dates, leadership reviews (Framework paras 7-8).")
    endorsements: list[Endorsement] = items(
        description="Endorsements by the Head of Mission and the UN Country Team (Framework para 11).")
    dissemination: list[Dissemination] = items(
        description="Who receives the strategy, in full or as a summary (Framework para 11).")
    actors: list[Actor] = items(
        description="Everyone the strategy gives a task, a chair or a seat, each with a short id used elsewhere (Annex I; Template para 13).")
    consultations: list[Consultation] = items(
        description="The consultations held while drafting: who, when, on which sections (Framework paras 6 and 9).")
    purpose_scope: PurposeScope = Field(
        description="Section A, Purpose and scope: why the strategy exists, who must comply, objectives, linked strategies, review (Template paras 1-2).")
    risk_analysis: RiskAnalysis = Field(
        description="Section B, Analysis of POC risks: threats, vulnerabilities and the risks they make, ranked (Template paras 3-4).")
    implementation_matrix: list[MatrixRow] = items(
        description="Section C and Annex I, the implementation matrix: for each risk, the activities, their lead and supporting actors (Template para 5; Annex I).")
    information: Information = Field(
        default_factory=Information, description="Section D, Information gathering and sharing (Template paras 7-8).")
    early_warning: EarlyWarning = Field(
        default_factory=EarlyWarning, description="Section E, Early warning: mechanisms, and the roles of host authorities and the population (Template para 9).")
    crisis_response: CrisisResponse = Field(
        default_factory=CrisisResponse, description="Section E, Crisis response: how the mission decides quickly in a protection crisis (Template para 9).")
    capacities: Capacities = Field(
        default_factory=Capacities, description="Section F, Capacities, resources and national caveats, and the gaps between them and the risks (Template paras 10-12).")
    roles: Roles = Field(
        default_factory=Roles, description="Section G, Roles and responsibilities of the mission, the host government, communities and humanitarians (Template paras 13-18).")
    coordination: Coordination = Field(
        default_factory=Coordination, description="Section H, Coordination mechanisms at headquarters, regional and local level (Template paras 19-24).")
    expectations: Expectations = Field(
        default_factory=Expectations, description="Section I, Expectations management: what the mission tells people it can and cannot do (Template paras 25-26).")
    monitoring: Monitoring = Field(
        default_factory=Monitoring, description="Section J, Monitoring, reporting and lessons learned (Template paras 27-30).")
    history: list[Event] = items(
        description="Dated events: mandate and context changes, reviews, crises and after-action reviews (Framework paras 1 and 10).")
    waivers: list[Waiver] = items(
        description="Findings a reviewer accepted, each with a justification (a pocrules review record, not part of the Framework).")

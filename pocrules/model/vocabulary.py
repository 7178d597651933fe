"""The fixed vocabularies a strategy draws from.

They are closed lists so that rules can compare against them reliably and a
misspelling ("protection_culster") is rejected with a suggestion instead of
silently matching nothing.
"""

from typing import Literal

from .base import numbers

Section = Literal["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "annex-I"]

Component = Literal["civilian", "military", "police", "support"]

ActorKind = Literal[
    "mission_component", "un_entity", "protection_cluster", "host_government", "ngo",
    "civil_society", "community", "armed_group", "member_state", "nyhq", "partner_organisation",
]

LeadershipRole = Literal[
    "hom", "dsrsg", "dsrsg_rc_hc", "force_commander", "police_commissioner", "mission_support_head",
    "chief_of_staff", "head_of_office", "planning_officer", "poc_adviser",
]

ConsultationCategory = Literal[
    "host_government", "non_state_armed_group", "local_population", "women", "children",
    "elderly", "minorities", "civil_society", "nyhq_iot", "imtf", "ola",
    "military_component", "police_component", "civilian_component", "support_component",
    "chief_of_staff", "planning_officer", "joc", "jmac", "unct", "protection_cluster",
    "un_agency", "ngo", "tpcc", "security_council",
]

ConsultationMethod = Literal[
    "workshop", "bilateral_meeting", "written_comments", "focus_group", "community_meeting",
    "survey", "video_conference", "working_group",
]

Status = Literal["draft", "final"]

Horizon = Literal["immediate", "medium", "long"]
Tier = numbers(Literal[1, 2, 3])
Level = numbers(Literal[1, 2, 3, 4, 5])
"""Gravity and likelihood ratings: 1 (lowest) to 5 (highest)."""
RATING_LEVELS: dict[str, int] = {"low": 1, "medium": 3, "high": 5}
"""Gravity and likelihood in words, as many missions rate them, and the level each is read as."""

RiskNature = Literal["actual", "potential"]
PerpetratorType = Literal["state", "non_state", "allied_militia", "self_defence_group", "criminal_network"]
Trend = Literal["increasing", "stable", "decreasing", "uncertain"]
LinkedStrategyType = Literal[
    "isf", "protection_cluster", "host_government", "un_agency", "mission_plan", "hrddp", "other",
]
BodyOfLaw = Literal["ihl", "human_rights_law", "refugee_law"]
LegalObligation = Literal["ihl", "human_rights_law", "sea_bulletin"]
Validator = Literal["humanitarian_community", "host_government"]
EndorsingBody = Literal["hom", "unct"]
DisseminationForm = Literal["copy", "summary"]
CoordinationLevel = Literal["hq", "regional", "local"]
CoordinationPartner = Literal["mission", "un_protection_partners", "host_authorities", "communities"]
GapOptionLevel = Literal["mission", "nyhq"]
Audience = Literal[
    "local_population", "host_authorities", "idps", "humanitarian_partners", "media",
    "armed_groups", "member_states",
]
ReportType = Literal[
    "sg_country_report", "sg_poc_report", "thematic_report", "situation_report", "code_cable",
    "human_rights_public_report", "tpcc_briefing", "security_council_briefing",
]
LessonsFeed = Literal["conops", "roe", "planning", "training"]

DISPLAY: dict[str, str] = {
    # leadership roles
    "hom": "Head of Mission", "dsrsg": "Deputy SRSG", "dsrsg_rc_hc": "DSRSG/RC/HC",
    "force_commander": "Force Commander", "police_commissioner": "Police Commissioner",
    "mission_support_head": "Director or Chief of Mission Support", "chief_of_staff": "Chief of Staff",
    "head_of_office": "Head of Office", "planning_officer": "mission planning officer",
    "poc_adviser": "POC adviser",
    # actor kinds
    "mission_component": "mission component", "un_entity": "UN entity",
    "protection_cluster": "Protection Cluster", "host_government": "host government", "ngo": "NGO",
    "civil_society": "civil society", "community": "community", "armed_group": "armed group",
    "member_state": "Member State", "nyhq": "UN Headquarters (NYHQ)",
    "partner_organisation": "partner organisation",
    # consultation categories
    "non_state_armed_group": "non-state armed groups", "local_population": "local population",
    "women": "women", "children": "children", "elderly": "elderly people", "minorities": "minorities",
    "nyhq_iot": "Integrated Operational Team (NYHQ)", "imtf": "Integrated Mission Task Force",
    "ola": "Office of Legal Affairs", "military_component": "military component",
    "police_component": "police component", "civilian_component": "civilian components",
    "support_component": "mission support component", "joc": "Joint Operations Centre (JOC)",
    "jmac": "Joint Mission Analysis Centre (JMAC)", "unct": "UNCT", "un_agency": "UN agencies",
    "tpcc": "troop and police contributing countries", "security_council": "Security Council",
    # endorsing bodies, validators, linked strategies
    "humanitarian_community": "humanitarian community", "isf": "Integrated Strategic Framework",
    "mission_plan": "mission plan", "hrddp": "Human Rights Due Diligence Policy",
    # law and obligations
    "ihl": "international humanitarian law", "human_rights_law": "human rights law",
    "refugee_law": "refugee law", "sea_bulletin": "SG bulletin on sexual exploitation and abuse",
    # coordination
    "hq": "mission HQ", "un_protection_partners": "UN protection partners",
    "host_authorities": "host authorities", "communities": "local communities",
    # audiences, reports, lessons
    "idps": "IDPs", "humanitarian_partners": "humanitarian partners", "armed_groups": "armed groups",
    "member_states": "Member States", "sg_country_report": "Secretary-General's country report",
    "sg_poc_report": "Secretary-General's report on the protection of civilians",
    "thematic_report": "thematic report", "situation_report": "situation report",
    "code_cable": "code cable", "human_rights_public_report": "public human rights report",
    "tpcc_briefing": "T/PCC briefing", "security_council_briefing": "Security Council briefing",
    "conops": "CONOPS", "roe": "rules of engagement (ROE)",
    # perpetrator types
    "state": "state forces", "non_state": "non-state armed group",
    "allied_militia": "militia allied to the state", "self_defence_group": "self-defence group",
    "criminal_network": "criminal network",
    # events in the strategy's history
    "after_action_review": "after-action review",
    # consultation methods
    "bilateral_meeting": "bilateral meeting", "community_meeting": "community meeting",
    "focus_group": "focus group", "video_conference": "video conference",
    "working_group": "working group", "written_comments": "written comments",
}
"""How codes read in messages and reports: one table, so no report shows ``police_commissioner``.

Plain words that read well as they are (``civilian``, ``local``, ``immediate``) are left out.
"""


def display(code: str) -> str:
    """The reader's name for a vocabulary code; anything else is returned unchanged."""
    return DISPLAY.get(code, code)

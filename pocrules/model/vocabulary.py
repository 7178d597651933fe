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
    "civil_society", "community", "armed_group", "member_state", "nyhq",
]

LeadershipRole = Literal[
    "hom", "dsrsg", "force_commander", "police_commissioner", "mission_support_head",
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

Horizon = Literal["immediate", "medium", "long"]
Tier = numbers(Literal[1, 2, 3])
Level = numbers(Literal[1, 2, 3, 4, 5])
"""Gravity and likelihood ratings: 1 (lowest) to 5 (highest)."""

RiskNature = Literal["actual", "potential"]
PerpetratorType = Literal["state", "non_state"]
Trend = Literal["increasing", "stable", "decreasing", "uncertain"]
LinkedStrategyType = Literal[
    "isf", "protection_cluster", "host_government", "un_agency", "mission_plan", "other",
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

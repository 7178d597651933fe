"""The Framework's template as data: what a mission's Word strategy contains, and where.

Render and import both read this one description, so a heading, a column or a
synonym is added here once and the two directions never drift apart. Each
section lists its *parts*: prose paragraphs, labelled lines, bullet lists and
tables, each tied to the model field it carries. Hand-written documents word
things differently; the synonyms are the wordings the importer also accepts.
"""

# No ``from __future__ import annotations``: NamedTuple compiles each string annotation, a third of
# this module's import, which every check pays (pocrules.subjects names places with it).
import functools
from typing import Annotated, Any, NamedTuple, get_args, get_origin

from ..model import vocabulary as v


class Column(NamedTuple):
    """A table column: its header, the row field it holds, and how the cell is written."""

    header: str
    field: str
    kind: str = "text"
    """text | int | date | bool | lines | dates | period | perpetrators | options; vocab | vocabs (with
    ``vocab``); references resolved by name: actor | actors | risk | threats | vulnerabilities | objective
    | mechanism."""
    vocab: str = ""
    synonyms: tuple[str, ...] = ()


class Part(NamedTuple):
    """One element of a section: ``prose`` paragraph(s), a ``line`` "Label: value",
    a ``bullets`` list of short texts, or a ``table`` of objects."""

    kind: str
    pointer: str
    title: str
    para: int | None = None
    columns: tuple[Column, ...] = ()
    codec: Column | None = None
    """For a line: how its value is written (a Column without header)."""
    name: str = ""
    """For a table: how a reader refers to it ("risk table")."""
    synonyms: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name or self.title


class Section(NamedTuple):
    key: str
    heading: str
    label: str
    """How a reader names the section in a location: "Section B", "Annex I"."""
    pointers: tuple[str, ...]
    parts: tuple[Part, ...] = ()
    synonyms: tuple[str, ...] = ()
    guidance: str = ""
    boilerplate: tuple[str, ...] = ()
    """Fixed sentences the renderer writes and the importer passes over."""


def _prose(pointer: str, title: str, para: int | None = None, *synonyms: str) -> Part:
    return Part("prose", pointer, title, para, synonyms=synonyms)


def _line(pointer: str, title: str, kind: str = "text", vocab: str = "", *synonyms: str) -> Part:
    return Part("line", pointer, title, codec=Column("", "", kind, vocab), synonyms=synonyms)


def _bullets(pointer: str, title: str, *synonyms: str) -> Part:
    return Part("bullets", pointer, title, synonyms=synonyms)


def _table(pointer: str, title: str, name: str, *columns: Column, para: int | None = None,
           synonyms: tuple[str, ...] = ()) -> Part:
    return Part("table", pointer, title, para, columns=columns, name=name, synonyms=synonyms)


C = Column


def _codes(vocabulary: Any) -> tuple[Any, ...]:
    """A vocabulary's codes: the values of its Literal (Tier and Level wrap theirs in a validator)."""
    args = get_args(vocabulary)
    return get_args(args[0]) if get_origin(vocabulary) is Annotated else args


VOCABULARIES: dict[str, tuple[str, ...]] = {
    name: _codes(getattr(v, name)) for name in (
        "Section", "Component", "ActorKind", "LeadershipRole", "ConsultationCategory", "ConsultationMethod",
        "Horizon", "Tier", "Level", "RiskNature", "PerpetratorType", "Trend", "LinkedStrategyType", "BodyOfLaw",
        "LegalObligation", "Validator", "EndorsingBody", "DisseminationForm", "CoordinationLevel",
        "CoordinationPartner", "GapOptionLevel", "Audience", "ReportType", "LessonsFeed")
}
VOCABULARIES["EventType"] = ("mandate_change", "context_change", "review", "crisis", "after_action_review")

LABELS: dict[str, str] = {
    # Words a POC officer reads instead of vocabulary codes; the others are the code in plain words.
    "hom": "Head of Mission", "dsrsg": "Deputy SRSG", "unct": "UN Country Team", "ihl": "International humanitarian law",
    "sea_bulletin": "SG bulletin on IHL (ST/SGB/1999/13)", "nyhq_iot": "NYHQ Integrated Operational Team",
    "imtf": "Integrated Mission Task Force", "ola": "Office of Legal Affairs", "joc": "Joint Operations Centre",
    "jmac": "Joint Mission Analysis Centre", "tpcc": "Troop- and police-contributing countries",
    "un_agency": "UN agency", "ngo": "NGO", "nyhq": "NYHQ", "un_entity": "UN entity", "hq": "Mission HQ",
    "isf": "Integrated Strategic Framework", "un_protection_partners": "UN protection partners",
    "sg_country_report": "SG country report", "sg_poc_report": "SG report on POC",
    "human_rights_public_report": "Public human rights report", "tpcc_briefing": "T/PCC briefing",
    "conops": "CONOPS", "roe": "ROE", "idps": "IDPs", "annex-I": "Annex I", "non_state": "non-state",
    "poc_adviser": "Senior POC Adviser", "mission_support_head": "Director of Mission Support",
    "idp": "IDP", "after_action_review": "After-action review", "review": "Review of the strategy",
}


def label(code: object) -> str:
    """The words a report or a document uses for a vocabulary code."""
    if isinstance(code, int):
        return str(code)
    text = LABELS.get(str(code))
    if text:
        return text
    words = str(code).replace("_", " ")
    return words[:1].upper() + words[1:]


TITLE = Section(
    "title", "Comprehensive Strategy for the Protection of Civilians", "Title page",
    ("/version", "/mission/name", "/mission/acronym", "/period", "/endorsements"),
    (
        _line("/mission/name", "Mission"),
        _line("/mission/acronym", "Acronym", "text", "", "Mission acronym"),
        _line("/period", "Period covered", "period", "", "Period", "Timeframe"),
        _line("/version", "Version", "text", "", "Version number"),
        _table("/endorsements", "Endorsements", "endorsement table",
               C("Endorsed by", "by", "vocab", "EndorsingBody", ("Endorsement", "Endorsing body")),
               C("Date", "date", "date", synonyms=("Date endorsed", "Endorsed on"))),
    ),
    guidance="The mission, the one-year period the strategy covers, its version, and the "
             "endorsements of the Head of Mission and the UN Country Team.",
)

MISSION = Section(
    "mission", "Mission and mandate", "Mission and mandate",
    ("/mission",),
    (
        _table("/mission/mandate/resolutions", "Mandate", "mandate table",
               C("Resolution", "number", synonyms=("Security Council resolution", "SCR")),
               C("Adopted", "adopted", "date", synonyms=("Date", "Date adopted")),
               C("POC paragraph", "poc_paragraph", synonyms=("Operative paragraph", "OP"))),
        _prose("/mission/transition_considerations", "Transition considerations", None,
               "Transition", "Drawdown and transition"),
    ),
    synonyms=("Mandate", "POC mandate", "Background"),
    guidance="The Security Council resolutions that give the POC mandate and, if the mission is "
             "drawing down, what that means for the protection work of UN agencies.",
)

DRAFTING = Section(
    "body", "Drafting, consultation and dissemination", "Drafting and consultation",
    ("/drafting", "/consultations", "/dissemination"),
    (
        _line("/drafting/office", "Drafting office", "text", "", "Drafted by", "Lead office"),
        _table("/drafting/working_group", "POC working group", "working group table",
               C("Member", "name", synonyms=("Name", "Office")),
               C("Component", "component", "vocab", "Component"),
               C("External partner", "external", "bool", synonyms=("External",))),
        _line("/drafting/started", "Drafting started", "date", "", "Started"),
        _line("/drafting/finalized", "Finalized", "date", "", "Date finalized", "Finalised"),
        _line("/drafting/leadership_reviews", "Reviewed by senior leadership", "dates", "",
              "Senior leadership reviews", "Leadership reviews"),
        _line("/drafting/page_count", "Length (pages)", "int", "", "Pages", "Page count"),
        _table("/consultations", "Consultations", "consultation table",
               C("Who", "category", "vocab", "ConsultationCategory", ("Group", "Group consulted", "Category")),
               C("Actor", "actor", "actor", synonyms=("Consulted", "Actor consulted", "Interlocutor")),
               C("When", "date", "date", synonyms=("Date",)),
               C("Sections", "sections", "vocabs", "Section", ("On which sections", "Sections consulted on")),
               C("How", "method", "vocab", "ConsultationMethod", ("Method", "Format")),
               C("Facilitated by", "facilitated_by", "actor", synonyms=("Facilitator",)),
               C("Notes", "notes", synonyms=("Remarks", "Comments")),
               para=8, synonyms=("Consultation", "Consultations held")),
        _table("/drafting/consultation_gaps", "Groups not consulted", "consultation gap table",
               C("Group", "category", "vocab", "ConsultationCategory", ("Who",)),
               C("Reason", "reason", synonyms=("Why",))),
        _table("/dissemination", "Dissemination", "dissemination table",
               C("Recipient", "recipient", "actor", synonyms=("Disseminated to", "To")),
               C("Form", "form", "vocab", "DisseminationForm", ("Copy or summary",)),
               para=11),
    ),
    synonyms=("Drafting and consultation", "Drafting process", "Consultation process", "Consultations",
              "Introduction"),
    guidance="Who drafted the strategy, who was consulted on which sections and how (host government, "
             "communities including women, children, older persons and minorities, UN and NGO partners, "
             "NYHQ, T/PCCs), who could not be consulted and why, and who receives the strategy.",
)

A = Section(
    "A", "A. Purpose and scope of the strategy", "Section A",
    ("/purpose_scope",),
    (
        _prose("/purpose_scope/purpose", "Purpose", 1, "Purpose of the strategy"),
        _prose("/purpose_scope/compliance/statement", "Compliance", 2, "Compliance statement"),
        _prose("/purpose_scope/compliance/other_un_entities", "Action by other UN entities", 2,
               "Other UN entities"),
        _table("/purpose_scope/objectives", "POC objectives", "objectives table",
               C("Ref.", "id", synonyms=("Ref", "No.", "#", "Objective no.")),
               C("Objective", "statement", synonyms=("POC objective", "Statement")),
               C("Horizon", "horizon", "vocab", "Horizon", ("Timeframe", "Term")),
               C("Tier", "tier", "vocab", "Tier", ("Protection tier",)),
               para=2, synonyms=("Objectives",)),
        _table("/purpose_scope/linked_strategies", "Existing protection strategies", "linked strategies table",
               C("Type", "type", "vocab", "LinkedStrategyType"),
               C("Strategy or plan", "title", synonyms=("Title", "Document")),
               para=2, synonyms=("Linked strategies", "Linkages")),
        _line("/purpose_scope/review/cycle_months", "Review cycle (months)", "int", "", "Review cycle"),
        _line("/purpose_scope/review/linked_process", "Linked planning process", "text", "",
              "Linked process"),
        _prose("/purpose_scope/host_primary_responsibility", "Primary responsibility of the host government",
               2, "Host government responsibility"),
    ),
    synonyms=("Purpose and scope", "Purpose", "Scope"),
    guidance="Say in a few lines why the strategy exists in the light of the POC mandate; state that "
             "compliance is mandatory for mission staff once the Head of Mission signs it off; set "
             "immediate, medium- and long-term objectives across the three tiers; name the strategies and "
             "plans it links to; and give its review cycle.",
)

B = Section(
    "B", "B. Analysis of POC risks and undertaking risk assessments", "Section B",
    ("/risk_analysis",),
    (
        _line("/risk_analysis/participants", "Analysis undertaken with", "actors", "",
              "Participants", "Analysis undertaken jointly with"),
        _bullets("/risk_analysis/sources", "Sources of the analysis", "Sources"),
        _line("/risk_analysis/validated_with", "Validated with", "vocabs", "Validator"),
        _table("/risk_analysis/threats", "Threats", "threat table",
               C("Ref.", "id", synonyms=("Ref", "No.", "#")),
               C("Threat", "description", synonyms=("Description",)),
               C("Perpetrators", "perpetrators", "perpetrators", synonyms=("Perpetrator", "Main perpetrators")),
               C("Intent", "intent", synonyms=("Intention", "Intentions")),
               C("Capability", "capability", synonyms=("Capabilities",)),
               C("Trend", "trend", "vocab", "Trend", ("Likely change",)),
               para=4),
        _table("/risk_analysis/vulnerabilities", "Vulnerabilities", "vulnerability table",
               C("Ref.", "id", synonyms=("Ref", "No.", "#")),
               C("Who is exposed", "group", synonyms=("Group", "Vulnerable group", "Population")),
               C("What exposes them", "factor", synonyms=("Factor", "Vulnerability", "Exposure")),
               para=4),
        _table("/risk_analysis/risks", "POC risks", "risk table",
               C("Ref.", "id", synonyms=("Ref", "No.", "#", "Risk no.")),
               C("Risk", "title", synonyms=("POC risk", "Description")),
               C("Actual or potential", "nature", "vocab", "RiskNature", ("Nature", "Type")),
               C("Threats", "threats", "threats", synonyms=("Threat",)),
               C("Vulnerabilities", "vulnerabilities", "vulnerabilities", synonyms=("Vulnerability",)),
               C("Affected groups", "affected_groups", "lines", synonyms=("Affected",)),
               C("Locations", "locations", "lines", synonyms=("Location", "Where")),
               C("Gravity", "gravity", "vocab", "Level", ("Severity", "Impact")),
               C("Likelihood", "likelihood", "vocab", "Level", ("Probability",)),
               C("Priority", "priority", "bool", synonyms=("Priority risk",)),
               para=3, synonyms=("Risks", "Priority POC risks", "Risk matrix")),
    ),
    synonyms=("POC risk analysis", "Analysis of POC risks", "Risk analysis", "POC risks",
              "Threats and vulnerabilities", "Risk assessment"),
    guidance="Analyse the risks to civilians jointly with UN protection actors: the threats (who, with "
             "what intent and capability, and whether they will change), the vulnerabilities of the people "
             "exposed, and the risks that result, rated by gravity and likelihood, with the priority risks "
             "the mission will address.",
)

C_SECTION = Section(
    "C", "C. POC activities", "Section C",
    (),
    synonyms=("Activities", "POC activities and implementation", "Mitigating measures"),
    guidance="Point to the implementation matrix in Annex I, where each priority risk has activities "
             "across the three tiers, one lead and its supporting actors, reflected in component workplans.",
    boilerplate=("The activities that address the risks in section B are set out in the implementation "
                 "matrix at Annex I.",),
)

D = Section(
    "D", "D. Information-gathering and sharing system", "Section D",
    ("/information",),
    (
        _table("/information/mechanisms", "Information mechanisms", "information mechanisms table",
               C("Mechanism", "name", synonyms=("Name", "System")),
               C("Description", "description", synonyms=("How it works",)),
               para=7),
        _prose("/information/confidentiality_protocol", "Confidentiality", 7,
               "Confidentiality protocol", "Sensitive information"),
        _prose("/information/protection_cluster_sharing", "Sharing with the Protection Cluster", 8,
               "Information sharing with the Protection Cluster"),
    ),
    synonyms=("Information gathering and sharing", "Information sharing", "Information management",
              "Information-gathering and sharing"),
    guidance="How POC information is gathered, analysed and shared; how sensitive information and the "
             "identity of victims and witnesses stay confidential; and how trends are shared with the "
             "Protection Cluster.",
)

E = Section(
    "E", "E. Early warning systems and crisis response", "Section E",
    ("/early_warning", "/crisis_response"),
    (
        _table("/early_warning/mechanisms", "Early-warning mechanisms", "early-warning table",
               C("Mechanism", "name", synonyms=("Name", "System")),
               C("Description", "description", synonyms=("How it works",)),
               para=9, synonyms=("Early warning and response mechanisms",)),
        _prose("/early_warning/host_authorities_role", "Role of the host authorities", 9),
        _prose("/early_warning/local_population_role", "Role of the local population", 9,
               "Role of local communities"),
        _prose("/early_warning/do_no_harm", "Do no harm", 9, "Safety of informants"),
        _prose("/crisis_response/decision_process", "Crisis response", 9,
               "Crisis decision-making", "Decision-making in a crisis"),
        _line("/crisis_response/components", "Components in crisis decisions", "vocabs", "Component"),
        _prose("/crisis_response/government_coordination", "Coordination with the government in a crisis", 9,
               "Government coordination"),
    ),
    synonyms=("Early warning and crisis response", "Early warning", "Early warning and response",
              "Crisis response"),
    guidance="The early-warning and response mechanisms, the part the host authorities and the local "
             "population play in them and how informants are kept safe; then the rapid decision process "
             "in a POC crisis and how the government is consulted.",
)

F = Section(
    "F", "F. Analysis of mission capacities, resources and national caveats", "Section F",
    ("/capacities",),
    (
        _prose("/capacities/analysis", "Capacities and resources", 10, "Analysis of capacities"),
        _prose("/capacities/beyond_capacity", "Beyond the mission's capacity", 10, "Limits"),
        _prose("/capacities/training_assessment", "Training", 10, "Training assessment"),
        _table("/capacities/caveats", "National caveats", "caveat table",
               C("Contingent", "contingent", synonyms=("Unit", "Contributing country")),
               C("Caveat", "caveat", synonyms=("National caveat",)),
               C("Impact on POC", "impact", synonyms=("Impact",)),
               C("Alternative", "alternative", synonyms=("Mitigation",)),
               para=10, synonyms=("Caveats",)),
        _prose("/capacities/caveats_statement", "Caveats statement", 10),
        _table("/capacities/gaps", "Gaps and options", "gap table",
               C("Ref.", "id", synonyms=("Ref", "No.", "#")),
               C("Gap", "description", synonyms=("Capacity gap",)),
               C("Options", "options", "options", synonyms=("Options to minimise the gap",)),
               para=12, synonyms=("Gaps",)),
        _prose("/capacities/resource_prioritization", "Prioritisation of resources", 11,
               "Resource prioritization", "Prioritization"),
    ),
    synonyms=("Mission capacities", "Capacities and resources", "Analysis of mission capacities",
              "Capacities, resources and national caveats"),
    guidance="What the mission can do against the risks with its people, assets and money, and frankly "
             "what it cannot; national caveats and their effect; how resources are prioritised for POC; "
             "and the gaps, with options at mission and NYHQ level.",
)

G = Section(
    "G", "G. Roles & responsibilities of mission components and other protection actors", "Section G",
    ("/roles",),
    (
        _prose("/roles/general", "General roles", 13, "Roles and responsibilities"),
        _line("/roles/legal_obligations", "Legal obligations", "vocabs", "LegalObligation"),
        _table("/roles/responsibilities", "Within the mission", "responsibilities table",
               C("Holder", "holder", "vocab", "LeadershipRole", ("Who", "Role")),
               C("Responsibility", "description", synonyms=("Responsibilities",)),
               para=17),
        _prose("/roles/host_government/will", "Will of the host government", 14),
        _prose("/roles/host_government/ability", "Ability of the host government", 14),
        _bullets("/roles/host_government/strengths", "Host government strengths", "Strengths"),
        _bullets("/roles/host_government/weaknesses", "Host government weaknesses", "Weaknesses"),
        _prose("/roles/host_government/violation_consequences", "Consequences of violations", 14),
        _prose("/roles/communities/self_protection", "Self-protection by communities", 15),
        _prose("/roles/communities/roles", "Roles of local communities", 15),
        _prose("/roles/communities/assignment_risks", "Risks of assigning roles to communities", 15),
        _prose("/roles/armed_groups_engagement", "With non-state armed groups", 16,
               "Non-state armed groups", "Engagement with armed groups"),
        _bullets("/roles/humanitarian/coordination_areas", "Areas of close coordination with humanitarians"),
        _bullets("/roles/humanitarian/separation_areas", "Areas needing humanitarian separation"),
    ),
    synonyms=("Roles and responsibilities", "Roles & responsibilities"),
    guidance="The general POC roles of the mission's components and leaders, the host government's will "
             "and ability (strengths and weaknesses), what communities already do to protect themselves, "
             "engagement with non-state armed groups, and how the mission and humanitarian actors divide "
             "their work.",
)

H = Section(
    "H", "H. Coordination mechanisms", "Section H",
    ("/coordination",),
    (
        _table("/coordination/mechanisms", "Coordination mechanisms", "coordination table",
               C("Ref.", "id", synonyms=("Ref", "No.", "#")),
               C("Mechanism", "name", synonyms=("Name", "Forum")),
               C("Level", "level", "vocab", "CoordinationLevel"),
               C("With", "partner", "vocab", "CoordinationPartner", ("Partner", "Partners")),
               C("Chair", "chair", "actor", synonyms=("Chaired by", "Chairs")),
               C("Members", "members", "actors", synonyms=("Membership", "Participants")),
               C("Reports to", "reports_to", "mechanism"),
               C("Advised by", "advised_by", "actor"),
               para=19, synonyms=("Mechanisms",)),
        _prose("/coordination/protection_cluster/external_channels", "Channels to actors outside the UN", 22,
               "External channels"),
    ),
    synonyms=("Coordination", "POC coordination", "POC coordination mechanisms"),
    guidance="The POC coordination bodies at mission headquarters and local level, with the Protection "
             "Cluster, the host authorities and communities: who chairs, who sits in them and to whom "
             "they report.",
)

I = Section(  # noqa: E741 - the Framework's section letter
    "I", "I. Expectations management", "Section I",
    ("/expectations",),
    (
        _line("/expectations/audiences", "Audiences", "vocabs", "Audience", "Communicating with"),
        _bullets("/expectations/can_do", "What the mission can do"),
        _bullets("/expectations/cannot_do", "What the mission cannot do"),
        _prose("/expectations/resources", "Communication resources", 25, "Resources"),
    ),
    synonyms=("Expectations management", "Managing expectations", "Expectations", "Communication"),
    guidance="How the mission tells the population, the authorities and partners what its POC mandate "
             "is and what it can and cannot do, and with what resources.",
)

J = Section(
    "J", "J. Monitoring and reporting on implementation of POC mandates", "Section J",
    ("/monitoring",),
    (
        _table("/monitoring/indicators", "Indicators", "indicator table",
               C("Objective", "objective", "objective", synonyms=("Objective ref.", "Ref.")),
               C("Indicator", "description", synonyms=("Description",)),
               C("Baseline", "baseline"),
               C("Target", "target", synonyms=("Benchmark",)),
               C("Responsible office", "responsible", synonyms=("Responsible", "Monitored by")),
               para=27, synonyms=("Monitoring",)),
        _table("/monitoring/reporting", "Reporting", "reporting table",
               C("Report", "type", "vocab", "ReportType", ("Reporting requirement",)),
               C("Responsible office", "responsible", synonyms=("Responsible",)),
               para=28, synonyms=("Reporting requirements",)),
        _prose("/monitoring/lessons_learned/procedure", "Lessons learned and after-action reviews", 30,
               "Lessons learned"),
        _line("/monitoring/lessons_learned/feeds_into", "Lessons feed into", "vocabs", "LessonsFeed"),
    ),
    synonyms=("Monitoring and reporting", "Monitoring, reporting and lessons learned", "Monitoring"),
    guidance="Indicators per objective with baselines, targets and the responsible office; the POC "
             "reporting requirements and who meets each; and how lessons are learned after a POC crisis.",
)

HISTORY = Section(
    "history", "Reviews and revisions", "Reviews and revisions",
    ("/history",),
    (
        _table("/history", "History", "history table",
               C("Date", "date", "date"),
               C("Event", "type", "vocab", "EventType", ("Type",)),
               C("Summary", "summary", synonyms=("Description",))),
    ),
    synonyms=("History", "Revision history", "Review history", "Document history"),
    guidance="Each mandate renewal, significant change of context, review of the strategy, POC crisis "
             "and after-action review, with its date.",
)

ANNEX_I = Section(
    "annex-I", "Annex I: Implementation matrix", "Annex I",
    ("/implementation_matrix",),
    (
        _table("/implementation_matrix", "Implementation matrix", "",
               C("POC risks to be addressed", "risk", "risk", synonyms=("POC risk", "Risk", "Risks",
                                                                       "POC risks")),
               C("Activities/Mitigating measures", "activity", synonyms=(
                   "Activities / mitigating measures", "Activities", "Activity", "Mitigating measures")),
               C("Lead", "lead", "actor", synonyms=("Lead actor", "Lead entity", "Responsible")),
               C("Supporting Actors", "supporting", "actors", synonyms=("Supporting", "Support", "Partners")),
               C("Tier", "tier", "vocab", "Tier"),
               C("Workplan", "workplan", synonyms=("Component workplan",))),
    ),
    synonyms=("Implementation matrix", "Annex 1", "Matrix"),
    guidance="One row per activity: the risk it addresses, the activity, the one lead actor and the "
             "supporting actors; the tier and the workplan that carries it.",
)

ANNEX_ACTORS = Section(
    "actors", "Annex II: Actors and abbreviations", "Annex II",
    ("/actors",),
    (
        _table("/actors", "Actors", "actor table",
               C("Actor", "name", synonyms=("Name", "Full name")),
               C("Abbreviation", "id", synonyms=("Ref.", "Short name", "Acronym", "Id")),
               C("Type", "kind", "vocab", "ActorKind", ("Kind",)),
               C("Component", "component", "vocab", "Component"),
               C("Leadership role", "role", "vocab", "LeadershipRole", ("Role",))),
    ),
    synonyms=("Actors", "Abbreviations", "Acronyms", "List of acronyms", "Actors and abbreviations"),
    guidance="Every actor the strategy names, with the short name used in the tables.",
)

RECORD = Section(
    "record", "Annex III: Structured record", "Annex III",
    (),
    (
        _table("", "Structured record", "structured record",
               C("Field", "field"), C("Value", "value")),
    ),
    guidance="",
    boilerplate=("Facts of the strategy that have no place in the text above, kept so that pocrules "
                 "reads this document back exactly.",),
)

SECTIONS: tuple[Section, ...] = (TITLE, MISSION, DRAFTING, A, B, C_SECTION, D, E, F, G, H, I, J, HISTORY,
                                 ANNEX_I, ANNEX_ACTORS, RECORD)
"""In the order a mission's document presents them."""

BY_KEY = {s.key: s for s in SECTIONS}

SUBTITLE = "Comprehensive Strategy for the Protection of Civilians"
CONTINUED = ("(cont.)", "(cont'd)", "(continued)", "cont.")
"""Marks of a table row continued from the previous page."""


def parts() -> list[tuple[Section, Part]]:
    return [(s, p) for s in SECTIONS for p in s.parts]


@functools.lru_cache(maxsize=4096)  # every finding is named by it: pointers repeat, and memory stays flat
def section_of(pointer: str) -> Section | None:
    """The section that owns a pointer (its longest owning prefix)."""
    best, length = None, -1
    for section in SECTIONS:
        for owned in (*section.pointers, *(p.pointer for p in section.parts)):
            if owned and (pointer == owned or pointer.startswith(owned + "/")) and len(owned) > length:
                best, length = section, len(owned)
    return best


@functools.lru_cache(maxsize=4096)
def part_of(pointer: str) -> tuple[Section, Part] | None:
    """The part that writes the field at ``pointer`` or holds it (a row of its table, a value of its
    line): the one with the longest pointer; None for a field only the structured record holds."""
    held = [(s, p) for s, p in parts() if p.pointer and (pointer == p.pointer or pointer.startswith(p.pointer + "/"))]
    return max(held, key=lambda sp: len(sp[1].pointer), default=None)


def column_of(pointer: str) -> tuple[Part, Column | None] | None:
    """The table whose rows hold the field at ``pointer`` (``/history/1/crisis``), and the column that
    shows it (None when the template's table has no column for it); None for a field outside a table."""
    row, _, name = pointer.rpartition("/")
    table, _, index = row.rpartition("/")
    if not index.isdigit():
        return None
    for _, part in parts():
        if part.kind == "table" and part.pointer == table:
            return part, next((c for c in part.columns if c.field == name), None)
    return None


@functools.cache
def place_of(pointer: str) -> str:
    """Where the template writes the field at ``pointer`` (a list index as ``*``), in the template's own
    words: 'Section B, table "Threats", column "Trend"'; for a field that only parts of it hold
    (``/purpose_scope/review``), the first of them; "" where only the structured record could hold it."""
    for section, part in parts():
        if part.pointer and pointer == part.pointer:
            return part_name(section, part)
        if part.kind == "table" and part.pointer and pointer.startswith(part.pointer + "/*/"):
            column = next((c for c in part.columns if f"{part.pointer}/*/{c.field}" == pointer), None)
            return f'{part_name(section, part)}, column "{column.header}"' if column else ""
    inside = next(((s, p) for s, p in parts() if p.pointer.startswith(pointer + "/")), None)
    return part_name(*inside) if inside else ""


def part_name(section: Section, part: Part) -> str:
    """A part in the template's words: 'Section B, table "Threats"', 'Section A, under "Purpose"'."""
    how = {"table": "table", "line": "the line", "bullets": "the list"}.get(part.kind)
    return f'{section.label}, {how} "{part.title}"' if how else f'{section.label}, under "{part.title}"'


__all__ = ["Column", "Part", "Section", "SECTIONS", "BY_KEY", "VOCABULARIES", "column_of", "label", "part_name",
           "part_of", "parts", "place_of", "section_of"]

"""``pocrules init``: a new strategy file with every section of the Framework's template.

The file validates against the schema (so an editor can autocomplete it) and is
deliberately empty where the drafters must write: the rules then report
exactly what is still missing, each with its paragraph.
"""

from __future__ import annotations

import datetime as dt
import re

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# POC strategy of {name} ({acronym}), drafted with the 2011 DPKO/DFS Framework for
# Drafting Comprehensive POC Strategies. Every section of the template is here; `pocrules check
# this-file.yaml` lists what is still missing, with the Framework paragraph for each.

version: "{year}.1"
status: draft                     # final once endorsed: endorsement and dissemination are judged then

mission:
  name: {name_yaml}
  acronym: {acronym}
  mandate:
    # Framework para 3: the Security Council resolutions that mandate POC, e.g.
    # - {{number: "2781 (2025)", adopted: 2025-06-26, poc_paragraph: "OP 21 (a)"}}
    resolutions: []
    imminent_threat: true        # mandate says "protect civilians under imminent threat of physical violence"
  integrated: false              # integrated mission (UNCT and mission under one ISF)?
  joc: false
  jmac: false
  drawdown_planned: false        # Framework para 4: if true, record transition_considerations
  context:
    armed_groups_control_territory: false   # Template para 16
    state_force_violations_recorded: false  # Template para 4: assess threats irrespective of source
    protection_cluster_strategy_exists: false
    protection_cluster_active: true          # false where none is active: say why in no_cluster_reason

period: {{start: {start}, end: {end}}}   # Framework para 10: one year

drafting:                         # Framework paras 7-8
  office:                         # the office senior leadership tasked with drafting
  working_group: []               # [{{name: ..., component: civilian|military|police|support, external: false}}]
  started:
  finalized:                      # within three months of `started`
  leadership_reviews: []          # dates senior leadership reviewed the draft
  consultation_gaps: []           # groups not consulted, with the reason

endorsements: []                  # Framework para 11: [{{by: hom, date: ...}}, {{by: unct, date: ...}}]
dissemination: []                 # Framework para 11: actor ids of components and the Protection Cluster

# Everyone the strategy assigns a task, a chair or a seat to, referred to by id elsewhere:
# - {{id: pocu, name: POC Unit, kind: mission_component, component: civilian}}
actors: []

# Framework paras 6 and 9: who was consulted, on which sections, how, facilitated by whom:
# - {{category: host_government, agency: Ministry of Social Affairs, security_sector: false,
#    date: ..., sections: [B, E], method: bilateral_meeting}}
consultations: []

purpose_scope:                    # A. Template paras 1-2
  purpose:                        # succinct statement in the context of the POC mandate
  compliance:
    statement:                    # compliance is mandatory for all relevant staff once signed off by the HOM
    mandatory: false
    hom_sign_off: false
    other_un_entities:            # aspects needing action by other UN entities
  objectives: []                  # [{{id: O1, statement: ..., horizon: immediate|medium|long, tier: 1|2|3}}]
  linked_strategies: []           # ISF, Protection Cluster strategy, host-government plans
  review: {{cycle_months: 12, linked_process: }}   # annual review, linked to e.g. the Results Based Budget
  principles: {{peacekeeping_principles: false, bodies_of_law: []}}   # Framework para 5
  host_primary_responsibility:    # Framework para 5

risk_analysis:                    # B. Template paras 3-4: risks = threats x vulnerabilities
  participants: []                # actor ids; UN protection actors take part
  sources: []                     # monitoring the analysis rests on
  validated_with: []              # humanitarian_community, host_government
  threats: []                     # [{{id: T1, description: ..., perpetrators: [{{name: ..., type: state|non_state}}], trend: ...}}]
  vulnerabilities: []             # [{{id: V1, group: ..., factor: ...}}]
  risks: []                       # [{{id: R1, title: ..., threats: [T1], vulnerabilities: [V1], gravity: 1-5, likelihood: 1-5, priority: true}}]

# C. Template paras 5-6 and Annex I: activities per risk, with a lead and supporting actors:
# - {{risk: R1, activity: ..., tier: 2, lead: force, supporting: [unpol], workplan: ...}}
implementation_matrix: []

information:                      # D. Template paras 7-8
  mechanisms: []
  confidentiality_protocol:
  protection_cluster_sharing:

early_warning:                    # E. Template para 9
  mechanisms: []
  host_authorities_role:
  local_population_role:
  do_no_harm:

crisis_response:                  # E. Template para 9 (crisis response)
  decision_process:
  components: []
  government_coordination:

capacities:                       # F. Template paras 10-12
  analysis:
  beyond_capacity:                # a frank assessment of what the mission cannot do
  training_assessment:
  caveats: []                     # national caveats, each with impact and alternative
  caveats_statement:
  gaps: []                        # [{{id: G1, description: ..., options: [{{level: mission|nyhq, option: ...}}]}}]
  resource_prioritization:

roles:                            # G. Template paras 13-18
  general:
  legal_obligations: []           # ihl, human_rights_law, sea_bulletin (ST/SGB/2003/13)
  responsibilities: []            # [{{holder: hom, description: ...}}]
  host_government: {{will: , ability: , strengths: [], weaknesses: [], violation_consequences: }}
  communities: {{self_protection: , roles: , assignment_risks: }}
  armed_groups_engagement:
  humanitarian: {{coordination_areas: [], separation_areas: []}}

coordination:                     # H. Template paras 19-24
  mechanisms: []                  # [{{id: smg-p, name: ..., level: hq|regional|local, partner: mission|..., chair: ..., members: [...], reports_to: ...}}]
  protection_cluster: {{cluster_briefs_mission: false, mission_attends_cluster: false, external_channels: }}

expectations:                     # I. Template paras 25-26
  audiences: []
  can_do: []
  cannot_do: []
  resources:

monitoring:                       # J. Template paras 27-30
  indicators: []                  # [{{objective: O1, description: ..., baseline: ..., target: ..., responsible: ...}}]
  reporting: []                   # [{{type: sg_country_report, responsible: ...}}]
  mandate_adequacy_analysis: false
  lessons_learned: {{procedure: , external_partners_invited: false, feeds_into: []}}

history: []                       # mandate changes, context changes, reviews, crises, after-action reviews
waivers: []                       # accepted deviations: [{{rule: ..., pointer: ..., justification: ..., approved_by: ...}}]
"""


def acronym_of(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("of", "in", "the", "for", "and")]
    return "".join(w[0].upper() for w in words)[:8] or "MISSION"


def render(mission: str, schema: str, today: dt.date) -> str:
    start = dt.date(today.year + (1 if today.month > 6 else 0), 1, 1)
    end = dt.date(start.year, 12, 31)
    return TEMPLATE.format(schema=schema, name=mission, name_yaml=_quote(mission), acronym=acronym_of(mission),
                           start=start.isoformat(), end=end.isoformat(), year=start.year)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

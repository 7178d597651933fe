"""Name the element a JSON pointer falls in the way a reader of the strategy would.

``/risk_analysis/risks/5/gravity`` becomes ``Section B, risk R6 "Civilian casualties from
explosive remnants…"``: the template section, the kind of element, its id and the start
of its title; ``/drafting/finalized`` becomes ``Drafting and consultation, the line "Finalized"``,
the template's own words (pocrules.word.template). Reports lead with this; the pointer stays in
the machine formats.
"""

from __future__ import annotations

from typing import Any

from .model import vocabulary

KINDS = {
    "risks": "risk", "threats": "threat", "vulnerabilities": "vulnerability", "actors": "actor",
    "implementation_matrix": "row", "consultations": "consultation", "endorsements": "endorsement",
    "dissemination": "recipient", "history": "event", "objectives": "objective", "indicators": "indicator",
    "mechanisms": "mechanism", "caveats": "caveat", "gaps": "gap", "options": "option",
    "responsibilities": "responsibility", "audiences": "audience", "perpetrators": "perpetrator",
    "resolutions": "resolution", "working_group": "working group member", "reporting": "reporting requirement",
    "waivers": "waiver", "linked_strategies": "linked strategy", "legal_obligations": "legal obligation",
    "consultation_gaps": "consultation gap", "leadership_reviews": "leadership review",
    "by_risk": "capacity assessment", "bodies_of_law": "body of law", "field_plans": "field plan",
}
"""List field -> what one of its items is called."""

_TITLES = ("title", "name", "activity", "description", "summary", "caveat", "option", "statement", "holder",
           "number")
TITLE_CHARS = 48
_NAMED_BY = ("category", "by", "recipient", "holder", "type", "date")
"""What names an item that has no title: a consultation by its category and date, an endorsement by its body."""
FIELDS = {
    "by_risk": "capacity assessments by risk", "isf_consistency": "consistency with the ISF",
    "hom_sign_off": "sign-off by the Head of Mission", "joc": "Joint Operations Centre",
    "jmac": "Joint Mission Analysis Centre", "imminent_threat": "civilians under imminent threat",
    "drawdown_planned": "planned drawdown", "protection_cluster": "Protection Cluster",
    "ruled_out": "risks ruled out", "field_plans": "field POC plans", "agreed_with": "who agreed the arrangements",
    "host_responsibility_message": "message on the host government's responsibility",
    "cluster_briefs_mission": "its lead in mission forums", "mission_attends_cluster": "mission staff at its meetings",
    "no_cluster_reason": "why no Protection Cluster is active",
}
"""Fields the template has no part for whose name alone does not read as words."""


def display(code: str) -> str:
    """A vocabulary code in words: its name in the shared table, else the code with spaces for underscores."""
    return vocabulary.display(code).replace("_", " ")


def _words(key: str) -> str:
    return key.replace("_", " ")


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_CHARS:
        return text
    cut = text[:TITLE_CHARS + 1].rsplit(" ", 1)[0] if " " in text[:TITLE_CHARS + 1] else text[:TITLE_CHARS]
    return cut.rstrip(" ,;:.-") + "…"


def _item(field: str, index: int, node: Any) -> str:
    kind = KINDS.get(field, _words(field))
    ident = node.get("id") if isinstance(node, dict) else None
    head = f"{kind} {ident}" if isinstance(ident, str) else f"{kind} {index + 1}"
    if not isinstance(node, dict):
        return head
    if field in ("implementation_matrix", "by_risk") and isinstance(node.get("risk"), str):
        head += f" (risk {node['risk']})"
    elif field == "history" and isinstance(node.get("type"), str):
        head = f"{display(node['type'])} of {node.get('date', '?')}"
    title = next((node[k] for k in _TITLES if isinstance(node.get(k), str)), None)
    if title:
        return f'{head} "{_short(title)}"'
    named = [display(str(node[k])) for k in _NAMED_BY if k in node and node[k] is not None]
    return f"{head} ({', '.join(named)})" if named and field != "history" else head


def describe(data: Any, pointer: str) -> str:
    """The template section and the innermost listed element ``pointer`` falls in; else the template's
    part that holds it; else (only the structured record holds it) its field in words."""
    from .word import template  # a check without findings never names a place: it does not load the template

    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if not tokens:
        return "the strategy as a whole"
    node, field, element, value, reached = data, "", "", "", 0
    for token in tokens:
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
            element = _item(field, int(token), node)
            value = "" if isinstance(node, dict) else f"item {int(token) + 1}"
        elif isinstance(node, list) or token.isdigit():
            break  # past the end of the data: name what exists
        else:
            field = token
            node = node.get(token) if isinstance(node, dict) else None
        reached += 1
    at = "/".join(pointer.split("/")[:reached + 1])
    section = template.section_of(at)
    part = template.part_of(at)
    if value and part:  # a value of a line or a bullet list: the part names it
        return f"{template.part_name(*part)}, {value}"
    if element:
        return f"{section.label}, {element}" if section else element
    if part:
        return template.part_name(*part)
    main = section.pointers[0].split("/")[1:] if section else []
    fields = tokens[len(main):reached] if tokens[:len(main)] == main else tokens[:reached]
    return ", ".join(([section.label] if section else []) + [FIELDS.get(f, _words(f)) for f in fields])

"""Cross-references inside a strategy: every id referred to must be declared once.

Pydantic checks each value's shape; this module checks that a matrix lead names
a declared actor, that a matrix row's risk exists, and so on, so a misspelled
reference is an input error rather than an element no rule can see.
"""

from __future__ import annotations

from collections.abc import Iterator

from .errors import Problem, did_you_mean
from .model import Strategy
from .sources import Document, join


def _declared(doc: Document, what: str, pointer: str, ids: list[tuple[int, str]]) -> tuple[set[str], list[Problem]]:
    seen: set[str] = set()
    dupes = []
    for i, ident in ids:
        if ident in seen:
            dupes.append(doc.problem(f"duplicate {what} id '{ident}'", join(pointer, i, "id"), kind="duplicate"))
        seen.add(ident)
    return seen, dupes


def _ids(elements: list) -> list[tuple[int, str]]:
    return [(i, e.id) for i, e in enumerate(elements)]


def _refs(s: Strategy) -> Iterator[tuple[str, tuple, str]]:
    """(kind of target, referring pointer as tokens, id) for every reference in the strategy.

    Pointers stay token tuples until one is needed: a strategy has thousands of references.
    """
    for i, c in enumerate(s.consultations):
        for key in ("actor", "facilitated_by"):
            if getattr(c, key):
                yield "actor", ("/consultations", i, key), getattr(c, key)
    for i, d in enumerate(s.dissemination):
        yield "actor", ("/dissemination", i, "recipient"), d.recipient
    for i, a in enumerate(s.risk_analysis.participants):
        yield "actor", ("/risk_analysis/participants", i), a
    for i, r in enumerate(s.risk_analysis.risks):
        for j, t in enumerate(r.threats):
            yield "threat", ("/risk_analysis/risks", i, "threats", j), t
        for j, v in enumerate(r.vulnerabilities):
            yield "vulnerability", ("/risk_analysis/risks", i, "vulnerabilities", j), v
    for i, r in enumerate(s.risk_analysis.risks):
        if r.addressed_by:
            yield "actor", ("/risk_analysis/risks", i, "addressed_by"), r.addressed_by
    for i, row in enumerate(s.implementation_matrix):
        yield "risk", ("/implementation_matrix", i, "risk"), row.risk
        if row.field_plan:
            yield "field plan", ("/implementation_matrix", i, "field_plan"), row.field_plan
        if row.lead:
            yield "actor", ("/implementation_matrix", i, "lead"), row.lead
        for j, a in enumerate(row.supporting):
            yield "actor", ("/implementation_matrix", i, "supporting", j), a
    for i, m in enumerate(s.coordination.mechanisms):
        for key in ("chair", "advised_by"):
            if getattr(m, key):
                yield "actor", ("/coordination/mechanisms", i, key), getattr(m, key)
        for j, a in enumerate(m.members):
            yield "actor", ("/coordination/mechanisms", i, "members", j), a
        if m.reports_to:
            yield "coordination mechanism", ("/coordination/mechanisms", i, "reports_to"), m.reports_to
    for i, c in enumerate(s.capacities.by_risk):
        yield "risk", ("/capacities/by_risk", i, "risk"), c.risk
    for i, a in enumerate(s.crisis_response.agreed_with):
        yield "actor", ("/crisis_response/agreed_with", i), a
    for i, g in enumerate(s.capacities.gaps):
        for j, a in enumerate(g.discussed_with):
            yield "actor", ("/capacities/gaps", i, "discussed_with", j), a
    for i, ind in enumerate(s.monitoring.indicators):
        yield "objective", ("/monitoring/indicators", i, "objective"), ind.objective
    for i, e in enumerate(s.history):
        if e.type == "after_action_review":
            yield "crisis", ("/history", i, "crisis"), e.crisis


REGISTRIES = {
    "/actors": "actor", "/risk_analysis/threats": "threat", "/risk_analysis/vulnerabilities": "vulnerability",
    "/risk_analysis/risks": "risk", "/purpose_scope/objectives": "objective",
    "/coordination/mechanisms": "coordination mechanism", "/capacities/gaps": "gap", "/history": "crisis",
}
"""Where each kind of referable entry is declared."""


def declared_by(pointer: str, node: object) -> tuple[str, str] | None:
    """(kind, id) when ``pointer`` is an entry that references can name, else None."""
    parent, _, index = pointer.rpartition("/")
    if parent not in REGISTRIES or not index.isdigit() or not isinstance(node, dict):
        return None
    if parent == "/history" and node.get("type") != "crisis":
        return None
    ident = node.get("id")
    return (REGISTRIES[parent], ident) if isinstance(ident, str) else None


def problems(s: Strategy, doc: Document, left_out: frozenset[tuple[str, str]] = frozenset()) -> list[Problem]:
    """Duplicate declarations and references to undeclared ids, in document order.

    A reference to an entry in ``left_out`` (one with a problem of its own) is returned as a
    problem without a kind: it counts as absent with its entry, and is not reported twice.
    """
    found: list[Problem] = []
    registries: dict[str, set[str]] = {}
    for what, pointer, ids in (
        ("actor", "/actors", _ids(s.actors)),
        ("threat", "/risk_analysis/threats", _ids(s.risk_analysis.threats)),
        ("vulnerability", "/risk_analysis/vulnerabilities", _ids(s.risk_analysis.vulnerabilities)),
        ("risk", "/risk_analysis/risks", _ids(s.risk_analysis.risks)),
        ("objective", "/purpose_scope/objectives", _ids(s.purpose_scope.objectives)),
        ("coordination mechanism", "/coordination/mechanisms", _ids(s.coordination.mechanisms)),
        ("gap", "/capacities/gaps", _ids(s.capacities.gaps)),
        ("field plan", "/purpose_scope/field_plans", _ids(s.purpose_scope.field_plans)),
        ("crisis", "/history", [(i, e.id) for i, e in enumerate(s.history) if e.type == "crisis"]),
    ):
        registries[what], dupes = _declared(doc, what, pointer, ids)
        found.extend(dupes)
    for what, pointer, ident in _refs(s):
        if left_out and (what, ident) in left_out:
            found.append(doc.problem(f"'{ident}' is a {what} left out of the check", join(*pointer)))
        elif ident not in registries[what]:
            hint = did_you_mean(ident, registries[what], what=what)
            short = f" ({hint[2:]})" if "did you mean" in hint else ""
            found.append(doc.problem(f"'{ident}' is not a declared {what}{hint}", join(*pointer),
                                     kind="undeclared", hint=short))
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0, p.pointer))

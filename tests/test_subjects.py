"""Locations in a reader's words: the template's section and part, or the element's kind, id and title."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pocrules.subjects import TITLE_CHARS, describe
from pocrules.word.template import parts

DATA = {
    "mission": {"name": "Mission of Kessa", "acronym": "MINUSKA", "mandate": {"resolutions": [{"number": "2750"}]}},
    "drafting": {"finalized": "2025-12-01", "leadership_reviews": ["2025-11-20", "2025-11-28"]},
    "risk_analysis": {"risks": [
        {"id": "R1", "title": "Attacks on the Tamberi IDP site"},
        {"id": "R6", "title": "Civilian casualties from explosive remnants of war and IEDs on return routes"}],
        "sources": ["OHCHR reports", "JMAC analysis"]},
    "implementation_matrix": [{"risk": "R1", "activity": "Patrols"}, {"risk": "R6"}],
    "consultations": [{"category": "chief_of_staff", "date": "2025-09-03"}],
    "history": [{"type": "context_change", "date": "2026-05-10", "summary": "Ceasefire collapses"},
                {"type": "after_action_review", "date": "2026-06-01", "crisis": "c1"}],
    "purpose_scope": {"compliance": {"statement": "x"}, "principles": {"bodies_of_law": ["ihl"]}},
    "capacities": {"by_risk": [{"risk": "R1", "assessment": "x"}]},
    "crisis_response": {"decision_process": "x"},
    "period": {"start": "2026-01-01"},
    "waivers": [{"rule": "POC-B-003", "justification": "x"}],
}


def test_an_element_by_section_kind_id_and_title_cut_at_a_word():
    where = describe(DATA, "/risk_analysis/risks/1/gravity")
    assert where == 'Section B, risk R6 "Civilian casualties from explosive remnants of…"'
    assert len(where.split('"')[1]) <= TITLE_CHARS + 1
    assert describe(DATA, "/risk_analysis/risks/0") == 'Section B, risk R1 "Attacks on the Tamberi IDP site"'


def test_items_without_ids_by_position_and_what_names_them_after_their_section():
    assert describe(DATA, "/implementation_matrix/0/lead") == 'Annex I, row 1 (risk R1) "Patrols"'
    assert describe(DATA, "/implementation_matrix/1") == "Annex I, row 2 (risk R6)"
    assert describe(DATA, "/consultations/0/sections") == (  # the category by the display table
        "Drafting and consultation, consultation 1 (Chief of Staff, 2025-09-03)")
    assert describe(DATA, "/history/0") == 'Reviews and revisions, context change of 2026-05-10 "Ceasefire collapses"'
    assert describe(DATA, "/history/1/crisis") == "Reviews and revisions, after-action review of 2026-06-01"
    assert describe(DATA, "/mission/mandate/resolutions/0") == 'Mission and mandate, resolution 1 "2750"'
    assert describe(DATA, "/capacities/by_risk/0") == "Section F, capacity assessment 1 (risk R1)"


def test_a_part_of_the_template_by_its_section_label_and_title():
    assert describe(DATA, "/consultations") == 'Drafting and consultation, table "Consultations"'
    assert describe(DATA, "/drafting/finalized") == 'Drafting and consultation, the line "Finalized"'
    assert describe(DATA, "/purpose_scope/compliance/statement") == 'Section A, under "Compliance"'
    assert describe(DATA, "/risk_analysis/sources") == 'Section B, the list "Sources of the analysis"'
    assert describe(DATA, "/mission/name") == 'Title page, the line "Mission"'
    assert describe(DATA, "/period/end") == 'Title page, the line "Period covered"'  # a value the line holds
    assert describe(DATA, "/mission/mandate/resolutions") == 'Mission and mandate, table "Mandate"'
    assert describe(DATA, "/risk_analysis/risks/9") == 'Section B, table "POC risks"'  # a pointer past the data


def test_a_value_of_a_line_or_bullet_list_by_its_part_and_position():
    assert describe(DATA, "/risk_analysis/sources/1") == 'Section B, the list "Sources of the analysis", item 2'
    assert describe(DATA, "/drafting/leadership_reviews/0") == (
        'Drafting and consultation, the line "Reviewed by senior leadership", item 1')


def test_sections_and_the_whole_strategy():
    assert describe(DATA, "/mission") == "Mission and mandate"
    assert describe(DATA, "/drafting") == "Drafting and consultation"
    assert describe(DATA, "/purpose_scope") == "Section A"
    assert describe(DATA, "/crisis_response") == "Section E, crisis response"  # the second field Section E holds
    assert describe(DATA, "") == "the strategy as a whole"


def test_what_the_template_has_no_part_for_in_plain_words():
    assert describe(DATA, "/purpose_scope/principles") == "Section A, principles"
    assert describe(DATA, "/capacities/by_risk") == "Section F, capacity assessments by risk"
    assert describe(DATA, "/purpose_scope/principles/bodies_of_law/0") == "Section A, body of law 1"
    assert describe(DATA, "/mission/context/protection_cluster_active") == (
        "Mission and mandate, context, protection cluster active")
    assert describe(DATA, "/mission/mandate/imminent_threat") == (
        "Mission and mandate, mandate, civilians under imminent threat")  # words where the name is not enough
    assert describe(DATA, "/coordination/protection_cluster/mission_attends_cluster") == (
        "Section H, Protection Cluster, mission staff at its meetings")
    assert describe(DATA, "/waivers/0/justification") == "waiver 1"
    assert describe(DATA, "/waivers/3") == "waivers"


def test_every_part_of_the_template_is_named_by_its_own_title():
    """Each table, line, list and prose part of a full strategy is named as the template titles it."""
    data = yaml.safe_load((Path(__file__).parent.parent / "fixtures" / "minuska-2026.yaml").read_text(encoding="utf-8"))
    for section, part in parts():
        if part.pointer:
            where = describe(data, part.pointer)
            assert where.startswith(f"{section.label}, ") and where.endswith(f'"{part.title}"'), (part.pointer, where)
            assert not re.search(r"[a-z]_[a-z]|/", where.replace(part.title, "")), (part.pointer, where)


def _fields(model: type, base: str = "") -> list[str]:
    """The pointer of every field of the strategy model, through nested objects and into list items."""
    from typing import get_args

    from pydantic import BaseModel

    found = []
    for name, info in model.model_fields.items():
        pointer = f"{base}/{name}"
        found.append(pointer)
        for inner in (info.annotation, *get_args(info.annotation), *(a for g in get_args(info.annotation)
                                                                     for a in get_args(g))):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                listed = inner is not info.annotation and "list" in str(info.annotation)
                found += _fields(inner, f"{pointer}/0" if listed else pointer)
    return found


def test_every_field_of_the_model_is_named_after_its_template_section():
    """A new field outside every section the template lays out would be named without one: this says so."""
    from pocrules.model.strategy import Strategy
    from pocrules.word.template import SECTIONS

    data = yaml.safe_load((Path(__file__).parent.parent / "fixtures" / "minuska-2026.yaml").read_text(encoding="utf-8"))
    pointers = _fields(Strategy)
    assert "/capacities/by_risk/0/assessment" in pointers and "/mission/context/no_cluster_reason" in pointers
    labels = tuple(f"{s.label}, " for s in SECTIONS) + tuple(s.label for s in SECTIONS)
    for pointer in pointers:
        where = describe(data, pointer)
        assert "/" not in where.split('"')[0], (pointer, where)
        if not pointer.startswith(("/status", "/waivers")):  # the strategy's own status and waivers: no section
            assert where.startswith(labels), (pointer, where)

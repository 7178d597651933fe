"""Locations in a reader's words: section, element kind, id and the start of its title."""

from __future__ import annotations

from pocrules.subjects import TITLE_CHARS, describe

DATA = {
    "risk_analysis": {"risks": [
        {"id": "R1", "title": "Attacks on the Tamberi IDP site"},
        {"id": "R6", "title": "Civilian casualties from explosive remnants of war and IEDs on return routes"}]},
    "implementation_matrix": [{"risk": "R1", "activity": "Patrols"}, {"risk": "R6"}],
    "consultations": [{"category": "chief_of_staff", "date": "2025-09-03"}],
    "history": [{"type": "context_change", "date": "2026-05-10", "summary": "Ceasefire collapses"}],
    "purpose_scope": {"compliance": {"statement": "x"}},
    "period": {"start": "2026-01-01"},
}


def test_an_element_by_section_kind_id_and_title_cut_at_a_word():
    where = describe(DATA, "/risk_analysis/risks/1/gravity")
    assert where == 'Section B, risk R6 "Civilian casualties from explosive remnants of…"'
    assert len(where.split('"')[1]) <= TITLE_CHARS + 1
    assert describe(DATA, "/risk_analysis/risks/0") == 'Section B, risk R1 "Attacks on the Tamberi IDP site"'


def test_items_without_ids_by_position_and_what_names_them():
    assert describe(DATA, "/implementation_matrix/0/lead") == 'Annex I, row 1 (risk R1) "Patrols"'
    assert describe(DATA, "/implementation_matrix/1") == "Annex I, row 2 (risk R6)"
    assert describe(DATA, "/consultations/0/sections") == "consultation 1 (Chief of Staff, 2025-09-03)"  # the display table
    assert describe(DATA, "/history/0") == 'context change of 2026-05-10 "Ceasefire collapses"'


def test_fields_in_words_and_the_whole_strategy():
    assert describe(DATA, "/purpose_scope/compliance/statement") == "Section A, compliance statement"
    assert describe(DATA, "/purpose_scope") == "Section A"
    assert describe(DATA, "/period/end") == "period end"
    assert describe(DATA, "") == "the strategy as a whole"
    assert describe(DATA, "/risk_analysis/risks/9") == "Section B, risks"  # a pointer past the data

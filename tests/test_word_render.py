"""Rendering: the Word document a mission would submit, in the Framework's template."""

from __future__ import annotations

import copy

import yaml
from docx.table import Table
from docx.text.paragraph import Paragraph

from pocrules.word import render, template

from .conftest import COMPLIANT
from .wordkit import reopen

BASE = yaml.safe_load(COMPLIANT.read_text(encoding="utf-8"))


def _rendered(data=BASE, **options):
    return reopen(render.render(data, **options))


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _table_after(document, heading):
    """The first table following the heading paragraph with this text."""
    body = list(document.iter_inner_content())
    start = next(i for i, b in enumerate(body) if isinstance(b, Paragraph) and b.text == heading)
    return next(b for b in body[start:] if isinstance(b, Table))


def test_sections_a_to_j_use_the_template_headings_in_heading_styles():
    headings = _headings(_rendered(), 1)
    letters = [h for h in headings if h[:2] in {f"{c}." for c in "ABCDEFGHIJ"}]
    assert letters == [
        "A. Purpose and scope of the strategy",
        "B. Analysis of POC risks and undertaking risk assessments",
        "C. POC activities",
        "D. Information-gathering and sharing system",
        "E. Early warning systems and crisis response",
        "F. Analysis of mission capacities, resources and national caveats",
        "G. Roles & responsibilities of mission components and other protection actors",
        "H. Coordination mechanisms",
        "I. Expectations management",
        "J. Monitoring and reporting on implementation of POC mandates",
    ]
    assert "Annex I: Implementation matrix" in headings


def test_paragraph_numbers_of_the_framework_prefix_part_headings():
    parts = _headings(_rendered(), 2)
    assert "1. Purpose" in parts and "2. Compliance" in parts and "27. Indicators" in parts


def test_title_block_names_mission_period_version_and_endorsements():
    document = _rendered()
    texts = [p.text for p in document.paragraphs[:12]]
    assert texts[0] == "MINUSKA" and document.paragraphs[0].style.name == "Title"
    assert texts[1] == "Comprehensive Strategy for the Protection of Civilians"
    assert "Period covered: 1 January 2026 to 31 December 2026" in texts
    assert "Version: 2026.1" in texts
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows == [["Endorsed by", "Date"], ["Head of Mission", "5 December 2025"],
                    ["UN Country Team", "10 December 2025"]]


def test_annex_i_has_exactly_the_framework_columns_then_the_model_extras_and_actor_names():
    table = _table_after(_rendered(), "Annex I: Implementation matrix")
    header = [c.text for c in table.rows[0].cells]
    assert header == ["POC risks to be addressed", "Activities/Mitigating measures", "Lead", "Supporting Actors",
                      "Tier", "Workplan"]
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "R1: Armed attacks on IDP sites and surrounding villages in the Kessa Valley and Tamberi"
    assert first[2] == "MINUSKA Force (military component)"
    assert first[3].split("\n") == ["UN Police component (incl. Formed Police Units)", "Joint Operations Centre",
                                    "Mission Support Division"]
    assert len(table.rows) == 1 + len(BASE["implementation_matrix"])


def test_risk_consultation_indicator_and_history_tables():
    document = _rendered()
    risks = _table_after(document, "3. POC risks")
    assert [c.text for c in risks.rows[0].cells] == [
        "Ref.", "Risk", "Actual or potential", "Threats", "Vulnerabilities", "Affected groups", "Locations",
        "Gravity", "Likelihood", "Priority"]
    assert [c.text for c in risks.rows[2].cells][7:] == ["5", "4", "Yes"]
    consultations = _table_after(document, "8. Consultations")
    assert [c.text for c in consultations.rows[1].cells][:5] == [
        "NYHQ Integrated Operational Team", "DPO/DOS Integrated Operational Team for Karthalia", "20 August 2025",
        "A, B, C", "Video conference"]
    indicators = _table_after(document, "27. Indicators")
    assert [c.text for c in indicators.rows[1].cells] == [
        "O1", "Number of armed attacks on IDP sites per month", "3 per month (2025)", "fewer than 1 per month",
        "Joint Operations Centre"]
    history = _table_after(document, "Reviews and revisions")
    assert [c.text for c in history.rows[0].cells] == ["Date", "Event", "Summary"]
    assert [c.text for c in history.rows[1].cells][:2] == ["14 March 2026", "Crisis"]


def test_a4_page_numbers_and_a_table_of_contents_field():
    document = _rendered()
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer
    assert any("TOC \\o" in p._p.xml for p in document.paragraphs)


def test_every_part_is_written_even_when_empty_so_the_rendering_is_the_template():
    data = copy.deepcopy(BASE)
    data["capacities"] = {}
    document = _rendered(data)
    parts = _headings(document, 2)
    assert "10. Capacities and resources" in parts and "10. National caveats" in parts
    caveats = _table_after(document, "10. National caveats")
    assert [c.text for c in caveats.rows[0].cells] == ["Contingent", "Caveat", "Impact on POC", "Alternative"]
    assert len(caveats.rows) == 1


def test_guidance_appears_under_each_section_only_when_asked():
    with_guidance = _rendered(guidance=True)
    guidance = [p.text for p in with_guidance.paragraphs if p.style.name == "Guidance"]
    assert template.B.guidance in guidance and len(guidance) == sum(1 for s in template.SECTIONS if s.guidance)
    assert not [p for p in _rendered().paragraphs if p.style.name == "Guidance"]


def test_what_the_text_cannot_carry_goes_to_a_short_structured_record():
    document = _rendered()
    record = _table_after(document, "Annex III: Structured record")
    fields = [r.cells[0].text for r in record.rows[1:]]
    assert "/mission/integrated" in fields
    assert not any(f.startswith("/implementation_matrix") or f.startswith("/risk_analysis/risks") for f in fields)
    assert len(fields) < 40


def _without_record_rows(document):
    record = _table_after(document, "Annex III: Structured record")
    for row in record.rows[1:]:
        record._tbl.remove(row._tr)
    return document


def _without_record(document):
    body = document.element.body
    heading = next(p for p in document.paragraphs if p.text == "Annex III: Structured record")
    record = _table_after(document, "Annex III: Structured record")
    start = list(body).index(heading._p)
    for element in list(body)[start:list(body).index(record._tbl) + 1]:
        body.remove(element)
    return document


def test_an_empty_annex_iii_still_marks_the_document_as_rendered():
    """Annex III is written even when empty: its presence tells a rendered document from a hand-typed one,
    whose facts without a place in the template are unverified rather than violations."""
    from pocrules.word import importer

    empty = importer.read(reopen(_without_record_rows(_rendered()))).parts
    typed = importer.read(reopen(_without_record(_rendered()))).parts

    def unverified(parts):
        return [p for p in importer.unwritten() if parts.get(p) == importer.PROSE]

    assert "/mission/joc" in unverified(typed)
    assert unverified(empty) == []

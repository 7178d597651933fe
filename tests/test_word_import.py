"""Import: Word -> strategy data, exactly for renderings, as far as possible for hand-written ones."""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pocrules.word import importer, render

from .conftest import COMPLIANT
from .strategies import removals, variants
from .wordkit import imported

BASE = yaml.safe_load(COMPLIANT.read_text(encoding="utf-8"))
SLOW = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _round_trip(data):
    return render.canonical(imported(render.render(data)).data)


def test_the_compliant_strategy_reads_back_exactly():
    assert _round_trip(BASE) == render.canonical(BASE)


@SLOW
@given(variants())
def test_every_rendering_of_a_generated_strategy_reads_back_exactly(variant):
    data, _ = variant
    assert _round_trip(data) == render.canonical(data)


@SLOW
@given(removals())
def test_renderings_with_elements_removed_read_back_exactly(data):
    assert _round_trip(data) == render.canonical(data)


_awkward = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@SLOW
@given(_awkward, _awkward, _awkward, st.lists(_awkward, max_size=3))
def test_any_text_reads_back_exactly_even_what_a_cell_cannot_show(purpose, activity, name, sources):
    """Newlines, tabs, blank and control characters: what Word cannot show goes through the record."""
    data = copy.deepcopy(BASE)
    data["purpose_scope"]["purpose"] = purpose
    data["implementation_matrix"][0]["activity"] = activity
    data["actors"][1]["name"] = name  # may now equal another actor's name: references must still hold
    data["risk_analysis"]["sources"] = sources
    assert _round_trip(data) == render.canonical(data)


def test_places_are_recorded_as_a_reader_says_them():
    places = imported(render.render(BASE)).places
    assert places["/implementation_matrix/3/lead"].label == "Annex I, row 4, Lead"
    assert (places["/implementation_matrix/3/lead"].row, places["/implementation_matrix/3/lead"].cell) == (4, 2)
    assert places["/risk_analysis/risks/1"].label == "Section B, risk table, row 2"
    assert places["/risk_analysis/risks/1/gravity"].label == "Section B, risk table, row 2, Gravity"
    assert places["/purpose_scope/purpose"].label == "Section A, Purpose"
    assert places["/risk_analysis"].label == "Section B"
    assert places["/version"].label == "Title page, Version"


def test_places_point_at_the_blocks_they_name():
    document = render.render(BASE)
    result = imported(document)
    body = list(document.iter_inner_content())  # paragraphs and tables, as w:p and w:tbl in the body
    heading = result.places["/risk_analysis"]
    assert body[heading.block].text == "B. Analysis of POC risks and undertaking risk assessments"
    lead = result.places["/implementation_matrix/3/lead"]
    assert body[lead.block].rows[lead.row].cells[lead.cell].text == "MINUSKA Force (military component)"


def test_every_template_part_of_a_rendering_is_read_as_structured():
    statuses = imported(render.render(BASE)).parts
    assert set(statuses.values()) == {importer.STRUCTURED}


def test_cli_render_import_check_and_init(tmp_path):
    from typer.testing import CliRunner

    from pocrules.cli import app

    run = CliRunner().invoke
    docx_path, yaml_path = tmp_path / "strategy.docx", tmp_path / "strategy.yaml"
    assert run(app, ["render", str(COMPLIANT), "-o", str(docx_path)]).exit_code == 0
    imported_ = run(app, ["import", str(docx_path), "-o", str(yaml_path)])
    assert imported_.exit_code == 0 and "Annex I (Annex I: Implementation matrix): read: Implementation matrix" \
        in imported_.output
    text = yaml_path.read_text(encoding="utf-8")
    assert text.startswith("# Imported from strategy.docx by `pocrules import`.")
    assert render.canonical(yaml.safe_load(text)) == render.canonical(BASE)
    checked = run(app, ["check", str(docx_path), "--as-of", "2026-12-01"])
    assert checked.exit_code == 0 and "no findings" in checked.output
    template = tmp_path / "init.docx"
    assert run(app, ["init", "--docx", str(template), "--mission", "MINUSKA"]).exit_code == 0
    drafted = run(app, ["check", str(template), "--as-of", "2026-12-01"])
    assert drafted.exit_code == 1 and "where: Section B" in drafted.output


def test_cli_refuses_unusable_input_and_writes_nothing(tmp_path):
    from typer.testing import CliRunner

    from pocrules.cli import app

    run = CliRunner().invoke
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: '1'\nmission: {}\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    result = run(app, ["render", str(broken), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    not_word = tmp_path / "not-word.docx"
    not_word.write_bytes(b"PK\x03\x04 not really a zip")
    result = run(app, ["import", str(not_word), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and not (tmp_path / "x.yaml").exists()
    assert "Traceback" not in result.output

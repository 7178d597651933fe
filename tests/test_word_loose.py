"""Import of documents written by hand, following the template loosely (issue 8, section 2)."""

from __future__ import annotations

import datetime as dt
import re

import docx
from docx.enum.text import WD_BREAK

from pocrules import findings
from pocrules.word import importer

from .wordkit import imported, reopen


def _bold(document, text, style=None):
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(text).bold = True
    return paragraph


def _line(document, label, value):
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}:").bold = True
    paragraph.add_run(f" {value}")


def _table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def hand_written():
    """A strategy as a drafting office writes it: bold Normal headings, typed numbers, reworded headings."""
    document = docx.Document()
    document.add_paragraph("MINUSKA Protection of Civilians Strategy", style="Title")
    _line(document, "Mission", "United Nations Multidimensional Integrated Stabilization Mission in Karthalia")
    _line(document, "Acronym", "MINUSKA")
    _line(document, "Period", "1 January 2026 to 31 December 2026")
    _line(document, "Version", "2026.1")
    _table(document, [["Endorsement", "Date endorsed"], ["Head of Mission", "5 December 2025"]])
    _bold(document, "Section A – Purpose and scope")
    document.add_paragraph("1.\tPurpose: This strategy sets out how MINUSKA protects civilians in 2026.")
    document.add_paragraph("2.\tCompliance with this strategy is mandatory once signed off by the SRSG.")
    _bold(document, "B. POC risk analysis")
    document.add_paragraph("3.\tThe risks were analysed with the Protection Cluster in October 2025.")
    _table(document, [["No.", "POC risk", "Location", "Severity", "Likelihood", "Priority", "Comments"],
                      ["R1", "Armed attacks on IDP sites", "Tamberi IDP site", "5", "4", "Yes", "see map"],
                      ["R2", "Sexual violence on firewood routes", "Kessa", "5", "4", "Yes", ""]])
    _bold(document, "Consultations")
    _table(document, [["Group consulted", "Consulted", "Date", "Method"],
                      ["Women", "Karthalian Women for Peace Network", "15 March 2026", "Focus group"]])
    document.add_heading("Annex I: Implementation Matrix", level=1)
    matrix = _table(document, [
        ["POC risks", "Activities / mitigating measures", "Lead actor", "Supporting"],
        ["Armed attacks on IDP sites", "Patrol around the sites day and night", "Force", "UNPOL\nJOC"],
        ["", "Joint perimeter security with the police", "UNPOL", "Force HQ"],
        ["R2: Sexual violence on firewood routes", "Firewood escorts", "Froce", "WPA"],
    ])
    matrix.cell(1, 0).merge(matrix.cell(2, 0))  # one risk over two activity rows
    matrix.cell(1, 0).paragraphs[-1]._p.getparent().remove(matrix.cell(1, 0).paragraphs[-1]._p) \
        if len(matrix.cell(1, 0).paragraphs) > 1 else None
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _table(document, [
        ["POC risks", "Activities / mitigating measures", "Lead actor", "Supporting"],
        ["R2 (cont.)", "Referral pathways for survivors", "WPA", "UNPOL"],
    ])
    _bold(document, "Annex II – Acronyms")
    _table(document, [["Abbreviation", "Actor", "Type"],
                      ["Force", "MINUSKA Force (military component)", "Mission component"],
                      ["Force HQ", "Force Headquarters", "Mission component"],
                      ["UNPOL", "UN Police component", "Mission component"],
                      ["JOC", "Joint Operations Centre", "Mission component"],
                      ["WPA", "Women Protection Advisers", "Mission component"],
                      ["women-network", "Karthalian Women for Peace Network", "Civil society"]])
    return reopen(document)


def test_headings_numbering_and_inline_labels_are_read():
    result = importer.read(hand_written())
    assert result.data["mission"]["acronym"] == "MINUSKA"
    assert result.data["period"] == {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}
    assert result.data["endorsements"] == [{"by": "hom", "date": dt.date(2025, 12, 5)}]
    assert result.data["purpose_scope"]["purpose"] == "This strategy sets out how MINUSKA protects civilians in 2026."
    assert result.sections_found == ["A", "B", "body", "annex-I", "actors"]


def test_reworded_headers_extra_columns_and_written_dates():
    data = importer.read(hand_written()).data
    assert data["risk_analysis"]["risks"] == [
        {"id": "R1", "title": "Armed attacks on IDP sites", "locations": ["Tamberi IDP site"], "gravity": 5,
         "likelihood": 4, "priority": True},
        {"id": "R2", "title": "Sexual violence on firewood routes", "locations": ["Kessa"], "gravity": 5,
         "likelihood": 4, "priority": True},
    ]
    assert data["consultations"] == [{"category": "women", "actor": "women-network", "date": dt.date(2026, 3, 15),
                                      "method": "focus_group"}]


def test_annex_i_merged_risk_cells_continued_tables_and_actor_short_names():
    result = importer.read(hand_written())
    assert result.data["implementation_matrix"] == [
        {"risk": "R1", "activity": "Patrol around the sites day and night", "lead": "Force",
         "supporting": ["UNPOL", "JOC"]},
        {"risk": "R1", "activity": "Joint perimeter security with the police", "lead": "UNPOL",
         "supporting": ["Force-HQ"]},
        {"risk": "R2", "activity": "Firewood escorts", "lead": "Froce", "supporting": ["WPA"]},
        {"risk": "R2", "activity": "Referral pathways for survivors", "lead": "WPA", "supporting": ["UNPOL"]},
    ]
    places = result.places
    assert places["/implementation_matrix/3"].label == "Annex I, row 4"
    assert places["/implementation_matrix/3/lead"].label == "Annex I, row 4, Lead"
    assert (places["/implementation_matrix/3/lead"].row, places["/implementation_matrix/3/lead"].cell) == (1, 2)
    assert places["/implementation_matrix/1/risk"].row == 2


def test_an_unknown_actor_is_kept_as_written_and_reported_with_the_closest_match():
    result = importer.read(hand_written())
    assert [(u.pointer, u.message) for u in result.unresolved] == [
        ("/implementation_matrix/2/lead", "'Froce' matches no actor; did you mean 'Force'?")]
    assert result.data["implementation_matrix"][2]["lead"] == "Froce"


def test_each_template_part_is_read_as_structured_prose_only_or_absent():
    parts = importer.read(hand_written()).parts
    assert parts["/risk_analysis/risks"] == importer.STRUCTURED
    assert parts["/risk_analysis/threats"] == importer.PROSE  # section B has text the importer did not read
    assert parts["/purpose_scope/purpose"] == importer.STRUCTURED
    assert parts["/purpose_scope/compliance/statement"] == importer.PROSE
    assert parts["/information/mechanisms"] == importer.ABSENT  # no section D at all


def test_check_reports_the_unknown_actor_at_its_place_and_unverified_parts_apart(tmp_path, checker):
    path = tmp_path / "hand-written.docx"
    hand_written().save(str(path))
    result = checker.check(path)
    assert result.error is None
    unknown = [f for f in result.findings if f.rule == "POC-WORD"]
    assert [(f.message, f.place.label, f.severity) for f in unknown] == [
        ("'Froce' matches no actor; did you mean 'Force'?", "Annex I, row 3, Lead", "error")]
    unverified = [f for f in result.findings if f.severity == "unverified"]
    assert unverified, "section A's compliance is written as prose: its rules cannot be verified"
    parts = importer.read(hand_written()).parts
    rules = {r.id: r for r in checker.ruleset.rules}
    for f in unverified:
        assert f.message.startswith("could not verify from the document: ")
        read_as = parts.get(max((p for p in parts if f.pointer == p or f.pointer.startswith(p + "/")), key=len,
                                default=""))
        assert importer.PROSE in (read_as, *(parts.get(p) for p in findings.reads(rules[f.rule])))
    absent = [f for f in result.findings if f.pointer.startswith("/information")]
    assert absent and all(f.severity != "unverified" for f in absent), "an absent section is a real finding"


def _cli(*args):
    from typer.testing import CliRunner

    from pocrules.cli import app

    return CliRunner().invoke(app, [*args])


def test_unverified_findings_fail_a_run_only_when_asked(tmp_path):
    path = tmp_path / "hand-written.docx"
    hand_written().save(str(path))
    lenient = _cli("check", str(path), "--as-of", "2026-12-01", "--fail-on", "never")
    assert lenient.exit_code == 0 and "could not be verified from the document" in lenient.output
    strict = _cli("check", str(path), "--as-of", "2026-12-01", "--fail-on", "never", "--fail-on-unverified")
    assert strict.exit_code == 1
    count = int(re.search(r"(\d+) could not be verified from the document", lenient.output).group(1))
    assert count > 0
    _cli("check", str(path), "--as-of", "2026-12-01", "--fail-on", "never", "-f", f"html:{tmp_path / 'r.html'}")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert f'<th>Could not be verified from the document</th><td class="n">{count}</td>' in page
    table = page[page.index('<table class="sections">'):]
    table = table[:table.index("</table>")]
    assert '<th class="n" title="could not be verified from the document">unverified</th>' in table
    rows = re.findall(r'<tr><td>.*?</td>\n((?:<td class="n[^"]*">[^<]*</td>)+)</tr>', table)
    per_section = [re.findall(r">([^<]*)</td>", row)[-1] for row in rows]  # the last column: unverified
    assert sum(int(n) for n in per_section if n != "–") == count, "each section counts its own unverified findings"


def test_a_section_table_has_no_unverified_column_when_every_finding_was_verified(tmp_path):
    from .conftest import COMPLIANT

    broken = tmp_path / "s.yaml"
    broken.write_text(COMPLIANT.read_text(encoding="utf-8").replace("priority: true", "priority: false", 1),
                      encoding="utf-8")
    _cli("check", str(broken), "--as-of", "2026-12-01", "-f", f"html:{tmp_path / 'r.html'}")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<table class="sections">' in page and ">unverified</th>" not in page


def test_an_audit_folder_may_mix_yaml_and_word(tmp_path):
    import json
    import shutil

    import yaml

    from pocrules.word import render

    from .conftest import COMPLIANT

    folder = tmp_path / "missions"
    folder.mkdir()
    shutil.copy(COMPLIANT, folder / "minuska.yaml")
    render.write(yaml.safe_load(COMPLIANT.read_text(encoding="utf-8")), folder / "minuska.docx")
    (folder / "~$minuska.docx").write_bytes(b"Word's lock file")
    result = _cli("audit", str(folder), "--out", str(tmp_path / "report"), "--as-of", "2026-12-01", "--jobs", "1")
    assert result.exit_code == 0, result.output
    missions = json.loads((tmp_path / "report" / "audit.json").read_text())["missions"]
    assert sorted((m["path"].rsplit("/", 1)[-1], m["status"]) for m in missions) == [
        ("minuska.docx", "checked"), ("minuska.yaml", "checked")]


def test_import_writes_yaml_headed_by_what_was_read_how(tmp_path):
    source, target = tmp_path / "hand-written.docx", tmp_path / "strategy.yaml"
    hand_written().save(str(source))
    result = _cli("import", str(source), "-o", str(target))
    assert result.exit_code == 0
    header = [line for line in target.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert "# Section B (B. Analysis of POC risks and undertaking risk assessments): read: POC risks; present as " \
           "prose only (not verified): Analysis undertaken with, Sources of the analysis, Validated with, Threats, " \
           "Vulnerabilities" in header
    assert any(line.startswith("# Section D (D. Information-gathering and sharing system): absent: ") for line in header)
    assert "# Annex I, row 3, Lead: 'Froce' matches no actor; did you mean 'Force'? (kept as written)" in header
    assert any("assumed: the mission is an integrated mission (assumed: no)" in line for line in header)


def test_a_matrix_continued_without_its_header_row_joins_the_matrix():
    document = docx.Document()
    document.add_heading("Annex I: Implementation matrix", level=1)
    _table(document, [["POC risks to be addressed", "Activities/Mitigating measures", "Lead", "Supporting Actors"],
                      ["R1", "Patrols", "", ""]])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _table(document, [["R1 (cont.)", "Escorts", "", ""]])
    _table(document, [["Unrelated", "table"], ["of", "notes"]])
    data = importer.read(reopen(document)).data
    assert data["implementation_matrix"] == [{"risk": "R1", "activity": "Patrols"},
                                             {"risk": "R1", "activity": "Escorts"}]


def test_what_only_annex_iii_carries_is_prose_in_a_hand_typed_document_and_absent_with_its_section():
    parts = importer.read(hand_written()).parts
    assert parts["/purpose_scope/compliance/mandatory"] == importer.PROSE  # no place for a yes/no in section A
    assert parts["/consultations/0/security_sector"] == parts["/consultations/*/security_sector"] == importer.PROSE
    assert "/monitoring/mandate_adequacy_analysis" not in parts, "section J is absent: its findings stay real"
    rendered = importer.read(reopen(_rendered_compliant())).parts
    assert importer.PROSE not in rendered.values(), "a rendering carries those facts in Annex III"


def _rendered_compliant():
    from .conftest import FIXTURES

    return docx.Document(str(FIXTURES / "word" / "minuska-2026.docx"))


def test_a_history_table_without_ids_or_links_gives_crises_ids_and_leaves_links_unverified(tmp_path, checker):
    document = hand_written()
    _bold(document, "Reviews and revisions")
    _table(document, [["Date", "Event", "Summary"],
                      ["14 March 2026", "Crisis", "Attack on the Tamberi IDP site."],
                      ["7 April 2026", "After-action review", ""]])
    result = importer.read(reopen(document))
    assert [e.get("id") for e in result.data["history"]] == ["E1", None], "a crisis needs an id; a review none"
    assert result.parts["/history/1/crisis"] == importer.PROSE
    path = tmp_path / "history.docx"
    reopen(document).save(str(path))
    found = [(f.rule, f.pointer, f.severity) for f in checker.check(path).findings if f.pointer.startswith("/history")]
    assert ("POC-SCHEMA-003", "/history/1/crisis", "unverified") in found
    assert not [f for f in found if f[2] != "unverified"], found


def test_a_required_value_missing_from_a_word_table_is_named_by_its_column_not_its_yaml_field(tmp_path, checker):
    document = hand_written()
    _bold(document, "Reviews and revisions")
    _table(document, [["Date", "Event", "Summary"],
                      ["14 March 2026", "Crisis", "Attack on the Tamberi IDP site."],
                      ["7 April 2026", "After-action review", ""],
                      ["10 May 2026", "Context change", ""]])
    path = tmp_path / "history.docx"
    reopen(document).save(str(path))
    missing = {f.pointer: f for f in checker.check(path).findings if f.rule == "POC-SCHEMA-003"}
    summary = missing["/history/2/summary"]  # a column the row leaves empty
    assert summary.severity == "error" and summary.message == ("required column 'Summary' is empty "
                               "(in Reviews and revisions, history table, row 3, Summary); the entry in Reviews "
                               "and revisions, history table, row 3 is left out of the check until this is fixed")
    assert summary.fix == "Add the missing field in the 'Summary' column; until then the entry counts as absent."
    crisis = missing["/history/1/crisis"]  # a field the template's table has no column for
    assert crisis.message == ("could not verify from the document: 'Crisis' is required but not stated: the history "
                              "table has no column for it (in Reviews and revisions, history table, row 2); this entry "
                              "is left out of the check until this is fixed")  # its row is said once
    assert "'crisis'" not in crisis.message + crisis.fix and "'Crisis'" in crisis.fix


def test_a_rule_reading_a_field_the_template_cannot_carry_is_unverified_wherever_it_points(tmp_path, checker):
    path = tmp_path / "hand-written.docx"
    hand_written().save(str(path))
    by_rule = {f.rule: f for f in checker.check(path).findings}
    principles = by_rule["POC-FW-021"]  # peacekeeping principles: a yes/no with no place in the template
    assert (principles.pointer, principles.severity) == ("/purpose_scope/principles", "unverified")
    assert principles.message.startswith("could not verify from the document: ")


def test_a_document_without_a_version_and_with_a_period_in_words_is_still_checked(tmp_path, checker):
    document = hand_written()
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("Period:"):
            paragraph.runs[-1].text = " from next spring"
        if paragraph.text.startswith("Version:"):
            paragraph._p.getparent().remove(paragraph._p)
    path = tmp_path / "odd.docx"
    reopen(document).save(str(path))
    result = checker.check(path)
    assert result.error is None  # checked, not refused
    found = {(f.rule, f.pointer): f for f in result.findings}
    start = found[("POC-SCHEMA-002", "/period/start")]
    assert start.place.label == "Title page, Period covered" and "(got 'from next spring')" in start.message
    assert found[("POC-SCHEMA-003", "/period/end")].place.label == "Title page, Period covered"
    period = found[("POC-FW-065", "/period")]
    assert "does not state the period" in period.message and "may follow from the problem in Title page" in period.message
    version = found[("POC-FW-066", "/version")].message
    assert "no version label" in version and "may follow" not in version  # the period left out is no cause of it
    assert result.cover.version == "not stated" and result.cover.period == "not stated"
    assert _cli("check", str(path), "--as-of", "2026-12-01").exit_code == 1

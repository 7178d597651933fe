"""`check -f docx:OUT.docx`: the checked document with every open finding as a Word comment where it applies.

Each test reopens the written file and reads `word/comments.xml` and the anchors in
`word/document.xml`, as Word does.
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from lxml import etree
from typer.testing import CliRunner

from pocrules import engine as engines
from pocrules.check import Checker, Result
from pocrules.cli import app
from pocrules.findings import Finding
from pocrules.reporters import Run, render
from pocrules.sources import Place, read
from pocrules.word.render import write as write_word

from .conftest import AS_OF, FIXTURES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MATRIX = FIXTURES / "minuska-2026-matrix-gaps.yaml"
runner = CliRunner()


def check(*args):
    result = runner.invoke(app, ["check", *map(str, args), "--as-of", AS_OF.isoformat(), "--engine", "python"])
    assert "Traceback" not in result.output
    return result


def comments(path) -> dict[str, dict]:
    """Each comment by id: author, initials, date, its paragraphs, and where it is anchored."""
    with zipfile.ZipFile(path) as package:
        notes = etree.fromstring(package.read("word/comments.xml"))
        body = etree.fromstring(package.read("word/document.xml")).find("w:body", NS)
    blocks = [c for c in body if c.tag in (f"{{{W}}}p", f"{{{W}}}tbl")]
    out = {}
    for note in notes.findall("w:comment", NS):
        cid = note.get(f"{{{W}}}id")
        [start] = body.xpath(f".//w:commentRangeStart[@w:id='{cid}']", namespaces=NS)
        assert len(body.xpath(f".//w:commentReference[@w:id='{cid}']", namespaces=NS)) == 1
        block = next(b for b in blocks if b is start or start in b.iterdescendants())
        row = cell = None
        cell_el = next((a for a in start.iterancestors(f"{{{W}}}tc")), None)
        if cell_el is not None:
            tr = cell_el.getparent()
            row = block.findall("w:tr", NS).index(tr)
            cell = tr.findall("w:tc", NS).index(cell_el)
        out[cid] = {
            "author": note.get(f"{{{W}}}author"), "initials": note.get(f"{{{W}}}initials"),
            "date": note.get(f"{{{W}}}date"),
            "paragraphs": ["".join(p.itertext()) for p in note.findall("w:p", NS)],
            "at": (blocks.index(block), row, cell),
            "anchored": "".join(t.text or "" for t in (cell_el if cell_el is not None else block).iter(f"{{{W}}}t")),
        }
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The matrix-gaps strategy as Word: the document a mission would submit."""
    path = tmp_path_factory.mktemp("review") / "minuska.docx"
    write_word(read(MATRIX).data, path)
    return path


def findings_of(path) -> list[dict]:
    result = check(path, "--format", "json")
    return json.loads(result.stdout)["files"][0]["findings"]


def test_a_word_strategy_comes_back_with_a_comment_at_each_finding(rendered, tmp_path):
    original = rendered.read_bytes()
    out = tmp_path / "reviewed.docx"
    result = check(rendered, "--format", f"docx:{out}", "--format", "text")
    assert result.exit_code == 1
    assert rendered.read_bytes() == original  # the checked document is only read
    found = findings_of(rendered)
    notes = comments(out)
    assert len(notes) == len(found) == 4
    by_rule = {n["paragraphs"][0].split(")")[0]: n for n in notes.values()}
    for f in found:
        note = by_rule[f"{f['severity'].upper()} ({f['rule']}"]
        assert note["author"] == "pocrules" and note["initials"] == "PR"
        assert note["date"].startswith(AS_OF.isoformat())
        assert note["paragraphs"][0] == f"{f['severity'].upper()} ({f['rule']}): {f['message']}"
        assert note["paragraphs"][1].startswith("Framework: Template para") or \
            note["paragraphs"][1].startswith("Framework: Annex I")
        assert note["paragraphs"][-1].startswith("What to do: " + " ".join(f["fix"].split()))
        assert "`" not in note["paragraphs"][-1] and f["fix_yaml"] and f["fix_yaml"] not in note["paragraphs"][-1]
        docx = f["docx"]
        assert note["at"] == (docx["block"], docx["row"], docx["cell"] if docx["row"] is not None else None) or \
            note["at"] == (docx["block"], docx["row"], 0)  # a row's comment sits in its first cell
    assert by_rule["ERROR (POC-B-003"]["paragraphs"][-1] == (
        "What to do: Rate how grave and how likely the risk is, each from 1 (lowest) to 5 (highest). "
        'In the document: Section B, table "POC risks", column "Gravity".')
    c003 = by_rule["ERROR (POC-C-003"]
    assert c003["anchored"] == ""  # the empty Supporting Actors cell was given a run to hold it
    assert "Formed Police Units" in by_rule["ERROR (POC-C-003"]["paragraphs"][0]


def test_a_yaml_strategy_is_rendered_then_commented(tmp_path):
    out = tmp_path / "reviewed.docx"
    assert check(MATRIX, "-f", f"docx:{out}").exit_code == 1
    notes = comments(out)
    assert len(notes) == 4
    anchored = {n["paragraphs"][0].split(")")[0]: n["anchored"] for n in notes.values()}
    assert anchored["ERROR (POC-C-001"] == "R3"  # the risk's row in the risk table (its first cell)
    assert anchored["ERROR (POC-C-002"].startswith("R1: Armed attacks on IDP sites")  # its Annex I row
    assert anchored["ERROR (POC-C-003"] == ""  # the empty Supporting Actors cell of the next row


def test_a_yaml_strategy_s_review_copy_says_where_to_write_in_word_and_its_text_report_keeps_the_yaml(tmp_path):
    out = tmp_path / "reviewed.docx"
    result = check(MATRIX, "-f", f"docx:{out}", "-f", "text")
    assert "fix: Plan an activity against this risk in the implementation matrix, with one lead and its supporting " \
        "actors. In the file: a row in `implementation_matrix` with `risk: R3`" in result.stdout
    notes = {n["paragraphs"][0].split(")")[0]: n["paragraphs"][-1] for n in comments(out).values()}
    assert notes["ERROR (POC-C-001"] == ("What to do: Plan an activity against this risk in the implementation matrix, "
                                        'with one lead and its supporting actors. In the document: Annex I, table '
                                        '"Implementation matrix".')
    assert not any("`" in text or "implementation_matrix" in text for text in notes.values())


def test_a_hand_written_word_strategy_s_comments_have_the_fix_in_words_and_no_yaml(tmp_path):
    document = FIXTURES / "word" / "minuska-2026-hand-written-defects.docx"
    out = tmp_path / "reviewed.docx"
    report, page, text = tmp_path / "report.md", tmp_path / "report.html", tmp_path / "report.txt"
    check(document, "-f", f"docx:{out}", "-f", f"markdown:{report}", "-f", f"html:{page}", "-f", f"text:{text}")
    found = findings_of(document)
    notes = [n["paragraphs"] for n in comments(out).values()]
    assert len(notes) == len(found)
    hinted = [f for f in found if f["fix_yaml"]]
    assert len(hinted) > 10
    for f in hinted:  # the note for each finding has its fix, and none has the YAML hint
        assert any(p[-1].startswith("What to do: " + f["fix"]) for p in notes if f["message"] in p[0])
    texts = "\n".join(p[-1] for p in notes)
    assert "`" not in texts and "In the file" not in texts
    assert "monitoring.lessons_learned" not in texts and "purpose_scope" not in texts
    markdown = report.read_text(encoding="utf-8")
    assert "In the file" not in markdown and "purpose_scope" not in markdown
    assert "**Fix:** State that compliance is mandatory for all relevant mission staff once the Head of Mission signs " \
        'the strategy off. In the document: Section A, under "Compliance".' in markdown
    fixes = [line for line in text.read_text(encoding="utf-8").splitlines() if line.strip().startswith("fix: ")]
    assert len(fixes) == len(found) and not any("`" in line or "In the file" in line for line in fixes)
    assert '      fix: Name exactly one lead actor for the activity, as the actor table names it. In the document: ' \
        'Annex I, table "Implementation matrix", column "Lead".' in fixes
    todo = re.findall(r"<dt>What to do</dt><dd>(.*?)</dd>", page.read_text(encoding="utf-8"))
    assert len(todo) == len(found) and not any("<code>" in t or "In the file" in t for t in todo)


def test_the_same_check_writes_the_same_comments(rendered, tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    check(rendered, "-f", f"docx:{first}")
    check(rendered, "-f", f"docx:{second}")
    for part in ("word/comments.xml", "word/document.xml"):
        assert zipfile.ZipFile(first).read(part) == zipfile.ZipFile(second).read(part)


def test_waived_findings_are_not_comments(tmp_path):
    import yaml

    data = yaml.safe_load(MATRIX.read_text(encoding="utf-8"))
    data["waivers"] = [{"rule": "POC-B-003", "pointer": "/risk_analysis/risks/5", "approved_by": "IOT",
                        "justification": "ERW likelihood is being reassessed with UNMAS."}]
    strategy = tmp_path / "waived.yaml"
    strategy.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "reviewed.docx"
    check(strategy, "-f", f"docx:{out}")
    texts = [n["paragraphs"][0] for n in comments(out).values()]
    assert len(texts) == 3 and not any("POC-B-003" in t for t in texts)


def test_a_finding_without_a_place_is_commented_at_its_section_heading(rendered, ruleset):
    """A finding about a whole section is anchored at the section's heading, not at the title page."""
    result = Checker(ruleset, engines.create(ruleset, "python"), AS_OF).check(rendered)
    loose = Finding(str(rendered), 1, 1, "POC-J-001", "/nowhere", "warning", "J", "No lessons-learned process.",
                    ("T30.lessons",), "Describe how lessons are captured.")
    odd = "Risk <b>&amp; \x01 'x'"
    typed = Finding(str(rendered), 1, 1, "POC-B-002", "", "info", "B", odd, ())
    run = Run((Result(result.path, (loose, typed), mission="MINUSKA"),), ruleset.name, "python", AS_OF.isoformat(),
              "error", ruleset)
    out = rendered.parent / "sections.docx"
    out.write_bytes(render(run, "docx"))
    notes = {n["paragraphs"][0]: n for n in comments(out).values()}
    assert notes["WARNING (POC-J-001): No lessons-learned process."]["anchored"].startswith("J.")
    assert notes["INFO (POC-B-002): Risk <b>&amp; \ufffd 'x'"]["anchored"].startswith("B.")


def test_a_comment_in_an_empty_table_cell(rendered, ruleset):
    result = Checker(ruleset, engines.create(ruleset, "python"), AS_OF).check(rendered)
    [c002] = [f for f in result.findings if f.rule == "POC-C-002"]
    lead = Place(c002.place.label + ", Lead", c002.place.block, c002.place.row, 2)
    run = Run((Result(result.path, (Finding(**{**c002.__dict__, "place": lead}),), mission="MINUSKA"),),
              ruleset.name, "python", AS_OF.isoformat(), "error", ruleset)
    out = rendered.parent / "lead.docx"
    out.write_bytes(render(run, "docx"))
    [note] = comments(out).values()
    assert note["at"] == (lead.block, lead.row, 2) and note["anchored"] == ""


def test_usage_errors_write_nothing(rendered, tmp_path):
    original = rendered.read_bytes()
    result = check(rendered, "-f", "docx")
    assert result.exit_code == 2 and "name it, e.g. --format docx:strategy-reviewed.docx" in result.output
    result = check(rendered, MATRIX, "-f", f"docx:{tmp_path / 'two.docx'}")
    assert result.exit_code == 2 and "one document" in result.output
    result = check(rendered, "-f", f"docx:{rendered}")
    assert result.exit_code == 2 and "would overwrite the document being checked" in result.output
    assert rendered.read_bytes() == original and not (tmp_path / "two.docx").exists()


def test_an_unreadable_document_gets_no_review_copy(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a Word document", encoding="utf-8")
    out = tmp_path / "reviewed.docx"
    result = check(bad, "-f", f"docx:{out}", "-f", "text")
    assert result.exit_code == 2 and "this is not a Word document" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx"]

"""Each rule's documentation page: shipped in docs/rules/, shown by `rules show --format markdown`."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from pocrules.cli import app
from pocrules.reporters import ruledoc

from .conftest import ROOT

DOCS = ROOT / "docs" / "rules"


def test_docs_rules_are_generated_from_the_ruleset(ruleset):
    """docs/rules/ is current: regenerate with `pocrules rules docs docs/rules` after editing a rule."""
    expected = {f"{r.id}.md": ruledoc.markdown(r) for r in ruleset.rules}
    expected["README.md"] = ruledoc.index(ruleset)
    shipped = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in expected.keys() | shipped.keys() if expected.get(name) != shipped.get(name))
    assert not stale, f"docs/rules is out of date ({', '.join(stale[:5])}...): run `pocrules rules docs docs/rules`"


def test_rule_page_in_words_with_paragraphs_examples_and_fix(ruleset):
    page = ruledoc.markdown(next(r for r in ruleset.rules if r.id == "POC-C-001"))
    assert page.startswith("# POC-C-001: Every priority risk has an activity with a lead\n")
    assert "- **Template para 5 (C. Activities); Annex I**, Mitigating activities listed for every risk: " in page
    assert ("## What to do\n\nPlan an activity against this risk in the implementation matrix, with one lead and its "
            "supporting actors.\n\nIn a Word document: Annex I, table \"Implementation matrix\".\n\n"
            "In a YAML or JSON file: a row in `implementation_matrix` with `risk: {risk.id}`") in page
    assert "## Anti-pattern\n\n```yaml\n" in page and "## Best practice\n\n```yaml\n" in page


def test_rules_show_markdown_and_rules_docs(tmp_path):
    runner = CliRunner()
    shown = runner.invoke(app, ["rules", "show", "POC-C-001", "--format", "markdown"])
    assert shown.exit_code == 0 and shown.stdout == (DOCS / "POC-C-001.md").read_text(encoding="utf-8")
    bad = runner.invoke(app, ["rules", "show", "POC-C-001", "--format", "pdf"])
    assert bad.exit_code == 2 and "--format must be text or markdown" in bad.output
    written = runner.invoke(app, ["rules", "docs", str(tmp_path / "pages")])
    assert written.exit_code == 0 and "rule pages and README.md" in written.stdout
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == sorted(p.name for p in DOCS.iterdir())
    index = (tmp_path / "pages" / "README.md").read_text(encoding="utf-8")
    assert "| [POC-C-001](POC-C-001.md) | error | Every priority risk has an activity with a lead |" in index


def test_sarif_links_rules_only_when_a_docs_url_is_configured(tmp_path):
    strategy = ROOT / "fixtures" / "minuska-2026-matrix-gaps.yaml"
    runner = CliRunner()
    plain = runner.invoke(app, ["check", str(strategy), "--format", "sarif", "--as-of", "2026-12-01"])
    assert "helpUri" not in plain.stdout and "pocrules.invalid" not in plain.stdout
    config = tmp_path / "pocrules.toml"
    config.write_text('docs_url = "https://example.org/pocrules/docs/rules/"\n', encoding="utf-8")
    linked = runner.invoke(app, ["check", str(strategy), "--format", "sarif", "--as-of", "2026-12-01",
                                 "--config", str(config)])
    assert '"helpUri": "https://example.org/pocrules/docs/rules/POC-C-001.md"' in linked.stdout


def test_every_fix_is_in_words_and_its_yaml_apart(ruleset):
    """A Word author reads the fix too: field names and examples of YAML go in fix_yaml, never in fix."""
    words = {r.id: re.sub(r"\{[a-z_.]+\}", "", r.rule.fix) for r in ruleset.rules}  # placeholders read as words
    coded = [rule for rule, text in words.items() if "`" in text or re.search(r"\b[a-z]+(_[a-z]+)+\b|: true\b", text)]
    assert not coded, f"fix texts with YAML in them: {coded}"
    hinted = [r for r in ruleset.rules if r.rule.fix_yaml]
    assert len(hinted) > 100 and all("`" in r.rule.fix_yaml for r in hinted)


def test_a_rule_page_names_the_word_place_of_a_field_of_the_row_it_checks(ruleset):
    page = ruledoc.markdown(next(r for r in ruleset.rules if r.id == "POC-B-014"))
    assert "In a Word document: Section B, table \"Threats\", column \"Trend\".\n\n" \
        "In a YAML or JSON file: `trend` on the threat." in page
    unplaced = ruledoc.markdown(next(r for r in ruleset.rules if r.id == "POC-J-008"))  # only Annex III holds it
    assert "In a Word document" not in unplaced and "`monitoring.lessons_learned.external_partners_invited: true`" \
        in unplaced

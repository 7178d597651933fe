"""Each rule's documentation page: shipped in docs/rules/, shown by `rules show --format markdown`."""

from __future__ import annotations

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
    assert "## What to do\n\nPlan an activity against this risk with a lead and supporting actors: a row in " \
        "`implementation_matrix`" in page
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


def test_every_fix_says_what_to_do_in_words_before_any_yaml(ruleset):
    """A POC officer reads the action first; the YAML key that records it comes second."""
    yaml_first = [r.id for r in ruleset.rules if "`" in r.rule.fix and len(r.rule.fix.split("`")[0].split()) < 3]
    assert not yaml_first, f"fix texts that lead with a YAML key: {yaml_first}"

"""The command line: exit codes, formats, selection, thresholds, rulesets."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pocrules.cli import app
from pocrules.engine import durable_available

from .conftest import COMPLIANT, FIXTURES

runner = CliRunner()
STALE = FIXTURES / "minuska-2026-stale.yaml"
MATRIX = FIXTURES / "minuska-2026-matrix-gaps.yaml"
REVIEWER = COMPLIANT.parent.parent / "tests" / "data" / "reviewer-ruleset.yaml"


def check(*args: str, as_of: str = "2026-12-01"):
    return runner.invoke(app, ["check", *args, "--as-of", as_of])


def rules_of(result) -> list[tuple[str, str]]:
    doc = json.loads(result.output)
    return sorted((f["rule"], f["pointer"]) for file in doc["files"] for f in file["findings"])


def test_exit_zero_on_a_clean_strategy():
    result = check(str(COMPLIANT))
    assert result.exit_code == 0
    assert "no findings" in result.output


def test_exit_one_on_errors_and_grouped_text_report():
    result = check(str(STALE))
    assert result.exit_code == 1
    out = result.output
    assert out.index("Drafting, consultation, timeframe and endorsement") < out.index("A. Purpose and scope")
    assert f"{STALE}:" in out and "POC-FW-006" in out
    # The citation leads with the paragraph and the requirement in words, not the internal id.
    assert ("cites: Framework para 10; Template para 2 (Reviewing the strategy), Mandate or context changes "
            "prompt a leadership review") in out and "F10.review-triggers" not in out
    assert 'where: Reviews and revisions, context change of 2026-05-10 "Collapse of the Kessa Valley ceasefire and FAK…"' in out
    engine = "durable" if durable_available() else "python"
    summary = next(ln for ln in out.splitlines() if "error(s)" in ln)
    assert summary.endswith(f"(ruleset framework-2011, engine {engine}, as of 2026-12-01)")
    assert "3 error(s), 1 warning(s), 1 info in 1 file" in out


def test_fail_on_threshold():
    warnings_only = ["--select", "POC-A-001", str(STALE)]
    assert check(*warnings_only).exit_code == 0
    assert check(*warnings_only, "--fail-on", "warning").exit_code == 1
    assert check(str(STALE), "--fail-on", "never").exit_code == 0


def test_json_report_shape():
    result = check(str(MATRIX), "--format", "json")
    doc = json.loads(result.output)
    assert doc["schema_version"] == 3 and doc["as_of"] == "2026-12-01" and doc["ruleset"] == "framework-2011"
    finding = next(f for f in doc["files"][0]["findings"] if f["rule"] == "POC-C-001")
    assert finding["pointer"] == "/risk_analysis/risks/2"
    assert finding["cites"][0] == {"id": "T5.activities-per-risk", "ref": "Template para 5 (C. Activities); Annex I",
                                 "modality": "shall"}
    assert finding["modality"] == "shall"
    assert finding["location"]["path"] == str(MATRIX) and finding["location"]["line"] > 1
    assert "Inter-communal" in finding["message"] and finding["severity"] == "error" and finding["section"] == "C"
    assert doc["summary"] == {"files": 1, "unreadable": 0, "findings": {"error": 4, "warning": 0, "info": 0},
                              "waived": 0}


def test_output_is_deterministic():
    first, second = check(str(STALE), str(MATRIX), "-f", "json"), check(str(STALE), str(MATRIX), "-f", "json")
    assert first.output == second.output


def test_select_and_ignore_by_prefix_requirement_and_most_specific_wins():
    assert rules_of(check(str(STALE), "-f", "json", "--select", "POC-FW")) == [
        ("POC-FW-001", "/period"), ("POC-FW-006", "/history/3/date"), ("POC-FW-007", "/history/2/date")]
    assert rules_of(check(str(STALE), "-f", "json", "--select", "POC-FW", "--ignore", "POC-FW-006")) == [
        ("POC-FW-001", "/period"), ("POC-FW-007", "/history/2/date")]
    assert rules_of(check(str(STALE), "-f", "json", "--select", "T2.isf-link")) == [
        ("POC-A-001", "/purpose_scope/linked_strategies")]


def test_as_of_makes_date_rules_reproducible():
    # On 2026-09-01 the mandate change of 2026-06-27 is still inside its 90-day window.
    early = rules_of(check(str(STALE), "-f", "json", "--select", "POC-FW-006", as_of="2026-09-01"))
    late = rules_of(check(str(STALE), "-f", "json", "--select", "POC-FW-006", as_of="2026-12-01"))
    assert early == [] and late == [("POC-FW-006", "/history/3/date")]


def test_param_override_from_the_command_line():
    # The context change of 2026-05-10 was reviewed 33 days later: late for a 30-day window.
    args = (str(COMPLIANT), "-f", "json", "--select", "POC-FW-007")
    assert rules_of(check(*args)) == []
    assert rules_of(check(*args, "--param", "POC-FW-007.window_days=30")) == [("POC-FW-007", "/history/2/date")]


def test_reviewer_ruleset_overrides_and_adds_rules(tmp_path):
    result = check(str(MATRIX), "-f", "json", "--ruleset", str(REVIEWER))
    doc = json.loads(result.output)
    by_rule = {f["rule"]: f for f in doc["files"][0]["findings"]}
    assert by_rule["POC-C-003"]["severity"] == "error"  # raised from warning
    assert "LOCAL-C-001" not in by_rule  # every row of the fixture names a workplan
    assert doc["ruleset"] == "reviewer-ruleset"
    listed = runner.invoke(app, ["rules", "--ruleset", str(REVIEWER), "-f", "json"])
    ids = {r["id"]: r for r in json.loads(listed.output)}
    assert "POC-B-002" not in ids and ids["LOCAL-C-001"]["section"] == "C"
    assert ids["POC-FW-006"]["params"] == {"window_days": 30}


def test_rules_lists_citations():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "POC-C-001" in result.output and "T5.activities-per-risk (Template para 5 (C. Activities); Annex I)" in result.output


def test_schema_is_json_schema_of_the_model():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert {"mission", "risk_analysis", "purpose_scope"} <= set(schema["required"])
    # a version or period not stated is a finding of its own rule, not an unusable file (issue 11 section 1)
    assert {"version", "period"} <= set(schema["properties"]) - set(schema["required"])


def test_help_teaches():
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0
    assert "1  an unwaived finding at or above --fail-on" in result.output and "Usage: pocrules check" in result.output


def _commands(group=None, prefix=()):
    """Every command path of the CLI, e.g. ('rules', 'show')."""
    import typer.main

    group = group or typer.main.get_command(app)
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


def test_help_reads_as_words_and_whole_sentences():
    """No <bool>, <str>, {files}...: every parameter is a word; sentences break only where the terminal does."""
    for path in [(), *_commands()]:
        narrow = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "60", "TERMINAL_WIDTH": "60"})
        wide = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "400", "TERMINAL_WIDTH": "400"})
        assert narrow.exit_code == 0 and wide.exit_code == 0, path
        for text in (narrow.output, wide.output):
            assert "<" not in text.replace("<=", "") and "{" not in text, (path, text)
        # at 400 columns a prose paragraph is one line: the docstring's own line breaks are gone
        assert "could\n" not in wide.output and "2 a file" not in wide.output, path
    usage = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).output
    assert "Usage: pocrules check [OPTIONS] PATH..." in usage


def test_version():
    from pocrules import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"pocrules {__version__}\n"


def test_the_pocrules_command_runs_the_command_line_and_its_exit_codes():
    """``pocrules`` (and ``python -m pocrules``) is pocrules.__main__, which hands over to the command line."""
    import subprocess
    import sys

    clean = subprocess.run([sys.executable, "-m", "pocrules", "check", str(COMPLIANT), "--as-of", "2026-12-01"],
                           capture_output=True, text=True)
    assert clean.returncode == 0 and "no findings" in clean.stdout
    stale = subprocess.run([sys.executable, "-m", "pocrules", "check", str(STALE), "--as-of", "2026-12-01"],
                           capture_output=True, text=True)
    assert stale.returncode == 1 and "POC-FW-006" in stale.stdout


def test_rules_show_takes_the_id_without_its_prefix():
    short = runner.invoke(app, ["rules", "show", "c-001"])
    assert short.exit_code == 0 and short.output.startswith("POC-C-001:")


def test_check_takes_folders_and_globs_like_audit(tmp_path):
    import shutil

    for name in ("a.yaml", "b.yaml"):
        shutil.copy(COMPLIANT, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a strategy")
    folder = check(str(tmp_path), "-f", "json")
    pattern = check(str(tmp_path / "*.yaml"), "-f", "json")
    assert folder.exit_code == 0 and pattern.exit_code == 0
    for result in (folder, pattern):
        paths = [f["path"] for f in json.loads(result.stdout)["files"]]
        assert paths == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]
    missing = check(str(tmp_path / "nothing-*.yaml"))
    assert missing.exit_code == 2 and "no file matches" in missing.output


def test_a_report_written_to_a_file_says_where_it_went(tmp_path):
    target = tmp_path / "review.html"
    result = check(str(COMPLIANT), "-f", "text", "-f", f"html:{target}")
    assert result.exit_code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"wrote the html report to {target}" in result.stderr
    assert "wrote" not in result.stdout  # stdout carries only the text report


def test_out_is_the_reports_folder_in_check_as_in_audit(tmp_path):
    result = check(str(COMPLIANT), "-f", "json", "-f", "html", "-o", str(tmp_path / "review"))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads((tmp_path / "review" / "report.json").read_text())["files"][0]["status"] == "checked"
    assert (tmp_path / "review" / "report.html").exists()
    for name in ("check", "audit"):
        out = next(p for p in _command(name).params if "-o" in p.opts)
        assert out.opts == ["--out", "-o"] and out.metavar == "FOLDER" and out.help.startswith("Folder for the reports")


def _command(name: str):
    import typer.main

    return typer.main.get_command(app).commands[name]


def test_rules_show_explains_a_rule_with_its_paragraphs():
    result = runner.invoke(app, ["rules", "show", "POC-FW-006"])
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("POC-FW-006: A review follows every change of the Security Council mandate")
    assert "F10.review-triggers - Framework para 10; Template para 2 (Reviewing the strategy)" in out
    assert out.index("Anti-pattern:") < out.index("Best practice:")
    assert "window_days = 90" in out


def test_rules_show_unknown_rule_suggests():
    result = runner.invoke(app, ["rules", "show", "POC-C-01"])
    assert result.exit_code == 2 and "no rule 'POC-C-01' in framework-2011; did you mean" in result.output


def test_coverage_lists_requirements_and_fails_on_an_unchecked_one(tmp_path, ruleset):
    citing = [r.id for r in ruleset.rules if "T2.isf-link" in r.rule.cites]
    custom = tmp_path / "no-isf.yaml"
    custom.write_text("extends: framework-2011\noverrides:\n" + "".join(f"  {i}: 'off'\n" for i in citing))
    result = runner.invoke(app, ["coverage", "--ruleset", str(custom)])
    assert result.exit_code == 1
    assert "T2.isf-link" in result.output.split("Not checked:")[1]
    assert "NOT CHECKED (Template para 2 (A. Scope: Existing protection strategies))" in result.output
    full = runner.invoke(app, ["coverage"])
    assert ("Not checked:" in full.output) == (full.exit_code == 1)


def test_rules_fields_teaches_rule_authors_what_they_can_test():
    kinds = runner.invoke(app, ["rules", "fields"])
    assert kinds.exit_code == 0 and "matrix_row               /implementation_matrix" in kinds.output
    fields = runner.invoke(app, ["rules", "fields", "matrix_row"]).output.splitlines()
    assert "lead_component                               derived" in fields
    assert any(line.startswith("supporting ") and "list" in line for line in fields)
    document = runner.invoke(app, ["rules", "fields", "strategy"]).output
    assert "consultations" in document and "collection: test its size" in document
    typo = runner.invoke(app, ["rules", "fields", "matrix_rows"])
    assert typo.exit_code == 2 and "did you mean 'matrix_row'?" in typo.output


def test_todo_lists_unmet_requirements_by_section_with_progress(tmp_path):
    blank = tmp_path / "blank.yaml"
    assert runner.invoke(app, ["init", str(blank), "--mission", "Test Mission"]).exit_code == 0
    result = check(str(blank), "--todo")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    heads = [ln.strip() for ln in lines if " requirements met" in ln]
    titles = [h.split(" — ")[0] for h in heads]
    assert titles[:3] == ["Drafting, consultation, timeframe and endorsement", "A. Purpose and scope",
                          "B. Analysis of POC risks"]  # the template's order
    a = lines.index(next(ln for ln in lines if ln.strip().startswith("A. Purpose and scope")))
    b = lines.index(next(ln for ln in lines if ln.strip().startswith("B. Analysis of POC risks")))
    todo_a = [ln for ln in lines[a + 1:b] if ln.strip().startswith("[ ]")]
    met, total = (int(n) for n in heads[1].split(" — ")[1].split(" requirements")[0].split(" of "))
    assert len(todo_a) == total - met > 0  # one line per unmet requirement
    assert "[ ] Template para 1 (A. Purpose): Brief purpose statement tied to the POC mandate" in result.stdout
    assert "POC-" not in result.stdout  # requirements in words, not rule ids


def test_text_summary_ends_with_per_section_progress():
    out = check(str(STALE)).stdout.splitlines()
    summary = next(i for i, ln in enumerate(out) if "error(s)" in ln)
    assert out[summary + 1] == f"Progress of MINUSKA ({STALE}):"
    assert out[summary + 3] == "  A. Purpose and scope — 5 of 8 requirements met"
    assert out[-1] == "  Annex I. Implementation matrix — 2 of 2 requirements met"


def test_every_schema_property_says_what_it_is_for_and_where_the_framework_asks():
    """Editors show these on hover: plain words, and the Framework paragraph the field serves."""
    import re

    schema = json.loads(runner.invoke(app, ["schema"]).output)
    models = {"Strategy": schema, **schema["$defs"]}
    checked = 0
    for model, body in models.items():
        for name, prop in body.get("properties", {}).items():
            text = prop.get("description", "")
            assert len(text.split()) >= 3, f"{model}.{name} has no description"
            assert re.search(r"\b(Framework|Template|Annex)\b.*\bparas?\b|\bAnnex I\b|pocrules", text), \
                f"{model}.{name} does not name the Framework paragraph it serves: {text!r}"
            checked += 1
    assert checked >= 228


def test_verbose_adds_the_json_pointer_that_plain_output_leaves_out():
    plain = check(str(STALE))
    verbose = check(str(STALE), "--verbose")
    assert "pointer: " not in plain.output and "/history/" not in plain.output
    assert "      pointer: /history/" in verbose.output
    assert verbose.output.count("pointer: ") == plain.output.count("\n    ") - plain.output.count("\n      ")


def test_check_never_opens_a_named_pipe_in_a_folder(tmp_path):
    import os
    import shutil

    shutil.copy(COMPLIANT, tmp_path / "a.yaml")
    os.mkfifo(tmp_path / "b.yaml")
    result = check(str(tmp_path))
    assert result.exit_code == 2
    assert "b.yaml: cannot check" in result.output and "named pipe" in result.output
    assert "a.yaml (MINUSKA): no findings" in result.output


def test_a_run_builds_only_the_command_it_names_and_behaves_the_same():
    from pocrules import cli

    every = len(app.registered_commands), len(app.registered_groups)
    only = cli._for(["check"])
    assert [c.callback for c in only.registered_commands] == [cli.check] and only.registered_groups == []
    assert cli._for(["rules"]).registered_commands == [] and len(cli._for(["rules"]).registered_groups) == 1
    assert [c.name for c in cli._for(["import"]).registered_commands] == ["import"]
    for other in ([], ["--help"], ["--version"], ["chek"], ["fixtures/minuska-2026.yaml"]):
        assert cli._for(other) is app  # the whole app: its help and suggestions list every command
    assert (len(app.registered_commands), len(app.registered_groups)) == every
    for args in (["check", "--help"], ["check"], ["check", str(COMPLIANT), "--format", "nope"], ["rules", "show", "X"]):
        alone, whole = CliRunner().invoke(cli._for(args[:1]), args), CliRunner().invoke(app, args)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)

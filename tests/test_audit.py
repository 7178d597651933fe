"""Batch audits: every file accounted for, reports complete, deterministic and atomic."""

from __future__ import annotations

import csv
import json
import re

import pytest
from typer.testing import CliRunner

from pocrules.audit.discover import Found
from pocrules.cli import app
from pocrules.generator import DEFECTS, SIZE, generate

from .conftest import COMPLIANT, FIXTURES

runner = CliRunner()
BROKEN = COMPLIANT.parent.parent / "tests" / "data" / "malformed.yaml"


@pytest.fixture(scope="module")
def strategies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("strategies")
    assert runner.invoke(app, ["generate", str(folder / "batch"), "-n", "6", "--defect-rate", "0.3"]).exit_code == 0
    (folder / "batch" / "broken.yaml").write_text(BROKEN.read_text())
    return folder


def audit(*args):
    return runner.invoke(app, ["audit", *args, "--as-of", "2026-12-01"])


def test_a_broken_file_is_an_error_row_and_every_other_file_is_audited(strategies, tmp_path):
    out = tmp_path / "report"
    result = audit(str(strategies / "batch"), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 2
    doc = json.loads((out / "audit.json").read_text())
    statuses = {m["path"].rsplit("/", 1)[-1]: m["status"] for m in doc["missions"]}
    assert len(statuses) == 7 and statuses.pop("broken.yaml") == "error"
    assert set(statuses.values()) == {"checked"}
    broken = next(m for m in doc["missions"] if m["status"] == "error")
    assert "malformed YAML" in broken["errors"][0] and broken["score"] is None
    assert doc["summary"]["errors"] == 1 and doc["summary"]["checked"] == 6
    rows = list(csv.DictReader((out / "matrix-rules.csv").open()))
    assert len(rows) == 7
    assert all((r["POC-C-001"] == "") == (r["status"] == "error") for r in rows)
    sections = list(csv.DictReader((out / "matrix-sections.csv").open()))
    assert all(0 <= float(r["score"]) <= 100 for r in sections if r["status"] == "checked")
    details = json.loads((out / broken["details"]).read_text())
    assert details["errors"][0]["line"] == 3
    html = (out / "audit.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "could not be checked" in html and "UNMOST" in html
    assert "| mission | file | status | score |" in (out / "audit.md").read_text()
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_results_do_not_depend_on_the_number_of_workers(strategies, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    audit(str(strategies / "batch"), "--out", str(one), "--jobs", "1")
    audit(str(strategies / "batch"), "--out", str(two), "--jobs", "2")
    for name in ("audit.json", "matrix-rules.csv", "matrix-sections.csv", "audit.html"):
        assert (one / name).read_text() == (two / name).read_text(), name


def test_scores_follow_the_documented_definition(tmp_path):
    import math

    out = tmp_path / "r"
    assert audit(str(COMPLIANT), "--out", str(out)).exit_code == 0
    clean = json.loads((out / "audit.json").read_text())["missions"][0]
    assert clean["score"] == 100.0 and all(s["fail"] == 0 and s["score"] == 100.0 for s in clean["sections"].values())
    stale = FIXTURES / "minuska-2026-stale.yaml"
    assert audit(str(stale), "--out", str(out), "--select", "POC-A", "--fail-on", "warning").exit_code == 1
    row = json.loads((out / "audit.json").read_text())["missions"][0]
    # POC-A-001 (warning on T2.isf-link) and POC-A-003 (info) each report once.
    from pocrules.rules import ruleset as rulesets
    from pocrules.audit.scores import SCALE, SECTION_SCALE, weight
    rules = {r.id: r for r in rulesets.load().rules}
    cost = weight(rules["POC-A-001"]) + weight(rules["POC-A-003"])
    assert row["sections"]["A"]["fail"] == 2
    assert row["sections"]["A"]["score"] == round(100 * math.exp(-cost / SECTION_SCALE), 1)
    assert row["score"] == round(100 * math.exp(-cost / SCALE), 1)


def _score_of(tmp_path, path):
    out = tmp_path / "scored"
    audit(str(path), "--out", str(out))
    return json.loads((out / "audit.json").read_text())["missions"][0]


def test_a_blank_template_scores_below_ten(tmp_path):
    blank = tmp_path / "blank.yaml"
    assert runner.invoke(app, ["init", str(blank), "--mission", "Test Mission"]).exit_code == 0
    assert _score_of(tmp_path, blank)["score"] < 10


def test_one_unmitigated_priority_risk_costs_visibly(tmp_path):
    import yaml

    data = yaml.safe_load(COMPLIANT.read_text(encoding="utf-8"))
    data["implementation_matrix"] = [r for r in data["implementation_matrix"] if r["risk"] != "R1"]
    path = tmp_path / "r1.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    row = _score_of(tmp_path, path)
    assert row["score"] <= 90 and row["sections"]["C"]["score"] <= 70, row


def _variant(tmp_path, name, change):
    import yaml

    data = yaml.safe_load(COMPLIANT.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return _score_of(tmp_path, path)


def test_an_unwritten_section_costs_each_of_its_requirements_once(tmp_path):
    import math

    from pocrules.audit.scores import SCALE, weight
    from pocrules.rules import ruleset as rulesets

    rules = rulesets.load().rules
    explained = [r for r in rules if "POC-F-011" in r.rule.depends_on]
    assert len(explained) >= 5
    unwritten = _variant(tmp_path, "no-f", lambda d: d.pop("capacities"))
    cost = next(weight(r) for r in rules if r.id == "POC-F-011") + sum(weight(r) for r in explained)
    assert unwritten["score"] == round(100 * math.exp(-cost / SCALE), 1)
    assert unwritten["sections"]["F"]["fail"] == len(explained) + 1
    # Writing one sentence of section F leaves most of it missing, yet scores higher than leaving it out.
    begun = _variant(tmp_path, "one-f", lambda d: d.update(capacities={"analysis": "The Force covers two of five areas."}))
    assert begun["score"] > unwritten["score"]


def test_a_waived_cause_waives_the_checks_it_explains(tmp_path):
    from pocrules.rules import ruleset as rulesets

    explained = [r.id for r in rulesets.load().rules if "POC-F-011" in r.rule.depends_on]
    waived = _variant(tmp_path, "waived-f", lambda d: (d.pop("capacities"), d.setdefault("waivers", []).append(
        {"rule": "POC-F-011", "justification": "Capacities are set out in the Force's own concept of operations.",
         "approved_by": "Chief of Staff", "expires": "2027-01-31"})))
    unwritten = _variant(tmp_path, "no-f", lambda d: d.pop("capacities"))
    # The checks the waived cause explains are neither passed (nothing was checked) nor failed (the reason is accepted).
    assert waived["sections"]["F"]["waived"] == unwritten["sections"]["F"]["fail"] == len(explained) + 1
    assert waived["sections"]["F"]["fail"] == 0
    assert waived["sections"]["F"]["pass"] == unwritten["sections"]["F"]["pass"]
    assert waived["score"] == 100.0


def test_a_strategy_no_longer_in_force_scores_at_most_fifty(tmp_path):
    def expired(data):
        data["period"] = {"start": "2025-01-01", "end": "2025-12-31"}

    def four_unmitigated(data):
        priorities = [r["id"] for r in data["risk_analysis"]["risks"] if r.get("priority")][:4]
        assert len(priorities) == 4
        data["implementation_matrix"] = [r for r in data["implementation_matrix"] if r["risk"] not in priorities]

    old = _variant(tmp_path, "expired", expired)
    assert old["score"] == 50.0
    assert _variant(tmp_path, "four", four_unmitigated)["score"] > old["score"]
    waived = _variant(tmp_path, "waived", lambda d: (expired(d), d.setdefault("waivers", []).append(
        {"rule": "POC-J-011", "justification": "The 2026 strategy is with the SRSG for signature.",
         "approved_by": "Chief of Staff", "expires": "2027-01-31"})))
    assert waived["score"] > 50


def test_globs_and_missing_paths(strategies, tmp_path):
    result = audit(str(strategies / "batch" / "strategy-0000[01].yaml"), "--out", str(tmp_path / "g"))
    assert len(json.loads((tmp_path / "g" / "audit.json").read_text())["missions"]) == 2
    missing = audit(str(tmp_path / "nowhere"), "--out", str(tmp_path / "x"))
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
    assert result.exit_code in (0, 1)


def test_generator_sizes_determinism_and_defect_control():
    clean, introduced = generate(3, defect_rate=0.0)
    assert introduced == []
    assert len(clean["risk_analysis"]["risks"]) == SIZE["risks"]
    assert len(clean["implementation_matrix"]) == SIZE["matrix_rows"]
    assert len(clean["coordination"]["mechanisms"]) == SIZE["mechanisms"]
    assert len(clean["monitoring"]["indicators"]) == SIZE["indicators"]
    assert len(clean["consultations"]) >= SIZE["consultations"]
    assert generate(3, 0.5) == generate(3, 0.5)
    _, every = generate(4, defect_rate=1.0)
    assert every == list(DEFECTS)


def test_generated_compliant_strategies_pass_and_defective_ones_fail(checker, tmp_path):
    from pocrules import sources
    from pocrules.generator import dump

    clean, introduced = generate(7, 0.0)
    doc = sources.parse(dump(clean, introduced, 7), "clean.yaml")
    assert checker.check_document(doc).findings == ()
    broken, introduced = generate(7, 1.0)
    rules = {f.rule for f in checker.check_document(sources.parse(dump(broken, introduced, 7), "b.yaml")).findings}
    assert {"POC-FW-010", "POC-FW-013", "POC-C-001", "POC-C-002", "POC-FW-001", "POC-A-001"} <= rules


def test_the_bundled_mission_set_audits_with_one_error_row(tmp_path):
    result = audit(str(FIXTURES / "missions"), "--out", str(tmp_path / "m"), "--jobs", "2")
    assert result.exit_code == 2
    doc = json.loads((tmp_path / "m" / "audit.json").read_text())
    assert [m["path"].rsplit("/", 1)[-1] for m in doc["missions"] if m["status"] == "error"] == [
        "unmzem-2026-corrupted.yaml"]
    scores = [m["score"] for m in doc["missions"] if m["status"] == "checked"]
    assert len(scores) == 12 and max(scores) == 100.0 and min(scores) < 90  # varied strengths


def test_a_worker_that_dies_costs_only_its_own_file(strategies, monkeypatch, tmp_path):
    """A crash in the C engine kills a worker; simulate one (fork keeps the patch in workers)."""
    import multiprocessing
    import os

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the simulated crash reaches workers only when they are forked")

    from pocrules.audit import runner
    from pocrules.session import Session

    real = runner._check

    def crashing(paths, *tags):
        if any(p.endswith("strategy-00002.yaml") for p in paths):
            os._exit(70)
        return real(paths, *tags)

    crashing.__module__, crashing.__qualname__ = runner.__name__, "_check"  # pickled by reference
    monkeypatch.setattr(runner, "_check", crashing)
    monkeypatch.setattr(runner, "CHUNK", 2)
    from pocrules.config import DEFAULTS, Effective

    job = Session(Effective({**DEFAULTS, "as_of": None})).job()
    files = sorted((strategies / "batch").glob("*.yaml"))
    outcomes = list(runner.run(job, [Found(f) for f in files], 2))
    assert [o.path for o in outcomes] == [str(f) for f in files]
    dead = [o for o in outcomes if o.failed and "worker process died" in o.problems[0].message]
    assert [o.path.rsplit("/", 1)[-1] for o in dead] == ["strategy-00002.yaml"]
    assert sum(1 for o in outcomes if not o.failed) == len(files) - 2  # all but the crasher and broken.yaml



def test_forked_workers_check_with_the_parents_checker(strategies, monkeypatch):
    """Workers forked from an audit that has its checker start with it: none reads the rules or builds an engine."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("only forked workers are given the parent's checker")
    from pocrules.audit import runner
    from pocrules.config import DEFAULTS, Effective
    from pocrules.engine import Deferred
    from pocrules.session import Session

    session = Session(Effective({**DEFAULTS, "as_of": None}))
    checker, job = session.checker(), session.job()
    files = sorted((strategies / "batch").glob("*.yaml"))

    def rebuild(cls, job):
        raise AssertionError("a worker rebuilt the session")

    monkeypatch.setattr(runner.Session, "rebuild", classmethod(rebuild))  # fork keeps the patch in workers
    outcomes = list(runner.run(job, [Found(f) for f in files], 2, checker=checker))
    assert [o.path for o in outcomes] == [str(f) for f in files]
    assert [o.path.rsplit("/", 1)[-1] for o in outcomes if o.failed] == ["broken.yaml"]
    assert isinstance(checker.engine, Deferred) and "built" in vars(checker.engine)  # built once, in the parent

def test_a_worker_checks_a_chunk_before_rendering_any_of_it_and_keeps_the_order(monkeypatch):
    """Checking and rendering in turn evicted each other from the processor's caches: the checks of a
    chunk (at most CHUNK files) run first, then the renders; files an earlier run kept are not checked."""
    from pocrules.audit import runner

    events = []

    class Post:
        def reuse(self, path, tag):
            return (("kept", path) if path == "b" else None), f"key-{path}"

    monkeypatch.setattr(runner, "_spec", Post())
    monkeypatch.setattr(runner, "_post", lambda outcome, tag, key: events.append(("render", outcome, key))
                        or ("part", outcome, tag))
    monkeypatch.setattr(runner, "_check_one", lambda path: events.append(("check", path)) or path)
    monkeypatch.setattr(runner, "CHUNK", 2)
    assert runner._check(["a", "b", "c", "d"], [1, 2, 3, 4]) == [
        ("part", "a", 1), ("kept", "b"), ("part", "c", 3), ("part", "d", 4)]
    assert events == [("check", "a"), ("render", "a", "key-a"),
                      ("check", "c"), ("check", "d"), ("render", "c", "key-c"), ("render", "d", "key-d")]


# --- the HTML page -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Three dated versions of MINUSKA (a draft, then two endorsed ones) and one broken file."""
    import yaml

    folder = tmp_path_factory.mktemp("versions")
    base = yaml.safe_load((FIXTURES / "minuska-2026-matrix-gaps.yaml").read_text(encoding="utf-8"))
    for name, version, endorsed in (("v1", "2025.1", None), ("v2", "2025.2", "2025-06-30"),
                                    ("v3", "2026.1", "2025-12-05")):
        data = dict(base, version=version)
        data["endorsements"] = [e for e in base["endorsements"] if e["by"] != "hom"] + (
            [{"by": "hom", "date": endorsed}] if endorsed else [])
        data["drafting"] = dict(base["drafting"], started="2024-12-01", finalized="2025-03-01")  # the draft's dates
        (folder / f"minuska-{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (folder / "compliant.yaml").write_text(COMPLIANT.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.yaml").write_text(BROKEN.read_text(encoding="utf-8"), encoding="utf-8")
    out = folder / "report"
    assert audit(str(folder), "--out", str(out), "--jobs", "1").exit_code == 2
    return out


def test_audit_page_carries_each_missions_findings(versions):
    """A forwarded audit carries the findings themselves, not links to raw JSON files."""
    page = (versions / "audit.html").read_text(encoding="utf-8")
    assert 'href="missions/' not in page and ".json" not in page
    details = json.loads((versions / "audit.json").read_text())["missions"]
    for i, mission in enumerate(details, 1):
        assert f'<a href="#m-{i}">' in page and f'<section class="document" id="m-{i}">' in page
        findings = json.loads((versions / mission["details"]).read_text())["findings"]
        section = page[page.index(f'id="m-{i}"'):]
        section = section[:section.index("</section>")]
        assert section.count('<article class="finding') == len(findings)
        for f in findings:
            assert f'<span class="rule">{f["rule"]}</span>' in section
    assert "This file could not be checked." in page and "malformed YAML" in page


def test_audit_page_shares_the_check_pages_templates(versions):
    from pocrules.reporters.pages import policy, stylesheet

    page = (versions / "audit.html").read_text(encoding="utf-8")
    assert f'content="{policy(stylesheet())}"' in page and f"<style>{stylesheet()}</style>" in page
    for external in ("<script", "<link", "<img", "src=", "url(", "http://", "https://"):
        assert external not in page


def test_audit_page_charts_trends_and_plain_headings(versions):
    page = (versions / "audit.html").read_text(encoding="utf-8")
    # Inline SVG charts: the score distribution and the most-failed requirements.
    assert page.count('<svg class="chart"') >= 2 and '<table class="bars">' in page
    assert 'aria-label="Score distribution"' in page
    scored = [m["score"] for m in json.loads((versions / "audit.json").read_text())["missions"] if m["score"]]
    bars = re.findall(r"<title>(\d+)–(\d+): (\d+)</title>", page)
    assert len(bars) == 10 and sum(int(n) for *_, n in bars) == len(scored)
    assert re.search(r"<td>Template para 4, Risks ranked by severity and probability</td><td class=\"n\">3</td>", page)
    # Trends: MINUSKA's versions in date order, each linked to its findings.
    trend = page[page.index('<h2 id="trends">'):page.index('<h2 id="weakest">')]
    dated = re.findall(r'<td class="nowrap">([0-9-]+)</td><td>([0-9.]+)</td><td>(draft|final)</td>', trend)
    assert [v for _, v, _ in dated] == ["2025.1", "2025.2", "2026.1", "2026.1"]
    assert dated[0] == ("2025-03-01", "2025.1", "draft") and dated[1] == ("2025-06-30", "2025.2", "final")
    assert '<polyline class="line"' in trend
    # Rule ids do not wrap; the drafting column has a name, not 'body'.
    assert '<td class="rule">POC-' in page
    assert '<th class="n" title="Drafting, consultation, timeframe and endorsement">Drafting</th>' in page
    assert ">body<" not in page


def test_audit_page_in_headless_chromium_fits_a4(versions, tmp_path):
    from . import browser

    browser.chromium()
    text = browser.visible_text(browser.dom(versions / "audit.html", tmp_path))
    assert "POC strategy audit" in text and "Trends across versions" in text and "POC-B-003" in text
    browser.screenshot(versions / "audit.html", tmp_path)
    assert browser.overflow_at_a4(versions / "audit.html", tmp_path) == []


def test_findings_files_keep_a_missions_own_letters_and_survive_text_that_is_not_unicode():
    """orjson writes them; what it refuses (a lone surrogate from a YAML escape, a huge integer) json still writes."""
    from pocrules.audit.outputs import indented

    finding = {"mission": "Mission en Côte d’Ivoire", "findings": [{"message": "Sécurité — 安全", "line": 3}], "errors": []}
    assert indented(finding) == json.dumps(finding, indent=2, ensure_ascii=False)
    for odd in ({"message": "broken \ud800 text"}, {"value": 2 ** 70}):
        text = indented(odd)
        assert text.isascii() and json.loads(text) == odd

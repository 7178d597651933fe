"""The results cache: exact round trips, misses on any change, and nothing untrustworthy is used."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from pocrules import cache
from pocrules import engine as engines
from pocrules.check import Checker
from pocrules.errors import Problem
from pocrules.findings import Finding, Waived
from pocrules.rules import ruleset as rulesets
from pocrules.sources import Place

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def checked() -> list:
    ruleset = rulesets.load(["framework-2011"], params={}, severities={})
    checker = Checker(ruleset, engines.create(ruleset, "python"), AS_OF)
    return [checker.check(p) for p in sorted((ROOT / "fixtures").glob("minuska-2026*.yaml"))]


def store(tmp_path: Path, context: str = "ctx") -> cache.ResultsCache:
    return cache.ResultsCache(tmp_path, context)


def test_findings_round_trip_exactly_and_take_the_new_path(tmp_path: Path, checked: list) -> None:
    results = store(tmp_path)
    assert any(r.findings for r in checked)
    for result in checked:
        key = results.key(Path(result.path).read_bytes())
        results.put(key, cache.Entry(result.mission, result.findings, ()))
        entry = results.get(key, "elsewhere/copy.yaml")
        assert entry is not None
        assert entry.mission == result.mission
        assert entry.findings == tuple(dataclasses.replace(f, path="elsewhere/copy.yaml") for f in result.findings)


def test_waivers_places_and_problems_round_trip(tmp_path: Path) -> None:
    finding = Finding("a.docx", 3, 1, "POC-B-001", "/risk_analysis/risks/0", "error", "B", "m", ("T4.analysis",),
                      "fix", "/risk_analysis/risks[R1]", Waived("accepted", "Chief, POC Unit", "2027-01-31"),
                      place=Place("Section B, risk table, row 2", 14, 2, 0))
    problem = Problem("unknown key 'likelyhood'", "/risk_analysis/risks/0/likelyhood", 57, 5)
    results = store(tmp_path)
    key = results.key(b"content")
    results.put(key, cache.Entry("MINUSKA", (finding,), (problem,)))
    assert results.get(key, "a.docx") == cache.Entry("MINUSKA", (finding,), (problem,))


def test_a_change_to_the_file_or_the_settings_is_a_miss(tmp_path: Path) -> None:
    results = store(tmp_path, cache.fingerprint("rules", "python", AS_OF))
    key = results.key(b"strategy v1")
    results.put(key, cache.Entry("M", (), ()))
    assert results.get(results.key(b"strategy v2"), "s.yaml") is None
    other = store(tmp_path, cache.fingerprint("rules", "python", AS_OF + dt.timedelta(days=1)))
    assert other.get(other.key(b"strategy v1"), "s.yaml") is None
    assert results.get(key, "s.yaml") == cache.Entry("M", (), ())


@pytest.mark.parametrize("content", [
    "", "{", "not json at all", "[]", "null",
    json.dumps({"format": cache.FORMAT, "key": "someone else's", "mission": "M", "findings": [], "problems": []}),
    json.dumps({"format": 0, "key": "KEY", "mission": "M", "findings": [], "problems": []}),
    json.dumps({"format": cache.FORMAT, "key": "KEY", "mission": 7, "findings": [], "problems": []}),
    json.dumps({"format": cache.FORMAT, "key": "KEY", "mission": "M", "findings": [{"rule": "x"}], "problems": []}),
    json.dumps({"format": cache.FORMAT, "key": "KEY", "mission": "M", "findings": [], "problems": [
        {"message": "m", "pointer": "", "line": "1", "column": 1}]}),
    json.dumps({"format": cache.FORMAT, "key": "KEY", "mission": "M", "findings": [], "problems": [
        {"message": "m", "pointer": "", "line": 1, "column": 1, "__class__": "os.system"}]}),
])
def test_a_corrupted_or_foreign_entry_is_ignored(tmp_path: Path, content: str) -> None:
    results = store(tmp_path)
    key = results.key(b"strategy")
    results.put(key, cache.Entry("M", (), ()))
    entry_file = next((tmp_path / "results").rglob("*.json"))
    entry_file.write_text(content.replace("KEY", key), encoding="utf-8")
    assert results.get(key, "s.yaml") is None
    results.put(key, cache.Entry("M", (), ()))  # and it is rebuilt
    assert results.get(key, "s.yaml") == cache.Entry("M", (), ())


def test_an_unwritable_cache_costs_speed_not_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    results = cache.ResultsCache(blocker, "ctx")
    results.put(results.key(b"x"), cache.Entry("M", (), ()))  # must not raise
    assert results.get(results.key(b"x"), "s.yaml") is None


def test_the_cache_folder_can_be_chosen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path / "c"))
    assert cache.directory() == tmp_path / "c"
    monkeypatch.delenv("POCRULES_CACHE_DIR")
    assert "pocrules" in str(cache.directory())

"""Compiled rulesets kept in the cache: exact round trips, a miss on any change, nothing untrustworthy used."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pocrules.rules import ruleset as rulesets
from pocrules.rules import stored
from pocrules.rules.ruleset import Ruleset, bundled_root

DOCS = {"description": "d", "rationale": "r", "bad": "a", "good": "b"}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def reviewer_file(folder: Path, title: str = "Reviewed on time") -> Path:
    """A reviewer's ruleset: overrides, and a rule of its own with a date parameter, a dated condition and a pattern."""
    path = folder / "mine.yaml"
    path.write_text(yaml.safe_dump({"extends": "framework-2011", "overrides": {
        "POC-C-001": "off", "POC-FW-006": {"severity": "warning", "params": {"window_days": 45}}},
        "rules": [{"id": "LOCAL-X-001", "title": title, "severity": "info", "cites": ["T1.purpose"],
                   "params": {"since": {"default": dt.date(2026, 1, 1), "type": "date"}},
                   "applies_when": {"period.start": {"after": dt.date(2020, 1, 31)}},
                   "expect": {"that": {"purpose_scope.purpose": {"matches": "(?i)protect"}}},
                   "message": "m", "fix": "f", "docs": DOCS}]}), encoding="utf-8")
    return path


def same(a: Ruleset, b: Ruleset) -> bool:
    """Equal rulesets (compiled patterns compare by what they match, not by identity)."""
    return ((a.name, a.rules, [(p.kind, p.field, p.regex.pattern, p.derived) for p in a.patterns])
            == (b.name, b.rules, [(p.kind, p.field, p.regex.pattern, p.derived) for p in b.patterns]))


def no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("compiled again although nothing changed")

    monkeypatch.setattr(stored, "compile_rules", refuse)


@pytest.mark.parametrize("settings", [
    {},
    {"params": {"POC-FW-006": {"window_days": "60"}}, "severities": {"POC-B-001": "info", "POC-C-002": "off"}},
])
def test_a_stored_ruleset_is_the_compiled_one_and_is_not_compiled_again(cache_dir, monkeypatch, settings):
    fresh = rulesets.load(["framework-2011"], **settings)
    assert same(stored.load(["framework-2011"], **settings), fresh)  # cold: compiled and stored
    no_compiling(monkeypatch)
    warm = stored.load(["framework-2011"], **settings)
    assert same(warm, fresh) and warm.patterns and warm.queries == fresh.queries


def test_a_reviewers_ruleset_round_trips_with_its_dates_and_patterns(cache_dir, tmp_path, monkeypatch):
    path = reviewer_file(tmp_path)
    fresh = rulesets.load(str(path))
    stored.load(str(path))
    no_compiling(monkeypatch)
    warm = stored.load(str(path))
    assert same(warm, fresh)
    mine = next(r for r in warm.rules if r.id == "LOCAL-X-001")
    assert mine.params == {"since": dt.date(2026, 1, 1)} and mine.rule.params["since"].default == dt.date(2026, 1, 1)
    assert next(r for r in warm.rules if r.id == "POC-FW-006").severity == "warning"
    assert "POC-C-001" not in {r.id for r in warm.rules}


def test_other_settings_or_an_edited_rule_file_are_compiled_afresh(cache_dir, tmp_path):
    path = reviewer_file(tmp_path)
    stored.load(str(path))
    other = stored.load(str(path), params={"LOCAL-X-001": {"since": "2026-06-30"}})
    assert next(r for r in other.rules if r.id == "LOCAL-X-001").params == {"since": dt.date(2026, 6, 30)}
    reviewer_file(tmp_path, title="Reviewed within the year")
    assert next(r for r in stored.load(str(path)).rules if r.id == "LOCAL-X-001").rule.title == "Reviewed within the year"


def test_a_rule_file_added_to_or_removed_from_a_folder_is_seen(cache_dir, tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(bundled_root() / "framework-2011", folder, ignore=shutil.ignore_patterns("tests"))
    before = stored.load(str(folder))
    extra = folder / "z-extra.yaml"
    extra.write_text(yaml.safe_dump({"section": "J", "rules": [{
        "id": "LOCAL-J-001", "title": "t", "severity": "info", "cites": ["T1.purpose"],
        "expect": {"that": {"purpose_scope.purpose": {"present": True}}}, "message": "m", "fix": "f",
        "docs": DOCS}]}), encoding="utf-8")
    added = stored.load(str(folder))
    assert same(added, rulesets.load(str(folder))) and "LOCAL-J-001" in {r.id for r in added.rules}
    extra.unlink()
    assert same(stored.load(str(folder)), before)


def entry(cache_dir: Path) -> Path:
    (found,) = list((cache_dir / "rulesets").rglob("*.json"))
    return found


@pytest.mark.parametrize("damage", [
    lambda r: "",
    lambda r: "{",
    lambda r: "[]",
    lambda r: json.dumps({**r, "key": "someone else's"}),
    lambda r: json.dumps({**r, "format": 0}),
    lambda r: json.dumps({k: v for k, v in r.items() if k != "inputs"}),
    lambda r: json.dumps({**r, "inputs": {**r["inputs"], next(iter(r["inputs"])): "0" * 64}}),
    lambda r: json.dumps({**r, "inputs": {**r["inputs"], "/dev/zero": "0" * 64}}),  # never read whole
    lambda r: json.dumps({**r, "ruleset": {**r["ruleset"], "name": 7}}),
    lambda r: json.dumps({**r, "ruleset": {**r["ruleset"], "patterns": [["risk", "x", "(", "x__m0"]]}}),
    lambda r: json.dumps({**r, "ruleset": {**r["ruleset"], "rules": [{**r["ruleset"]["rules"][0], "count": [1]}]}}),
    lambda r: json.dumps(r).replace('"severity": "error"', '"severity": "fatal"', 1),  # not a severity
    lambda r: json.dumps(r).replace('"section": "body"', '"section": "Z"', 1),
    lambda r: json.dumps(r).replace('"$": "Test"', '"$": "Popen"', 1),
    lambda r: json.dumps(r).replace('"$": "Test"', '"$": "Query"', 1),
    lambda r: json.dumps(r).replace('"$": "Test", ', '', 1),  # which of a condition's forms: not said
    lambda r: json.dumps(r).replace('"op": "gt"', '"op": "__import__"', 1),
    lambda r: json.dumps(r).replace('"value": 737455', '"value": {"$": "Const", "value": 1}', 1),
    lambda r: json.dumps(r).replace('"cites": ["T1.purpose"]', '"cites": "T1.purpose"', 1),
    lambda r: json.dumps(r).replace('"$": "Docs", ', '"$": "Docs", "__class__": "os.system", ', 1),
    lambda r: json.dumps(r).replace('"limits": null', '"limit": null', 1),
    lambda r: json.dumps(r).replace('"type": "date"', '"type": "timestamp"', 1),
    lambda r: json.dumps(r).replace('"$date": "', '"$date": "not a date', 1),
])
def test_a_corrupted_or_foreign_entry_is_ignored_and_rebuilt(cache_dir, tmp_path, damage):
    path = reviewer_file(tmp_path)
    fresh = rulesets.load(str(path))
    stored.load(str(path))
    record = json.loads(entry(cache_dir).read_text(encoding="utf-8"))
    entry(cache_dir).write_text(damage(record), encoding="utf-8")
    assert same(stored.load(str(path)), fresh)
    assert json.loads(entry(cache_dir).read_text(encoding="utf-8")) == record  # rebuilt as it was


def test_a_ruleset_read_back_needs_neither_the_rule_schema_nor_the_compiler(cache_dir, tmp_path):
    """What only validates and compiles rule files is not even imported when the cache has the rules."""
    path = reviewer_file(tmp_path)
    stored.load(str(path))
    code = ("import sys; from pocrules.rules import stored; rules = stored.load(sys.argv[1]).rules; "
            "print(len(rules), *(m in sys.modules for m in ('pocrules.rules.schema', 'pocrules.rules.compiler')))")
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert run.stdout.split() == [str(len(rulesets.load(str(path)).rules)), "False", "False"]


def test_an_unwritable_cache_costs_speed_not_the_run(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(blocker))
    assert same(stored.load(["framework-2011"]), rulesets.load(["framework-2011"]))

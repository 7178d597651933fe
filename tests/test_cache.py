"""The results cache: exact round trips, misses on any change, and nothing untrustworthy is used."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from pocrules import cache
from pocrules import engine as engines
from pocrules.check import Checker, Result
from pocrules.errors import InputError, Problem
from pocrules.findings import Finding, Waived
from pocrules.rules import declared, ir
from pocrules.rules import ruleset as rulesets
from pocrules.sources import Place

from .conftest import ENGINE_NAMES

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
        results.put(key, result)
        again = results.get(key, "elsewhere/copy.yaml")
        assert again == dataclasses.replace(
            result, path="elsewhere/copy.yaml",
            findings=tuple(dataclasses.replace(f, path="elsewhere/copy.yaml") for f in result.findings))
        assert again.cover is not None and again.cover == result.cover


def test_waivers_places_and_problems_round_trip(tmp_path: Path) -> None:
    finding = Finding("a.docx", 3, 1, "POC-B-001", "/risk_analysis/risks/0", "error", "B", "m", ("T4.analysis",),
                      "fix", "/risk_analysis/risks[R1]", Waived("accepted", "Chief, POC Unit", "2027-01-31"),
                      place=Place("Section B, risk table, row 2", 14, 2, 0))
    problem = Problem("unknown key 'likelyhood'", "/risk_analysis/risks/0/likelyhood", 57, 5)
    results = store(tmp_path)
    key = results.key(b"content")
    results.put(key, Result("a.docx", (finding,), mission="MINUSKA"))
    assert results.get(key, "a.docx") == Result("a.docx", (finding,), mission="MINUSKA")
    broken = results.key(b"broken")
    results.put(broken, Result("b.yaml", error=InputError("b.yaml", [problem], kind="strategy")))
    again = results.get(broken, "c.yaml")
    assert again is not None and again.findings == () and again.error is not None
    assert (again.error.path, again.error.problems, again.error.kind) == ("c.yaml", [problem], "strategy")


def test_a_change_to_the_file_or_the_settings_is_a_miss(tmp_path: Path) -> None:
    results = store(tmp_path, cache.fingerprint("rules", "python", AS_OF))
    key = results.key(b"strategy v1")
    results.put(key, Result("s.yaml", mission="M"))
    assert results.get(results.key(b"strategy v2"), "s.yaml") is None
    other = store(tmp_path, cache.fingerprint("rules", "python", AS_OF + dt.timedelta(days=1)))
    assert other.get(other.key(b"strategy v1"), "s.yaml") is None
    assert results.get(key, "s.yaml") == Result("s.yaml", mission="M")


@pytest.mark.parametrize("content", [
    "", "{", "not json at all", "[]", "null",
    json.dumps({"format": cache.FORMAT, "key": "someone else's", "error": None,
                "result": {"findings": [], "mission": "M", "cover": None}}),
    json.dumps({"format": 0, "key": "KEY", "error": None, "result": {"findings": [], "mission": "M", "cover": None}}),
    json.dumps({"format": cache.FORMAT, "key": "KEY", "error": None,
                "result": {"findings": [], "mission": 7, "cover": None}}),
    json.dumps({"format": cache.FORMAT, "key": "KEY", "error": None,
                "result": {"findings": [{"rule": "x"}], "mission": "M", "cover": None}}),
    json.dumps({"format": cache.FORMAT, "key": "KEY", "result": {"findings": [], "mission": None, "cover": None},
                "error": {"kind": 3, "problems": []}}),
    json.dumps({"format": cache.FORMAT, "key": "KEY", "result": {"findings": [], "mission": None, "cover": None},
                "error": {"kind": "strategy", "problems": [{"message": "m", "pointer": "", "line": "1", "column": 1}]}}),
    json.dumps({"format": cache.FORMAT, "key": "KEY", "result": {"findings": [], "mission": None, "cover": None},
                "error": {"kind": "strategy", "problems": [
                    {"message": "m", "pointer": "", "line": 1, "column": 1, "__class__": "os.system"}]}}),
])
def test_a_corrupted_or_foreign_entry_is_ignored(tmp_path: Path, content: str) -> None:
    results = store(tmp_path)
    key = results.key(b"strategy")
    results.put(key, Result("s.yaml", mission="M"))
    entry_file = next((tmp_path / "results").rglob("*.json"))
    entry_file.write_text(content.replace("KEY", key), encoding="utf-8")
    assert results.get(key, "s.yaml") is None
    results.put(key, Result("s.yaml", mission="M"))  # and it is rebuilt
    assert results.get(key, "s.yaml") == Result("s.yaml", mission="M")


CONDITION = ir.All((ir.Test("kind", "eq", ir.Const("protection")),
                    ir.Any_((ir.Test("start", "absent"), ir.Test("start", "gt", ir.Arith("sub", ir.Ref("d", "as_of"),
                                                                                             ir.Const(90)))))))


def test_a_union_of_classes_dates_and_literals_round_trip_by_their_stored_names() -> None:
    stored = json.loads(json.dumps(cache.plain(CONDITION)))
    assert cache.typed(ir.Cond, stored) == CONDITION and stored["$"] == "All" and stored["items"][1]["$"] == "Any_"
    param = declared.Param(dt.date(2026, 1, 1), "date", max=dt.date(2026, 12, 31))
    assert cache.typed(declared.Param, json.loads(json.dumps(cache.plain(param)))) == param


@pytest.mark.parametrize(("old", "new"), [
    ('"$": "All"', '"$": "CompiledRule"'),  # a class, but not one a condition can be
    ('"$": "Any_", ', ''),  # which one: not said
    ('"op": "absent"', '"op": "like"'),
    ('"op": "absent"', '"op": 1'),
    ('"value": 90', '"value": [90]'),
    ('"alias": "d"', '"alias": null'),
])
def test_a_value_of_another_type_or_class_is_refused(old: str, new: str) -> None:
    text = json.dumps(cache.plain(CONDITION))
    assert old in text
    with pytest.raises(TypeError):
        cache.typed(ir.Cond, json.loads(text.replace(old, new, 1)))


@pytest.mark.parametrize("stored", [{"$date": "2026-02-30"}, {"$date": 20260101}, "2026-01-01", {"$date": "x", "y": 1}])
def test_only_a_tagged_real_date_is_a_date(stored: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        cache.typed(dt.date, stored)


def test_an_unwritable_cache_costs_speed_not_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    results = cache.ResultsCache(blocker, "ctx")
    results.put(results.key(b"x"), Result("s.yaml", mission="M"))  # must not raise
    assert results.get(results.key(b"x"), "s.yaml") is None


def test_the_cache_folder_can_be_chosen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path / "c"))
    assert cache.directory() == tmp_path / "c"
    monkeypatch.delenv("POCRULES_CACHE_DIR")
    assert "pocrules" in str(cache.directory())


@pytest.mark.skipif(sys.platform != "linux", reason="elsewhere platformdirs itself finds the folder")
@pytest.mark.parametrize(("xdg", "home"), [(None, "/home/officer"), ("/var/tmp/xdg/", "/home/officer"),
                                           ("relative/xdg", "/home/officer/"), ("", "/"), (None, None)])
def test_the_users_cache_folder_is_the_one_platformdirs_names(monkeypatch: pytest.MonkeyPatch, xdg, home) -> None:
    import platformdirs

    monkeypatch.delenv("POCRULES_CACHE_DIR", raising=False)
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert cache.directory() == Path(platformdirs.user_cache_dir("pocrules", appauthor=False))


def test_an_edited_package_file_changes_every_key_and_compiled_bytecode_does_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editable install's entries must not outlive an edit to any module, template or data file."""
    package = tmp_path / "pocrules"
    for name in ("cache.py", "templates/check.html.j2", "data/requirements.yaml"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("v1")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    before = cache._code_stamp.__wrapped__()
    assert before.split(";")[0].startswith("cache.py:2:") and "templates/check.html.j2:2:" in before

    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cache.cpython-311.pyc").write_bytes(b"compiled")
    assert cache._code_stamp.__wrapped__() == before

    (package / "templates/check.html.j2").write_text("v22")
    assert cache._code_stamp.__wrapped__() != before


def test_a_warm_audit_reuses_results_and_a_change_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pocrules import check as check_module

    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("minuska-2026.yaml", "minuska-2026-stale.yaml"):
        (folder / name).write_bytes((ROOT / "fixtures" / name).read_bytes())
    from typer.testing import CliRunner

    from pocrules.cli import app

    def audit(*extra: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, ["audit", str(folder), "--as-of", "2026-12-01", "--out",
                                          str(tmp_path / "out"), "-j", "1", *extra])
        return result.exit_code, (tmp_path / "out" / "audit.json").read_text(encoding="utf-8")

    checked: list[str] = []
    real = check_module.Checker.check_document
    monkeypatch.setattr(check_module.Checker, "check_document",
                        lambda self, doc: checked.append(Path(doc.path).name) or real(self, doc))
    cold = audit()
    assert sorted(checked) == ["minuska-2026-stale.yaml", "minuska-2026.yaml"]
    checked.clear()
    assert audit() == cold and checked == []  # warm: the same report, nothing checked again
    (folder / "minuska-2026.yaml").write_bytes((ROOT / "fixtures/minuska-2026.yaml").read_bytes() + b"\n# edited\n")
    audit()
    assert checked == ["minuska-2026.yaml"]
    checked.clear()
    audit("--no-cache")
    assert sorted(checked) == ["minuska-2026-stale.yaml", "minuska-2026.yaml"]


@pytest.mark.parametrize("engine", ENGINE_NAMES)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_warm_audit_builds_no_engine_in_any_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      engine: str, jobs: str) -> None:
    """Building the durable engine registers every rule with durable: a run whose results are all kept needs none."""
    from typer.testing import CliRunner

    from pocrules.cli import app
    from pocrules.engine import reference

    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("minuska-2026.yaml", "minuska-2026-stale.yaml"):
        (folder / name).write_bytes((ROOT / "fixtures" / name).read_bytes())

    runs = itertools.count()

    def audit() -> tuple[int, dict[str, bytes]]:
        out = tmp_path / f"out-{next(runs)}"  # a run that fails early leaves no reports
        result = CliRunner().invoke(app, ["audit", str(folder), "--as-of", "2026-12-01", "--out", str(out),
                                          "--engine", engine, "-j", jobs])
        return result.exit_code, {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    cold = audit()

    def refuse(self: object, ruleset: object) -> None:
        raise AssertionError("an engine was built for a warm audit")

    monkeypatch.setattr(reference.ReferenceEngine, "__init__", refuse)
    if engines.durable_available():
        from pocrules.engine import durable

        monkeypatch.setattr(durable.DurableEngine, "__init__", refuse)
    assert audit() == cold  # every report byte for byte, though no process could have built an engine
    (folder / "minuska-2026.yaml").write_bytes(b"# edited\n" + (folder / "minuska-2026.yaml").read_bytes())
    status, reports = audit()
    assert status == 2 and b"an engine was built for a warm audit" in reports["audit.json"]  # a miss builds one


def test_a_timed_out_result_is_not_kept(tmp_path: Path) -> None:
    """A check cut short by its time budget may finish next time: it is checked again, never answered from the cache."""
    from pocrules.findings import ENGINE_RULE

    stalled = Finding("s.yaml", 1, 1, ENGINE_RULE, "", "error", "body", "could not be fully checked", (), "fix")
    results = store(tmp_path)
    key = results.key(b"slow strategy")
    results.put(key, Result("s.yaml", (stalled,), mission="M"))
    assert results.get(key, "s.yaml") is None
    assert not cache.lasts([stalled]) and cache.lasts([])


# --- the audit's rendered report parts (pocrules.audit.kept) ------------------------------------------

def _audit(tmp_path: Path, folder: Path, out: str, *extra: str) -> tuple[int, dict[str, bytes]]:
    from typer.testing import CliRunner

    from pocrules.cli import app

    target = tmp_path / out
    result = CliRunner().invoke(app, ["audit", str(folder), "--as-of", "2026-12-01", "--out", str(target), *extra])
    return result.exit_code, {p.relative_to(target).as_posix(): p.read_bytes()
                              for p in sorted(target.rglob("*")) if p.is_file()}


@pytest.fixture()
def missions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("minuska-2026.yaml", "minuska-2026-stale.yaml", "minuska-2026-matrix-gaps.yaml"):
        (folder / name).write_bytes((ROOT / "fixtures" / name).read_bytes())
    (folder / "broken.yaml").write_text("mission: [unclosed\n", encoding="utf-8")
    return folder


def _refuse(what: str):  # noqa: ANN202
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{what} for an unchanged file")

    return refuse


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_warm_audit_copies_kept_parts_and_writes_the_same_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missions: Path, jobs: str) -> None:
    """Unchanged files are neither checked nor rendered again (forked workers inherit the patches), byte for byte."""
    from pocrules import check as check_module
    from pocrules.audit import outputs

    cold = _audit(tmp_path, missions, "cold", "-j", jobs)
    assert cold[0] == 2 and len([n for n in cold[1] if n.startswith("missions/")]) == 4
    assert cold == _audit(tmp_path, missions, "uncached", "-j", jobs, "--no-cache")
    monkeypatch.setattr(check_module.Checker, "check", _refuse("a check"))
    monkeypatch.setattr(outputs.Renderer, "render", _refuse("a render"))
    assert _audit(tmp_path, missions, "warm", "-j", jobs) == cold


def test_parts_are_kept_per_place_in_the_audit(tmp_path: Path, missions: Path) -> None:
    """A new file ahead of the others moves every file's anchor: their parts are rendered again, from kept results."""
    from pocrules import check as check_module

    _audit(tmp_path, missions, "first", "-j", "1")
    (missions / "a-first.yaml").write_bytes((ROOT / "fixtures" / "minuska-2026.yaml").read_bytes() + b"# new\n")
    checked: list[str] = []
    real = check_module.Checker.check_document
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(check_module.Checker, "check_document",
                      lambda self, doc: checked.append(Path(doc.path).name) or real(self, doc))
        warm = _audit(tmp_path, missions, "warm", "-j", "1")
    assert checked == ["a-first.yaml"]
    assert warm == _audit(tmp_path, missions, "uncached", "-j", "1", "--no-cache")
    assert b'id="m-5"' in warm[1]["audit.html"]


def test_a_warm_audit_elsewhere_shows_paths_from_there(tmp_path: Path, missions: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports show a path relative to the working folder: a part rendered from another one is not reused."""
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    monkeypatch.chdir(tmp_path / "one")
    _audit(tmp_path, missions, "from-one", "-j", "1")
    monkeypatch.chdir(tmp_path)
    warm = _audit(tmp_path, missions, "from-root", "-j", "1")
    assert warm == _audit(tmp_path, missions, "uncached", "-j", "1", "--no-cache")
    assert b'in/minuska-2026.yaml' in warm[1]["audit.html"]


def _part_entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "reports").rglob("*.json"))


@pytest.mark.parametrize("corrupt", [
    lambda record: "",
    lambda record: "{",
    lambda record: json.dumps({**record, "key": "someone else's"}),
    lambda record: json.dumps({**record, "format": 0}),
    lambda record: json.dumps({**record, "details": 7}),
    lambda record: json.dumps({k: v for k, v in record.items() if k != "details"}),
    lambda record: json.dumps({**record, "part": {**record["part"], "md": None}}),
    lambda record: json.dumps({**record, "part": {**record["part"], "html": ["only one"]}}),
    lambda record: json.dumps({**record, "part": {**record["part"], "extra": "field"}}),
    lambda record: json.dumps({**record, "part": {**record["part"], "row": {**record["part"]["row"], "score": "99"}}}),
    lambda record: json.dumps({**record, "part": {**record["part"], "row": {
        **record["part"]["row"], "rule_findings": {"POC-A-001": True}}}}),
    lambda record: json.dumps({**record, "part": {**record["part"], "row": {
        **record["part"]["row"], "sections": {"A": {"passed": 1}}}}}),
    lambda record: json.dumps({**record, "part": {**record["part"], "cover": {"__class__": "os.system"}}}),
])
def test_a_corrupted_or_foreign_part_is_rendered_again_and_replaced(tmp_path: Path, missions: Path, corrupt) -> None:
    cold = _audit(tmp_path, missions, "cold", "-j", "1")
    entries = _part_entries(tmp_path)
    assert len(entries) == 4
    good = {e: e.read_bytes() for e in entries}
    for entry in entries:
        entry.write_text(corrupt(json.loads(good[entry])), encoding="utf-8")
    assert _audit(tmp_path, missions, "again", "-j", "1") == cold
    assert {e: e.read_bytes() for e in _part_entries(tmp_path)} == good  # rebuilt as they were


def test_a_file_name_that_is_not_utf8_is_kept_too(tmp_path: Path, missions: Path) -> None:
    """Such a name reaches findings and reports as escaped text; the cache stores it as ASCII JSON."""
    name = b"caf\xe9.yaml"
    try:
        (missions / name.decode("utf-8", "surrogateescape")).write_bytes(
            (ROOT / "fixtures" / "minuska-2026-stale.yaml").read_bytes())
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    cold = _audit(tmp_path, missions, "cold", "-j", "1")
    assert b"the checker failed" not in cold[1]["audit.json"]
    assert len(_part_entries(tmp_path)) == 5
    assert _audit(tmp_path, missions, "warm", "-j", "1") == cold


def test_a_checker_failure_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missions: Path) -> None:
    """A file the checker failed on is an error row this time, and checked again next time (it may not fail again)."""
    from pocrules import check as check_module

    real = check_module.Checker.check

    def flaky(self: object, path: object) -> object:
        if Path(str(path)).name == "minuska-2026.yaml":
            raise MemoryError("out of memory")
        return real(self, path)

    monkeypatch.setattr(check_module.Checker, "check", flaky)
    status, reports = _audit(tmp_path, missions, "failing", "-j", "1")
    assert b"the checker failed on this file (MemoryError: out of memory)" in reports["audit.json"]
    assert len(_part_entries(tmp_path)) == 3
    monkeypatch.setattr(check_module.Checker, "check", real)
    assert _audit(tmp_path, missions, "again", "-j", "1") == _audit(tmp_path, missions, "uncached", "-j", "1",
                                                                    "--no-cache")


def test_a_file_changed_while_it_is_checked_is_not_kept_under_its_old_content(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missions: Path) -> None:
    """The part is kept under a key made before the check; if the bytes changed since, it is not kept at all."""
    from pocrules import check as check_module

    target = missions / "minuska-2026.yaml"
    original = target.read_bytes()
    real = check_module.Checker.check

    def edited_meanwhile(self: object, path: object) -> object:
        if Path(str(path)) == target:
            target.write_bytes(original.replace(b"MINUSKA", b"MINUSKB"))
        return real(self, path)

    monkeypatch.setattr(check_module.Checker, "check", edited_meanwhile)
    _audit(tmp_path, missions, "edited", "-j", "1")
    assert len(_part_entries(tmp_path)) == 3  # the other three files only
    monkeypatch.setattr(check_module.Checker, "check", real)
    target.write_bytes(original)
    warm = _audit(tmp_path, missions, "restored", "-j", "1")
    assert warm == _audit(tmp_path, missions, "uncached", "-j", "1", "--no-cache")
    assert b"MINUSKB" not in warm[1]["audit.json"]


def test_after_a_changed_file_the_workers_reuse_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         missions: Path) -> None:
    """Unchanged files are served by the parent up to the first changed one; the workers reuse the rest themselves."""
    from pocrules.audit import outputs

    cold = _audit(tmp_path, missions, "cold", "-j", "2")
    (missions / "broken.yaml").write_text("mission: {unclosed\n", encoding="utf-8")  # first in the audit
    real = outputs.Renderer.render

    def only_the_changed(self: object, outcome: object, tag: tuple[int, str]) -> object:
        assert Path(outcome.path).name == "broken.yaml", f"{outcome.path} was rendered again"
        return real(self, outcome, tag)

    monkeypatch.setattr(outputs.Renderer, "render", only_the_changed)  # forked workers inherit it
    warm = _audit(tmp_path, missions, "warm", "-j", "2")
    monkeypatch.setattr(outputs.Renderer, "render", real)
    assert warm == _audit(tmp_path, missions, "uncached", "-j", "2", "--no-cache")
    broken = next(name for name in warm[1] if name.startswith("missions/") and "broken" in name)
    assert warm[1][broken] != cold[1][broken] and b"mapping" in warm[1][broken]


def test_an_audit_of_unchanged_files_starts_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      missions: Path) -> None:
    """Copying kept parts costs less than starting workers and sending them each part: the parent does it."""
    from pocrules.audit import runner

    cold = _audit(tmp_path, missions, "cold", "-j", "2")
    monkeypatch.setattr(runner, "ProcessPoolExecutor", _refuse("a worker pool"))
    assert _audit(tmp_path, missions, "warm", "-j", "2") == cold


def _kept_findings(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "reports").rglob("*.findings"))


def test_a_warm_audit_links_the_kept_findings_files(tmp_path: Path, missions: Path) -> None:
    """No file to create per mission: --out holds links to the kept files, with a new file's permissions."""
    from pocrules.writing import umask

    cold = _audit(tmp_path, missions, "cold", "-j", "1")
    kept = _kept_findings(tmp_path)
    assert len(kept) == 4
    assert _audit(tmp_path, missions, "warm", "-j", "1") == cold
    linked = sorted((tmp_path / "warm" / "missions").iterdir())
    assert sorted(p.stat().st_ino for p in linked) == sorted(p.stat().st_ino for p in kept)
    assert {p.stat().st_mode & 0o777 for p in linked} == {0o666 & ~umask()}


@pytest.mark.parametrize("spoil", [
    lambda file: file.write_bytes(file.read_bytes().replace(b'"status"', b'"STATUS"')),  # edited in place
    lambda file: file.write_bytes(b""),
    lambda file: file.unlink(),
    lambda file: file.chmod(0o600),  # a link would show other permissions than a new file
])
def test_a_spoiled_kept_findings_file_is_not_used_but_written_again(tmp_path: Path, missions: Path, spoil) -> None:
    from pocrules.writing import umask

    cold = _audit(tmp_path, missions, "cold", "-j", "1")
    good = {f: f.read_bytes() for f in _kept_findings(tmp_path)}
    for file in good:
        spoil(file)
    assert _audit(tmp_path, missions, "again", "-j", "1") == cold
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "again" / "missions").iterdir()} == {0o666 & ~umask()}
    assert {f: f.read_bytes() for f in _kept_findings(tmp_path)} == good  # replaced as they were
    assert _audit(tmp_path, missions, "warm", "-j", "1") == cold


def test_a_kept_findings_file_that_cannot_be_replaced_costs_speed_only(tmp_path: Path, missions: Path) -> None:
    cold = _audit(tmp_path, missions, "cold", "-j", "1")
    for file in _kept_findings(tmp_path):
        file.unlink()
        file.mkdir()  # os.replace cannot put a file there
    assert _audit(tmp_path, missions, "again", "-j", "1") == cold
    assert _audit(tmp_path, missions, "warm", "-j", "1") == cold
    assert all(p.stat().st_nlink == 1 for p in (tmp_path / "warm" / "missions").iterdir())


def test_an_output_edited_through_its_link_is_not_served_again(tmp_path: Path, missions: Path) -> None:
    """Editing an earlier audit's findings file in place edits the kept file too: the next audit sees it and rewrites."""
    cold = _audit(tmp_path, missions, "cold", "-j", "1")
    _audit(tmp_path, missions, "warm", "-j", "1")
    for file in (tmp_path / "warm" / "missions").iterdir():
        with file.open("r+b") as handle:
            handle.write(b"[")
    assert _audit(tmp_path, missions, "again", "-j", "1") == cold


def test_without_links_the_kept_findings_files_are_copied(tmp_path: Path, missions: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache on another file system (or one without links): the checked text is written instead."""
    import errno
    import os

    cold = _audit(tmp_path, missions, "cold", "-j", "1")

    def cross_device(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    warm = _audit(tmp_path, missions, "warm", "-j", "1")
    assert warm == cold
    assert all(p.stat().st_nlink == 1 for p in (tmp_path / "warm" / "missions").iterdir())
    for file in _kept_findings(tmp_path):
        file.write_bytes(b"{}\n")
    assert _audit(tmp_path, missions, "again", "-j", "1") == cold


# --- the report templates' compiled code (pocrules.reporters.compiled) ---------------------------------

def _row_html(monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[str]]:
    """audit-row.html.j2's row rendered by a fresh environment, and the templates it had to compile."""
    from jinja2 import Environment

    from pocrules.audit.scores import MissionRow, SectionScore
    from pocrules.reporters import pages

    compiled: list[str] = []
    real = Environment.compile
    monkeypatch.setattr(Environment, "compile", lambda self, source, name=None, *a, **k: compiled.append(name)
                        or real(self, source, name, *a, **k))
    row = MissionRow("s.yaml", "UNMISS", 82.5, {"A": SectionScore(3, 1, 0, 63.8)}, {"POC-A-001": 1}, {"error": 1})
    html = str(pages.environment.__wrapped__().get_template("audit-row.html.j2").module.row(row, "m-1", [63.8, None]))
    monkeypatch.setattr(Environment, "compile", real)
    return html, compiled


def test_templates_are_compiled_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    html, compiled = _row_html(monkeypatch)
    assert compiled == ["audit-row.html.j2"] and 'class="n fair">82.5<' in html
    assert len(list((tmp_path / "templates").rglob("*.code"))) == 1
    assert _row_html(monkeypatch) == (html, [])


@pytest.mark.parametrize("spoil", [
    lambda data: b"",
    lambda data: data[:-10],
    lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:],
    lambda data: bytes(32) + data[32:],
    lambda data: data[:32] + b"\x00" * (len(data) - 32),
])
def test_a_spoiled_compiled_template_is_compiled_again_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     spoil) -> None:
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    html, _ = _row_html(monkeypatch)
    (entry,) = (tmp_path / "templates").rglob("*.code")
    good = entry.read_bytes()
    entry.write_bytes(spoil(good))
    assert _row_html(monkeypatch) == (html, ["audit-row.html.j2"])
    assert entry.read_bytes() == good


def test_a_compiled_template_is_kept_for_its_source_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another template's (or another version's) entry in its place is not used: its key is not this one's."""
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    from pocrules.reporters import pages

    html, _ = _row_html(monkeypatch)
    (row_entry,) = (tmp_path / "templates").rglob("*.code")
    pages.environment.__wrapped__().get_template("audit-mission.html.j2")
    other = next(e for e in (tmp_path / "templates").rglob("*.code") if e != row_entry)
    row_entry.write_bytes(other.read_bytes())
    assert _row_html(monkeypatch) == (html, ["audit-row.html.j2"])


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX ownership and permissions")
@pytest.mark.parametrize("foreign", ["writable by others", "someone else's"])
def test_compiled_code_runs_only_from_the_users_own_unwritable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     foreign: str) -> None:
    """A shared or planted cache folder must not get its code run: such an entry is compiled afresh and replaced."""
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    html, _ = _row_html(monkeypatch)
    (entry,) = (tmp_path / "templates").rglob("*.code")
    assert stat.S_IMODE(entry.stat().st_mode) & 0o022 == 0
    if foreign == "writable by others":
        entry.chmod(0o666)
    else:
        me = os.geteuid()
        monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    assert _row_html(monkeypatch) == (html, ["audit-row.html.j2"])
    monkeypatch.undo()
    monkeypatch.setenv("POCRULES_CACHE_DIR", str(tmp_path))
    assert _row_html(monkeypatch) == (html, [])  # the replaced entry is the user's own again


# --- pruning -----------------------------------------------------------------------------------------

DAY = 86_400


def _age(path: Path, days: float) -> None:
    then = path.stat().st_mtime - days * DAY
    os.utime(path, (then, then))


def test_entries_unused_for_a_month_are_pruned_and_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    old = cache.entry_file(root / "results", "ab" + "1" * 62)
    fresh = cache.entry_file(root / "results", "ab" + "2" * 62)
    details = cache.entry_file(root / "reports", "cd" + "3" * 62).with_suffix(".findings")
    leftover = root / "rulesets" / "ef" / "tmpk3j_x9qa.tmp"  # a write cut short
    for path in (old, fresh, details, leftover):
        assert cache.write_bytes(path, b"{}")
    foreign = root / "results" / "ab" / "notes.txt"  # POCRULES_CACHE_DIR may be a folder with other files
    foreign.write_text("mine")
    outside = tmp_path / "precious.json"
    outside.write_text("{}")
    link = root / "results" / "ab" / ("9" * 62 + ".json")
    link.symlink_to(outside)
    for path in (old, details, leftover, foreign, outside):
        _age(path, 31)
    assert cache.prune(root) == 3
    assert not old.exists() and not details.exists() and not leftover.exists()
    assert fresh.exists() and foreign.exists() and link.is_symlink() and outside.exists()


def test_pruning_runs_at_most_once_a_day(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    entry = cache.entry_file(root / "results", "ab" + "1" * 62)
    cache.write_bytes(entry, b"{}")
    assert cache.prune(root) == 0  # nothing old yet; the day's pruning is done
    _age(entry, 31)
    assert cache.prune(root) == 0 and entry.exists()
    _age(root / ".pruned", 1.01)
    assert cache.prune(root) == 1 and not entry.exists()


def test_an_entry_read_is_kept_however_old_it_was_written(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    entry = cache.entry_file(root / "rulesets", "ab" + "1" * 62)
    cache.write_entry(entry, "ab" + "1" * 62, {"x": 1})
    _age(entry, 40)
    assert cache.read_entry(entry, "ab" + "1" * 62)["x"] == 1
    assert cache.prune(root) == 0 and entry.exists()


def test_an_audit_prunes_the_cache_it_uses_and_not_with_no_cache(tmp_path: Path, missions: Path) -> None:
    root = tmp_path / "cache"
    stale = cache.entry_file(root / "results", "ab" + "1" * 62)
    cache.write_bytes(stale, b"{}")
    _age(stale, 31)
    _audit(tmp_path, missions, "uncached", "--no-cache")
    assert stale.exists()  # --no-cache leaves the cache alone
    _audit(tmp_path, missions, "cold")
    assert not stale.exists() and (root / ".pruned").exists()

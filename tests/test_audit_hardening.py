"""Audits lose nothing and survive any one fault; their outputs never inject.

Signals, locks and orphaned workers are tested with real subprocesses, since
that is where they happen.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pocrules.audit.outputs import OUTPUTS
from pocrules.writing import atomic_write
from pocrules.cli import app
from pocrules.reporters.markdown import cell as md_cell

from .conftest import COMPLIANT, ROOT

runner = CliRunner()
AS_OF = "2026-12-01"


def audit(*args: str):
    return runner.invoke(app, ["audit", *args, "--as-of", AS_OF, "--jobs", "1"])


def strategy(acronym: str = "MINUSKA") -> str:
    return COMPLIANT.read_text().replace("acronym: MINUSKA", f"acronym: {json.dumps(acronym)}")


def rows(out: Path) -> list[dict]:
    return json.loads((out / "audit.json").read_text())["missions"]


def leftovers(*folders: Path) -> list[str]:
    """Temporary files or folders an audit must never leave behind."""
    return sorted(str(p) for folder in folders for p in folder.rglob("*")
                  if p.name.endswith((".part", ".tmp", ".lock")) or ".staging-" in p.name or ".old-" in p.name)


# --- every file gets its own row and its own detail file -------------------------------------------------


def test_detail_files_are_unique_and_each_link_shows_its_own_mission(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "strategy.yaml").write_text(strategy("AAA"))
    (src / "strategy.json").write_text(json.dumps(yaml.safe_load(strategy("BBB")), default=str))
    (src / "a b.yaml").write_text(strategy("CCC"))
    (src / "a__b.yaml").write_text(strategy("DDD"))
    (src / "Case.yaml").write_text(strategy("EEE"))
    (src / "case.yaml").write_text(strategy("FFF"))
    out = tmp_path / "out"
    result = audit(str(src), "--out", str(out))
    assert result.exit_code in (0, 1), result.output
    missions = rows(out)
    assert len(missions) == 6
    names = [m["details"] for m in missions]
    assert len({n.casefold() for n in names}) == 6  # unique even on a case-insensitive disk
    assert len(list((out / "missions").iterdir())) == 6
    for m in missions:
        detail = json.loads((out / m["details"]).read_text())
        assert (detail["path"], detail["mission"]) == (m["path"], m["mission"])


def test_deep_folders_give_detail_names_within_the_file_system_limit(tmp_path):
    deep = tmp_path.joinpath(*["a-rather-long-folder-name-for-one-mission-office-" + "x" * 60] * 3)
    deep.mkdir(parents=True)
    (deep / "strategy.yaml").write_text(strategy())
    out = tmp_path / "out"
    result = audit(str(tmp_path / ("a-rather-long-folder-name-for-one-mission-office-" + "x" * 60)), "--out", str(out))
    assert result.exit_code == 0, result.output
    [row] = rows(out)
    assert row["status"] == "checked"
    name = Path(row["details"]).name
    assert len(name.encode()) <= 255 and name.endswith("strategy.yaml.json")
    assert json.loads((out / row["details"]).read_text())["path"] == row["path"]


def test_every_path_discovery_sees_gets_a_row_with_its_reason(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.yaml").write_text(strategy())
    os.mkfifo(src / "fifo.yaml")
    (src / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (src / "loop.yaml").symlink_to(src / "loop.yaml")
    (src / "device.yaml").symlink_to("/dev/null")
    (src / "folder.yml").symlink_to(tmp_path)
    (src / "notes.txt").write_text("not a strategy")
    out = tmp_path / "out"
    result = audit(str(src), "--out", str(out))
    assert result.exit_code == 2
    reasons = {Path(m["path"]).name: " ".join(m["errors"]) for m in rows(out)}
    assert set(reasons) == {"good.yaml", "fifo.yaml", "broken.yaml", "loop.yaml", "device.yaml", "folder.yml"}
    assert reasons.pop("good.yaml") == ""
    assert "named pipe" in reasons["fifo.yaml"]
    assert "does not exist" in reasons["broken.yaml"] and "nowhere.yaml" in reasons["broken.yaml"]
    assert "loops" in reasons["loop.yaml"]
    assert "device" in reasons["device.yaml"]
    assert "folder" in reasons["folder.yml"]
    md = (out / "audit.md").read_text()
    assert "could not be checked: " + md_cell(f"{src / 'fifo.yaml'}: {reasons['fifo.yaml'].split(': ', 1)[1]}") in md
    # the terminal summary names each one with its reason
    assert "5 files could not be checked:" in result.output
    for name, reason in reasons.items():
        assert f"{src / name}: {reason.split(': ', 1)[1]}" in result.output


def test_a_named_pipe_given_by_name_is_a_row_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    result = audit(str(tmp_path / "pipe.yaml"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "named pipe" in rows(tmp_path / "out")[0]["errors"][0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_that_cannot_be_read_is_a_row(tmp_path):
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "good.yaml").write_text(strategy())
    (tmp_path / "in" / "locked").chmod(0)
    try:
        result = audit(str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    finally:
        (tmp_path / "in" / "locked").chmod(0o755)
    assert result.exit_code == 2
    assert any("cannot be read" in " ".join(m["errors"]) for m in rows(tmp_path / "out"))


def test_an_audit_never_audits_its_own_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(strategy())
    assert audit(".", "--out", "audit").exit_code == 0
    again = audit(".", "--out", "audit")
    assert again.exit_code == 0, again.output
    assert [m["path"] for m in rows(tmp_path / "audit")] == ["a.yaml"]


def test_an_undecodable_file_name_is_audited(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / os.fsdecode(b"mission-\xff.yaml")).write_text(strategy())
    result = audit(str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    [row] = rows(tmp_path / "out")
    assert row["status"] == "checked"
    assert "mission-" in (tmp_path / "out" / "audit.md").read_text()


# --- one fault costs one row, or stops the audit before it starts --------------------------------------


def test_an_exception_on_one_file_becomes_its_error_row(tmp_path, monkeypatch):
    from pocrules.check import Checker

    real = Checker.check

    def failing(self, path):
        if str(path).endswith("b.yaml"):
            raise TypeError("'<' not supported between instances of 'str' and 'int'")
        return real(self, path)

    monkeypatch.setattr(Checker, "check", failing)
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (tmp_path / name).write_text(strategy())
    out = tmp_path / "out"
    result = audit(*(str(tmp_path / n) for n in ("a.yaml", "b.yaml", "c.yaml")), "--out", str(out))
    assert result.exit_code == 2, result.output
    status = {Path(m["path"]).name: m["status"] for m in rows(out)}
    assert status == {"a.yaml": "checked", "b.yaml": "error", "c.yaml": "checked"}
    [broken] = [m for m in rows(out) if m["status"] == "error"]
    assert "TypeError" in broken["errors"][0] and "b.yaml" in result.output
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("case", ["file", "under-file", "unwritable", "foreign"])
def test_a_bad_out_folder_is_refused_before_any_work(tmp_path, case):
    (tmp_path / "a.yaml").write_text(strategy())
    if case == "file":
        out = tmp_path / "report.txt"
        out.write_text("keep me")
        expected = "is a file"
    elif case == "under-file":
        (tmp_path / "report.txt").write_text("keep me")
        out = tmp_path / "report.txt" / "audit"
        expected = "which is a file"
    elif case == "unwritable":
        if not Path("/proc/self").exists():
            pytest.skip("needs /proc, a folder no one can write to")
        out = Path("/proc/pocrules-audit")
        expected = "cannot"
    else:
        out = tmp_path / "shared"
        out.mkdir()
        (out / "minutes.docx").write_text("a reviewer's own file")
        expected = "minutes.docx"
    result = audit(str(tmp_path / "a.yaml"), "--out", str(out))
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output
    assert not (tmp_path / "report.txt").is_dir() and not list(tmp_path.glob("**/audit.json"))
    if case in ("file", "under-file"):
        assert (tmp_path / "report.txt").read_text() == "keep me"
    if case == "foreign":
        assert sorted(p.name for p in out.iterdir()) == ["minutes.docx"]
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_waivers_file_stops_the_audit_before_it_starts(tmp_path, jobs):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(strategy())
    (tmp_path / "waivers.yaml").write_text("waivers: [\n")
    result = runner.invoke(app, ["audit", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--out",
                                 str(tmp_path / "out"), "--waivers", str(tmp_path / "waivers.yaml"), "--jobs", jobs])
    assert result.exit_code == 2, result.output
    assert "waivers" in result.output and "malformed YAML" in result.output
    assert not (tmp_path / "out").exists() and leftovers(tmp_path) == []


def test_a_second_run_replaces_the_first_whole(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / "in" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(strategy())
    out = tmp_path / "out"
    assert audit(str(tmp_path / "in"), "--out", str(out)).exit_code == 0
    assert len(list((out / "missions").iterdir())) == 2
    assert audit(str(tmp_path / "in" / "a.yaml"), "--out", str(out)).exit_code == 0
    assert [p.name for p in (out / "missions").iterdir()] == [Path(rows(out)[0]["details"]).name]
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    assert leftovers(tmp_path) == []


def test_a_report_file_that_cannot_be_replaced_leaves_no_temporary_file(tmp_path):
    from pocrules.errors import UsageError

    (tmp_path / "report.json").mkdir()
    with pytest.raises(UsageError, match="report.json"):
        atomic_write(tmp_path / "report.json", "{}")
    assert list(tmp_path.iterdir()) == [tmp_path / "report.json"]


@pytest.mark.parametrize("args", [["check", str(COMPLIANT), "-f", "json:{tmp}/report.json"],
                                  ["check", str(COMPLIANT), "-f", "html:{tmp}/notes.txt/report.html"],
                                  ["init", "{tmp}/notes.txt/strategy.yaml"]])
def test_an_output_path_that_cannot_be_written_is_one_message_and_exit_2(tmp_path, args):
    (tmp_path / "report.json").mkdir()
    (tmp_path / "notes.txt").write_text("keep me")
    done = subprocess.run([sys.executable, "-m", "pocrules.cli", *(a.format(tmp=tmp_path) for a in args),
                           *(["--as-of", AS_OF] if args[0] == "check" else [])],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("pocrules: cannot write") and "Traceback" not in done.stderr
    assert (tmp_path / "notes.txt").read_text() == "keep me" and leftovers(tmp_path) == []


# --- outputs never inject --------------------------------------------------------------------------------

NASTY = "<script>alert(1)</script> `x` | y"
FORMULA = '=HYPERLINK("http://evil.example","open")'


def test_audit_markdown_escapes_mission_names_and_paths(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a|b `c`.yaml").write_text(strategy(NASTY))
    result = audit(str(src), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / "audit.md").read_text()
    assert "<script>" not in md and "\\<script\\>" in md
    [row] = [line for line in md.splitlines() if "alert" in line]
    assert len(re.findall(r"(?<!\\)\|", row)) == md.splitlines()[md.splitlines().index(row) - 1].count("|")
    assert "\\`x\\`" in row and "a\\|b \\`c\\`.yaml" in row


def test_csv_matrices_neutralise_formulas_and_control_characters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("@sum(1+1).yaml").write_text(strategy(FORMULA + "\x1b[31m"))
    Path("-2+3.yaml").write_text(strategy("+1"))
    result = runner.invoke(app, ["audit", "--out", "out", "--as-of", AS_OF, "--", "@sum(1+1).yaml", "-2+3.yaml"])
    assert result.exit_code == 0, result.output
    for name in ("matrix-sections.csv", "matrix-rules.csv"):
        table = list(csv.DictReader((tmp_path / "out" / name).open(newline="")))
        cells = {r["path"]: r["mission"] for r in table}
        assert cells == {"'@sum(1+1).yaml": "'" + FORMULA + "[31m", "'-2+3.yaml": "'+1"}
        assert "\x1b" not in (tmp_path / "out" / name).read_text()


def test_the_terminal_shows_names_as_text_never_as_markup_or_escape_codes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("[red]x.yaml").write_text(strategy("[bold red]X[/] \x1b]0;owned\x07 :warning:"))
    os.mkfifo("[link=https:evil]pipe.yaml")
    result = audit(".", "--out", "out")
    assert result.exit_code == 2
    assert "[red]x.yaml" in result.output and "[bold red]X[/]" in result.output and ":warning:" in result.output
    assert "[link=https:evil]pipe.yaml" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_the_text_report_strips_control_characters_from_values(tmp_path):
    bad = tmp_path / "evil\x1b[2J\r.yaml"
    bad.write_text(strategy("M\x1b[2J\x1b]0;owned\x07"))
    result = runner.invoke(app, ["check", str(bad), "--as-of", AS_OF, "--no-color"])
    assert result.exit_code == 0, result.output
    assert "evil[2J .yaml (M[2J]0;owned)" in result.output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", result.output)


def test_the_diff_text_strips_control_characters(tmp_path):
    old, new = tmp_path / "old\x1b[2J.yaml", tmp_path / "new\x1b]0;owned\x07.yaml"
    old.write_text(strategy())
    new.write_text(strategy().replace("  joc: true\n", "  joc: false\n"))
    result = runner.invoke(app, ["diff", str(old), str(new), "--as-of", AS_OF])
    assert result.exit_code in (0, 1), result.output
    assert "old[2J.yaml -> " in result.output and "new]0;owned.yaml" in result.output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", result.output)


# --- the quick start says the corrupted fixture is broken on purpose --------------------------------------


def test_the_quick_start_names_the_corrupted_fixture_and_says_it_is_on_purpose(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["audit", "fixtures", "--as-of", AS_OF, "--out", str(tmp_path / "audit"),
                                 "--jobs", "2"])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    at = lines.index("1 file could not be checked:")
    line = lines[at + 1]
    assert line.startswith("  fixtures/missions/unmzem-2026-corrupted.yaml:7:3: malformed YAML")
    assert line.endswith("— this file is broken on purpose to show the error row")


def test_only_a_file_that_says_so_is_called_broken_on_purpose(tmp_path):
    (tmp_path / "plain.yaml").write_text("mission: [unclosed\n")
    (tmp_path / "said.yaml").write_text("# pocrules: broken on purpose, for a demo\nmission: [unclosed\n")
    result = audit(str(tmp_path / "plain.yaml"), str(tmp_path / "said.yaml"), "--out", str(tmp_path / "o"))
    [plain] = [line for line in result.output.splitlines() if "plain.yaml:" in line]
    [said] = [line for line in result.output.splitlines() if "said.yaml:" in line]
    assert "on purpose" not in plain and said.endswith("— this file is broken on purpose, for a demo")


def test_a_long_list_of_unchecked_files_is_cut_short_and_says_where_the_rest_are(tmp_path):
    for i in range(25):
        (tmp_path / f"bad-{i:02d}.yaml").write_text("mission: [unclosed\n")
    result = audit(str(tmp_path), "--out", str(tmp_path / "o"))
    lines = result.output.splitlines()
    at = lines.index("25 files could not be checked:")
    assert [line.split(":", 1)[0].rsplit("/", 1)[-1] for line in lines[at + 1:at + 21]] == [
        f"bad-{i:02d}.yaml" for i in range(20)]
    assert lines[at + 21] == "  … and 5 more: see audit.html or audit.json"


def test_the_on_purpose_note_never_opens_a_pipe(tmp_path):
    from pocrules.audit.runner import on_purpose

    os.mkfifo(tmp_path / "pipe.yaml")
    assert on_purpose(str(tmp_path / "pipe.yaml")) is None  # returns at once instead of blocking


# --- interrupts, a second writer and a killed parent: real processes -------------------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Enough strategies that an audit is still running when a test interrupts it."""
    folder = tmp_path_factory.mktemp("many")
    assert runner.invoke(app, ["generate", str(folder), "-n", "60", "--defect-rate", "0.2"]).exit_code == 0
    return folder


def start(many: Path, out: Path, jobs: int = 2) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pocrules.cli", "audit", str(many), "--out", str(out),
                             "--as-of", AS_OF, "--jobs", str(jobs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=out.parent)


def working(out: Path, proc: subprocess.Popen, timeout: float = 120) -> Path:
    """Wait until the audit has written some detail files into its staging folder, then pause it.

    The paused audit cannot finish before the test has interrupted or raced it, however fast the
    machine; the test resumes it with SIGCONT. Returns the staging folder.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        for staging in out.parent.glob(f".{out.name}.staging-*"):
            if len(list((staging / "missions").glob("*.json"))) >= 2:
                proc.send_signal(signal.SIGSTOP)
                return staging
        time.sleep(0.05)
    raise AssertionError("the audit never started writing")


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


@pytest.mark.parametrize(("signum", "jobs"), [(signal.SIGINT, 2), (signal.SIGTERM, 2), (signal.SIGTERM, 1)])
def test_an_interrupted_audit_leaves_the_previous_one_whole_and_nothing_else(many, tmp_path, signum, jobs):
    out = tmp_path / "audit"
    first = audit(str(many / "strategy-00000.yaml"), "--out", str(out))
    assert first.exit_code in (0, 1)
    before = snapshot(out)
    proc = start(many, out, jobs)
    working(out, proc)
    proc.send_signal(signum)
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert "stopped" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_second_audit_on_the_same_folder_is_refused_and_the_first_completes(many, tmp_path):
    out = tmp_path / "audit"
    proc = start(many, out)
    working(out, proc)
    second = audit(str(many / "strategy-00000.yaml"), "--out", str(out))
    assert second.exit_code == 2 and "another audit" in second.output and str(proc.pid) in second.output
    proc.send_signal(signal.SIGCONT)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode in (0, 1), err
    assert len(rows(out)) == 60 and len(list((out / "missions").iterdir())) == 60
    assert leftovers(tmp_path) == []


@needs_proc
def test_workers_die_with_a_killed_parent_and_the_next_run_cleans_up(many, tmp_path):
    out = tmp_path / "audit"
    proc = start(many, out)
    working(out, proc)
    workers = children(proc.pid)
    assert workers, "the audit runs in worker processes"
    proc.kill()
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 20
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers), "orphaned workers are still running"
    again = audit(str(many / "strategy-00000.yaml"), "--out", str(out))
    assert again.exit_code in (0, 1), again.output
    assert len(rows(out)) == 1 and leftovers(tmp_path) == []

"""``check --watch``: a saved strategy is checked again, once it has settled, until Ctrl-C."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from pocrules import watch as watching
from pocrules.cli import app

from .conftest import COMPLIANT


class Script:
    """A fake ``sleep``: each poll runs the next step (a file edit, or nothing); Ctrl-C after the last."""

    def __init__(self, *steps) -> None:
        self.steps = list(steps)

    def __call__(self, seconds: float) -> None:
        if not self.steps:
            raise KeyboardInterrupt
        step = self.steps.pop(0)
        if step is not None:
            step()


def touch(path: Path, text: str):
    def edit() -> None:
        path.write_text(text, encoding="utf-8")
        stat = path.stat()  # a later modification time, as a save a moment later has
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    return edit


def run_watch(tmp_path: Path, *steps, files=None) -> list[tuple[list[str], list[str]]]:
    calls = []
    folder = tmp_path

    def paths() -> list[Path]:
        return sorted(folder.glob("*.yaml")) if files is None else files

    watching.watch(paths, lambda changed, now: calls.append(([p.name for p in changed], [p.name for p in now])),
                   sleep=Script(*steps))
    return calls


def test_every_file_is_checked_once_and_nothing_again_while_nothing_changes(tmp_path):
    for name in ("b.yaml", "a.yaml"):
        (tmp_path / name).write_text("x: 1\n")
    assert run_watch(tmp_path, None, None, None) == [(["a.yaml", "b.yaml"], ["a.yaml", "b.yaml"])]


def test_a_saved_file_is_checked_again_once_it_has_settled(tmp_path):
    """Word saves by writing and renaming: a file still changing at the next poll is not checked yet."""
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x: 1\n")
    b.write_text("x: 1\n")
    calls = run_watch(tmp_path, touch(a, "x: 2\n"), touch(a, "x: 22\n"), None, None)
    assert calls == [(["a.yaml", "b.yaml"], ["a.yaml", "b.yaml"]), (["a.yaml"], ["a.yaml", "b.yaml"])]


def test_a_file_added_to_a_folder_is_checked_and_one_taken_out_leaves_the_report(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x: 1\n")
    calls = run_watch(tmp_path, touch(b, "x: 1\n"), None, a.unlink)
    assert calls == [(["a.yaml"], ["a.yaml"]), (["b.yaml"], ["a.yaml", "b.yaml"]), ([], ["b.yaml"])]


def test_a_named_file_missing_for_a_moment_is_checked_again_when_it_is_back(tmp_path):
    """Between Word's write and rename the document is not there: it is reported unreadable only if it stays away."""
    a = tmp_path / "a.yaml"
    a.write_text("x: 1\n")
    calls = run_watch(tmp_path, a.unlink, touch(a, "x: 2\n"), None, files=[a])
    assert calls == [(["a.yaml"], ["a.yaml"]), (["a.yaml"], ["a.yaml"])]


def test_ctrl_c_during_a_check_ends_the_watch_quietly(tmp_path):
    (tmp_path / "a.yaml").write_text("x: 1\n")

    def check(changed, now):
        raise KeyboardInterrupt

    watching.watch(lambda: [tmp_path / "a.yaml"], check, sleep=Script())  # returns: no exception


def reports(stdout: str) -> list[str]:
    """The text reports printed one after another, each ending with its summary line."""
    out, current = [], []
    for line in stdout.splitlines():
        current.append(line)
        if " in 1 file" in line and "(ruleset" in line:
            out.append("\n".join(current))
            current = []
    return out


def test_check_watch_reports_again_after_a_save_and_stops_on_ctrl_c(tmp_path, monkeypatch):
    draft = tmp_path / "draft.yaml"
    draft.write_text(COMPLIANT.read_text(encoding="utf-8"), encoding="utf-8")
    defective = draft.read_text(encoding="utf-8").replace("crisis_response:", "crisis_respons:", 1)
    monkeypatch.setattr(watching.time, "sleep", Script(touch(draft, defective), None))
    report = tmp_path / "review.json"
    result = CliRunner().invoke(app, ["check", str(draft), "--watch", "--as-of", "2026-12-01",
                                      "-f", "text", "-f", f"json:{report}"])
    assert result.exit_code == 0, result.output  # stopped by Ctrl-C, whatever the last check found
    first, second = reports(result.stdout)
    assert "POC-SCHEMA-001" not in first and first.splitlines()[-1].startswith("0 error(s), 0 warning(s)")
    assert "unknown key 'crisis_respons'; did you mean 'crisis_response'?" in second
    assert "Checked again at" in result.stderr and "draft.yaml)" in result.stderr
    assert result.stderr.rstrip().endswith("Stopped watching.")
    written = json.loads(report.read_text(encoding="utf-8"))  # the file report is the last check's
    assert [f["rule"] for f in written["files"][0]["findings"]].count("POC-SCHEMA-001") == 1


def test_check_watch_on_a_file_not_there_yet_checks_it_once_it_is_saved(tmp_path, monkeypatch):
    path = tmp_path / "draft.yaml"
    monkeypatch.setattr(watching.time, "sleep", Script(touch(path, COMPLIANT.read_text(encoding="utf-8")), None))
    result = CliRunner().invoke(app, ["check", str(path), "--watch", "--as-of", "2026-12-01"])
    assert result.exit_code == 0, result.output
    first, second = reports(result.stdout)
    assert "cannot read the file: No such file or directory" in first
    assert second.splitlines()[-1].startswith("0 error(s), 0 warning(s), 0 info in 1 file (ruleset")

"""The model takes values as written: no true-as-1, no number-as-date, no impossible or blank records.

And when a value is wrong, the message says so plainly: long values are shortened, a value
that may take several forms gets one line for the form the user wrote.
"""

from __future__ import annotations

import pytest

from .test_bad_input import line_of, run, write_variant


def reported(result, message: str) -> None:
    """The strategy is not passed: its problem is reported (as an input finding, exit 1, or an error, exit 2)."""
    assert result.exit_code in (1, 2), result.output
    assert message in result.output, result.output


@pytest.mark.parametrize(("written", "shown"), [("true", "true"), ("yes", "true"), ("3.0", "3.0")])
def test_a_rating_must_be_a_whole_number(tmp_path, written, shown):
    path, _ = write_variant(tmp_path, [{"set": "/risk_analysis/risks/0/gravity", "value": "MARK"}])
    path.write_text(path.read_text(encoding="utf-8").replace("gravity: MARK", f"gravity: {written}"), encoding="utf-8")
    reported(run("check", str(path)), f"expected one of 1, 2, 3, 4 or 5 (got {shown})")


def test_a_tier_must_be_a_whole_number(tmp_path):
    path, _ = write_variant(tmp_path, [{"set": "/implementation_matrix/0/tier", "value": True}])
    reported(run("check", str(path)), "expected one of 1, 2 or 3 (got true)")


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (1767225600, "1767225600"), ("1767225600", "'1767225600'"),
                                              ("2026-01-01T00:00:00", "'2026-01-01T00:00:00'")])
def test_numbers_are_not_dates(tmp_path, value, shown):
    path, lines = write_variant(tmp_path, [{"set": "/period/start", "value": value}])
    result = run("check", str(path))
    reported(result, f"expected a date as YYYY-MM-DD (got {shown})")
    assert "datetime" not in result.output.lower()


def test_iso_date_text_is_still_a_date(tmp_path):
    path, _ = write_variant(tmp_path, [{"set": "/period/start", "value": "2026-01-01"}])
    assert run("check", str(path), "--as-of", "2026-12-01").exit_code == 0


def test_finalized_before_started_is_an_error_at_finalized(tmp_path):
    path, lines = write_variant(tmp_path, [{"set": "/drafting/started", "value": "2025-12-01"}])
    result = run("check", str(path))
    reported(result, "the draft was finalized (2025-11-20) before drafting started (2025-12-01)")
    assert f"{path}:{line_of(lines, 'finalized:')}:3" in result.output


@pytest.mark.parametrize(("pointer", "value"), [("/mission/name", ""), ("/mission/name", "   "),
                                                 ("/mission/acronym", " ")])
def test_names_must_not_be_blank(tmp_path, pointer, value):
    path, _ = write_variant(tmp_path, [{"set": pointer, "value": value}])
    reported(run("check", str(path)), f"must not be blank (got {value!r})")


def test_a_huge_unknown_key_is_shortened_with_its_length(tmp_path):
    key = "k" * (1024 * 1024)
    path, _ = write_variant(tmp_path, [{"set": f"/mission/{key}", "value": 1}])
    result = run("check", str(path))
    reported(result, f"unknown key '{'k' * 80}…' (1,048,576 characters)")


def test_a_huge_value_is_shortened_with_its_length(tmp_path):
    path, _ = write_variant(tmp_path, [{"set": "/purpose_scope/purpose", "value": "v" * 1_500_000}])
    result = run("check", str(path))
    reported(result, f"(got '{'v' * 80}…' (1,500,000 characters))")
    assert "v" * 200 not in result.output


def test_a_null_key_is_named_as_such(tmp_path):
    path, lines = write_variant(tmp_path, [{"set": "/mission/NULLKEY", "value": 1}])
    path.write_text(path.read_text(encoding="utf-8").replace("NULLKEY:", "null:"), encoding="utf-8")
    result = run("check", str(path))
    reported(result, "a key is empty (null); every key needs a name")
    assert "None" not in result.output


@pytest.mark.parametrize(("setting", "expected"), [
    ('ruleset = 5', "[tool.pocrules] expected text or a list (got 5) (at /ruleset)"),
    ('ruleset = ["framework-2011", 5]', "[tool.pocrules] input should be a valid string (got 5) (at /ruleset/1)"),
    ('params = {POC-FW-006 = {window_days = [30]}}',
     "[tool.pocrules] expected a number, text, true/false or a date as YYYY-MM-DD (at /params/POC-FW-006/window_days)"),
    ('as_of = 5', "[tool.pocrules] expected a date as YYYY-MM-DD (got 5) (at /as_of)"),
])
def test_an_either_or_setting_gets_one_line(tmp_path, setting, expected):
    (tmp_path / "pyproject.toml").write_text(f"[tool.pocrules]\n{setting}\n", encoding="utf-8")
    result = run("config", str(tmp_path))
    assert result.exit_code == 2
    problems = [line for line in result.output.splitlines() if "pyproject.toml" in line]
    assert problems == [f"{tmp_path / 'pyproject.toml'}: {expected}"]

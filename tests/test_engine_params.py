"""Rule parameters are declared with a type and range, and every setting is checked against them.

Before, ``--param POC-FW-006.window_days=abc`` gave a traceback on both engines,
``null`` crashed one and passed on the other, ``X=[1,`` gave a YAML traceback and
``-5`` was accepted.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from pocrules.cli import app
from pocrules.errors import InputError, UsageError
from pocrules.rules import ruleset as rulesets
from pocrules.rules.schema import Param

from .conftest import COMPLIANT, ENGINE_NAMES

runner = CliRunner()


def check(*args: str):
    return runner.invoke(app, ["check", *args, "--as-of", "2026-12-01", str(COMPLIANT)])


@pytest.mark.parametrize("engine", ENGINE_NAMES)
@pytest.mark.parametrize("value", ["abc", "null", "[1,", "-5", "0", "3651", "12.5", "", "true"])
def test_a_bad_parameter_value_is_a_usage_error_naming_rule_parameter_and_range(engine, value):
    result = check("--engine", engine, "--param", f"POC-FW-006.window_days={value}")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert "rule POC-FW-006, parameter window_days" in result.output
    assert "expected a whole number from 1 to 3650" in result.output


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_a_good_parameter_value_is_read_as_its_declared_type(engine):
    # The context change of 2026-05-10 was reviewed 33 days later: late for a 30-day window.
    args = ("--engine", engine, "-f", "json", "--select", "POC-FW-007")
    result = check(*args, "--param", "POC-FW-007.window_days= 30")
    assert result.exit_code == 1, result.output
    assert '"pointer": "/history/2/date"' in result.output
    shown = runner.invoke(app, ["rules", "show", "POC-FW-007"])
    assert "window_days = 90 (a whole number from 1 to 3650)" in shown.output


def test_an_unknown_parameter_is_named_with_a_suggestion():
    result = check("--param", "POC-FW-006.window_dayz=60")
    assert result.exit_code == 2
    assert "rule POC-FW-006 has no parameter 'window_dayz'; did you mean 'window_days'?" in result.output


@pytest.mark.parametrize("toml", ['window_days = "abc"', "window_days = -5", "window_days = 1.5", "window_days = true"])
def test_configuration_files_are_checked_too(tmp_path, toml):
    for name, head in (("pocrules.toml", "[params.POC-FW-006]"), ("pyproject.toml", "[tool.pocrules.params.POC-FW-006]")):
        folder = tmp_path / name.split(".")[0]
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(f"{head}\n{toml}\n")
        strategy = folder / COMPLIANT.name
        strategy.write_bytes(COMPLIANT.read_bytes())
        result = runner.invoke(app, ["check", "--as-of", "2026-12-01", str(strategy)])
        assert result.exit_code == 2, (name, result.output)
        assert "rule POC-FW-006, parameter window_days" in result.output
        assert "expected a whole number from 1 to 3650" in result.output


def test_a_ruleset_override_is_checked_and_located(tmp_path):
    custom = tmp_path / "custom.yaml"
    custom.write_text("extends: framework-2011\noverrides:\n  POC-FW-006:\n    params: {window_days: -5}\n")
    with pytest.raises(InputError) as info:
        rulesets.load(str(custom))
    problem = info.value.problems[0]
    assert problem.pointer == "/overrides/POC-FW-006/params/window_days"
    assert problem.line == 4
    assert "expected a whole number from 1 to 3650, got '-5'" in problem.message


def test_a_parameter_set_on_the_command_line_for_an_unknown_name_is_not_blamed_on_the_ruleset_file():
    with pytest.raises(UsageError, match="has no parameter 'nope'"):
        rulesets.load(params={"POC-FW-006": {"nope": 1}})


def test_every_packaged_number_parameter_declares_its_range(ruleset):
    declared = [(r.id, name, p) for r in ruleset.rules for name, p in r.rule.params.items()]
    assert len(declared) >= 11
    for rule_id, name, p in declared:
        assert p.type in ("integer", "number") and p.min is not None and p.max is not None, (rule_id, name)
        assert p.min <= p.default <= p.max


@pytest.mark.parametrize(("declaration", "message"), [
    ({"default": 0, "type": "integer", "min": 1}, "expected a whole number of at least 1, got '0'"),
    ({"default": "x", "type": "text", "min": 1}, "min/max do not apply to a text parameter"),
    ({"default": 5, "type": "integer", "min": 9, "max": 1}, "min is larger than max"),
    ({"default": 5, "type": "integer", "min": 1.5}, "must each be a whole number"),
])
def test_a_declaration_must_be_consistent(declaration, message):
    with pytest.raises(ValidationError, match=message):
        Param.model_validate(declaration)


@pytest.mark.parametrize(("declaration", "value", "expected"), [
    ({"default": 1.5, "type": "number", "max": 2}, "1.25", 1.25),
    ({"default": True, "type": "boolean"}, "FALSE", False),
    ({"default": "2026-01-01", "type": "date"}, "2026-02-01", __import__("datetime").date(2026, 2, 1)),
    ({"default": "a", "type": "text"}, "b", "b"),
    ({"default": 3, "type": "integer"}, 4.0, 4),
])
def test_values_are_read_as_the_declared_type(declaration, value, expected):
    assert Param.model_validate(declaration).check(value) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "nan", None, [1], True])
def test_a_number_parameter_refuses_what_is_not_a_finite_number(value):
    with pytest.raises(ValueError, match="expected a number"):
        Param(default=1.0, type="number").check(value)

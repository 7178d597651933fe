"""A broken configuration file is a clear error; it is never silently ignored nor a traceback."""

from __future__ import annotations

import shutil

from .conftest import COMPLIANT
from .test_bad_input import run


def strategy_in(folder):
    target = folder / "strategy.yaml"
    shutil.copy(COMPLIANT, target)
    return target


def test_a_non_utf8_pocrules_toml_is_an_error(tmp_path):
    (tmp_path / "pocrules.toml").write_bytes(b'engine = "python"\n# caf\xe9\n')
    result = run("check", str(strategy_in(tmp_path)), "--as-of", "2026-12-01")
    assert result.exit_code == 2
    assert "the configuration cannot be used" in result.output
    assert "pocrules.toml: the file is not UTF-8 text (invalid byte at offset 23)" in result.output


def test_a_non_utf8_pyproject_above_the_strategy_is_an_error_even_without_a_section(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "caf\xe9"\n')
    folder = tmp_path / "drafts"
    folder.mkdir()
    result = run("check", str(strategy_in(folder)), "--as-of", "2026-12-01")
    assert result.exit_code == 2
    assert "pyproject.toml: the file is not UTF-8 text" in result.output


def test_a_malformed_pyproject_with_a_pocrules_table_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.pocrules]\nfail_on = "warning"\nselect = [\n', encoding="utf-8")
    result = run("check", str(strategy_in(tmp_path)), "--as-of", "2026-12-01")
    assert result.exit_code == 2
    assert f"{tmp_path / 'pyproject.toml'}:4:1: malformed TOML:" in result.output


def test_a_malformed_pyproject_that_never_mentions_pocrules_is_not_ours(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = \n', encoding="utf-8")
    result = run("config", str(tmp_path))
    assert result.exit_code == 0
    assert "configuration file: (none found; defaults apply)" in result.output


def test_a_valid_pyproject_section_still_applies(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.pocrules]\nfail_on = "warning"\n',
                                             encoding="utf-8")
    result = run("config", str(tmp_path))
    assert result.exit_code == 0 and "fail_on   = warning" in result.output

"""The Word fixtures report exactly the findings tests/word_fixtures.yaml lists, where it lists them,
and are what tests/make_word_fixtures.py writes today."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from typer.testing import CliRunner

from pocrules.cli import app

from .conftest import FIXTURES
from .make_word_fixtures import build, listing

ENTRIES = listing()


@pytest.mark.parametrize("name", ENTRIES)
def test_a_word_fixture_reports_its_listed_findings(name):
    path = FIXTURES / "word" / name
    result = CliRunner().invoke(app, ["check", str(path), "--as-of", "2026-12-01", "--engine", "python",
                                      "--format", "json"])
    assert result.exit_code == (1 if ENTRIES[name]["expected"] else 0), result.output
    found = [{"rule": f["rule"], "at": f["docx"]["label"]} for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert sorted(found, key=str) == sorted(ENTRIES[name]["expected"], key=str)


@pytest.mark.parametrize("name", ENTRIES)
def test_a_word_fixture_is_up_to_date(name):
    buffer = io.BytesIO()
    build(name, ENTRIES[name]).save(buffer)
    with zipfile.ZipFile(FIXTURES / "word" / name) as kept, zipfile.ZipFile(buffer) as made:
        assert kept.read("word/document.xml") == made.read("word/document.xml"), \
            f"fixtures/word/{name} is stale: run python -m tests.make_word_fixtures"

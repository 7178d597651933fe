from __future__ import annotations

import datetime as dt
from pathlib import Path

import os

import pytest
from hypothesis import settings

# CI explores the same examples on every run (a red build must be reproducible);
# locally, hypothesis keeps exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

from pocrules import engine as engines
from pocrules.check import Checker
from pocrules.rules import ruleset as rulesets

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
COMPLIANT = FIXTURES / "minuska-2026.yaml"
AS_OF = dt.date(2026, 12, 1)

ENGINE_NAMES = ["python"] + (["durable"] if engines.durable_available() else [])


@pytest.fixture(scope="session")
def ruleset():
    return rulesets.load()


@pytest.fixture(scope="session", params=ENGINE_NAMES)
def checker(request, ruleset):
    """A checker per engine, compiled once for the whole session."""
    return Checker(ruleset, engines.create(ruleset, request.param), AS_OF)


@pytest.fixture(autouse=True, scope="session")
def _private_results_cache(tmp_path_factory):
    """Audits in tests (and the commands they start) keep their results cache out of the user's home."""
    os.environ["POCRULES_CACHE_DIR"] = str(tmp_path_factory.mktemp("results-cache"))

"""An engine that does not finish in time yields an error finding, never a hang."""

from __future__ import annotations

import dataclasses
import time

import pytest

from pocrules import engine as engines
from pocrules import facts, loader
from pocrules.engine.base import EngineStalled, time_budget
from pocrules.findings import ENGINE_RULE

from .conftest import AS_OF, ENGINE_NAMES, FIXTURES

STALE = FIXTURES / "minuska-2026-stale.yaml"


def test_time_budget_interrupts_a_runaway_computation():
    started = time.monotonic()
    with pytest.raises(EngineStalled, match="within 0.2 s"), time_budget(0.2):
        while True:
            pass
    assert time.monotonic() - started < 5


@pytest.mark.skipif("durable" not in ENGINE_NAMES, reason="durable_rules is not installed")
def test_an_exhausted_budget_is_reported_and_the_engine_recovers(ruleset):
    durable = engines.create(ruleset, "durable")
    strategy, _ = loader.load(STALE)
    fs = facts.build(strategy, AS_OF)
    with pytest.raises(EngineStalled):
        durable.evaluate(fs, budget=1e-9)
    # The next document is evaluated normally, in a clean session.
    reference = engines.create(ruleset, "python")
    assert durable.evaluate(fs) == reference.evaluate(fs) != []


def test_a_stall_becomes_an_error_finding(checker):
    class Stalling:
        name = "stalling"

        def evaluate(self, facts, budget=None):
            raise EngineStalled("the engine did not finish within 10 s")

    result = dataclasses.replace(checker, engine=Stalling()).check(STALE)
    assert [(f.rule, f.severity) for f in result.findings] == [(ENGINE_RULE, "error")]
    assert "could not be fully checked: the engine did not finish within 10 s" in result.findings[0].message

"""An engine that does not finish in time yields an error finding, never a hang."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
import types

import pytest

from pocrules import engine as engines
from pocrules import facts, loader
from pocrules.engine.base import EngineStalled, time_budget
from pocrules.findings import ENGINE_RULE
from pocrules.rules import ir

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


def _cross_join(n: int):
    """A ruleset whose one query binds three risks at once (n**3 matches), and n risks to feed it."""
    query = ir.Query("q1", None, tuple(ir.Alias(a, "risk", ir.Test("score", "gte", ir.Const(0))) for a in "xyz"))
    ruleset = types.SimpleNamespace(source=None, queries=(query,), fields={"strategy": set(), "risk": {"score"}})
    rows = [{"id": f"f{i}", "kind": "risk", "score": i} for i in range(n)]
    return ruleset, facts.Facts([*rows, {"id": f"f{n}", "kind": "strategy"}], {})


SWALLOWED = "ignore::pytest.PytestUnraisableExceptionWarning"
"""An interruption landing where Python swallows it (hypothesis keeps a garbage collector callback) is
reported by pytest as a warning; the budget interrupts again (see the test below) and the test holds."""


@pytest.mark.filterwarnings(SWALLOWED)
@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_every_engine_keeps_to_its_budget_on_a_huge_join(name, capfd):
    """The python engine ignored its budget: a 23,000-row join ran for 418 s.

    durable computes a join in C, beyond the reach of any timer, so it gets a
    smaller one (a million matches); it stops at its first return to Python.
    """
    ruleset, fs = _cross_join(400 if name == "python" else 100)
    engine = engines.create(ruleset, name)
    started = time.monotonic()
    with pytest.raises(EngineStalled, match="did not finish within 0.5 s"):
        engine.evaluate(fs, budget=0.5)
    assert time.monotonic() - started < 60  # all the matches would take many minutes
    assert capfd.readouterr().err == ""  # durable logged the abandoned action as a traceback
    # The same engine then evaluates the next document in a clean session.
    _, few = _cross_join(3)
    assert len(engine.evaluate(few, budget=30)) == 27


def test_the_python_engine_keeps_to_its_budget_off_the_main_thread():
    """No timer can interrupt a worker thread: the engine checks its deadline itself."""
    ruleset, fs = _cross_join(400)
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(_stalls(engines.create(ruleset, "python"), fs)))
    worker.start()
    worker.join(120)
    assert outcome == [True]


def _stalls(engine, fs) -> bool:
    try:
        engine.evaluate(fs, budget=0.5)
    except EngineStalled:
        return True
    return False


@pytest.mark.parametrize("step", ["derive", "build"])
def test_the_budget_covers_the_whole_document_not_just_the_engine(checker, monkeypatch, step):
    """A slow step before the engine (a pattern, building facts) is cut short as well."""
    def forever(*args, **kwargs):
        while True:
            pass

    monkeypatch.setattr(facts, step, forever)
    result = dataclasses.replace(checker, budget=0.5).check(STALE)
    assert [(f.rule, f.severity, f.path) for f in result.findings] == [(ENGINE_RULE, "error", str(STALE))]
    assert "could not be fully checked: checking did not finish within 0.5 s" in result.findings[0].message
    assert result.mission == "MINUSKA"


@pytest.mark.filterwarnings(SWALLOWED)
def test_an_interruption_python_swallows_comes_again():
    """An alarm landing in a ``__del__`` (or a gc callback) is swallowed there: the budget must still end the work."""

    class Slow:
        def __del__(self) -> None:
            time.sleep(0.5)  # the alarm comes due here, and its exception goes no further

    started = time.monotonic()
    with pytest.raises(EngineStalled), time_budget(0.05):
        Slow()  # freed at once: __del__ runs, and swallows the first interruption
        while time.monotonic() - started < 5:
            pass
    assert time.monotonic() - started < 2


def test_nested_budgets_re_arm_the_outer_one():
    with pytest.raises(EngineStalled, match="outer did not finish within 0.3 s"), time_budget(0.3, "outer"):
        with time_budget(5, "inner"):  # longer than the open budget: adds nothing
            pass
        with contextlib.suppress(EngineStalled), time_budget(0.05, "short"):
            while True:
                pass
        while True:
            pass


def test_an_alarm_due_as_the_last_budget_closes_is_dropped_not_fatal():
    """Where no SIGALRM handler was set before, an alarm still pending when the last budget closes must not end the process."""
    import subprocess
    import sys

    code = ("import signal, time\n"
            "from pocrules.engine.base import time_budget\n"
            "with time_budget(0.05):\n"
            "    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n"
            "    time.sleep(0.2)  # the alarm comes due while it is held off, and stays pending\n"
            "print('finished')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "finished\n"), done.stderr

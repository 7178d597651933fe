"""The stages of ``pocrules check FILE`` timed inside one fresh process; prints them as JSON.

    python benchmarks/startup_stages.py fixtures/minuska-2026.yaml

Run by ``bench_check.py --startup`` many times over; it follows what the ``check``
command does, in the same order, so that the stages add up to most of a real run
(the rest is the interpreter starting and typer parsing the command line).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

marks = [("start", time.perf_counter())]


def mark(name: str) -> None:
    marks.append((name, time.perf_counter()))


from pocrules.__main__ import prepare  # noqa: E402 - as the `pocrules` command starts

prepare()
import pocrules.cli  # noqa: E402,F401 - typer and the command definitions

mark("command-line definitions (typer)")
from pocrules.check import Checker  # noqa: E402 - pydantic, the strategy model, facts, rules, engines
from pocrules.reporters import Run, render  # noqa: E402

mark("pipeline imports (pydantic, models, rules)")
from pocrules.config import resolve  # noqa: E402
from pocrules import engine as engines  # noqa: E402
from pocrules.session import Session, config_path  # noqa: E402

fixture = Path(sys.argv[1])
session = Session(resolve({}, config_path(None, [fixture])))
mark("configuration")
session.ruleset  # noqa: B018
mark("ruleset (from the cache)")
engines.built(session.engine)  # built on first use otherwise
mark("engine set-up")
checker: Checker = session.checker()
result = checker.check(fixture)
mark("check the strategy")
render(Run((result,), session.ruleset.name, session.engine.name, session.as_of.isoformat(), "error",
           rules=session.ruleset), "text")
mark("text report")
print(json.dumps({later[0]: (later[1] - earlier[1]) * 1000 for earlier, later in zip(marks, marks[1:])}))

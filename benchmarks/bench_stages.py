"""Where one document's time goes: the checking pipeline stage by stage, in one process.

    python benchmarks/bench_stages.py [--count 200] [--engine durable]

Checks generated strategies (the audit benchmark's, see bench_audit.py) one after another
with the ruleset compiled once, as an audit's worker does, and prints the CPU milliseconds
per document of each stage: read and parse, salvage (validation and references), facts,
patterns, engine, findings, causes, waivers, and the audit's report part (score, rows,
HTML, findings file). CPU time, not wall time, so the figures hold on a busy machine;
no profiler runs, so they are not inflated by one. The process is set up as the
``pocrules`` command sets itself up (the garbage collector's threshold), as a worker is.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pocrules.__main__ import prepare  # noqa: E402

prepare()  # as the `pocrules` command starts: the garbage collector's threshold and pydantic's plugins as in an audit
from bench_audit import strategies  # noqa: E402 - the same generated strategies as the audit benchmark
from pocrules import causes, check, facts, findings, sources, waivers  # noqa: E402
from pocrules import engine as engines  # noqa: E402
from pocrules.audit import runner  # noqa: E402
from pocrules.audit.outputs import DETAILS, Layout  # noqa: E402
from pocrules.config import DEFAULTS, Effective  # noqa: E402
from pocrules.session import Session  # noqa: E402

STAGES = collections.Counter()


def timed(owner: Any, name: str, stage: str) -> None:
    """Replace ``owner.name`` by a wrapper adding its CPU time to ``stage``."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            STAGES[stage] += time.process_time() - start

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--engine", default="durable", choices=("durable", "python"))
    args = parser.parse_args()
    files = sorted(str(p) for p in strategies(1000).glob("*.yaml"))[:args.count]
    session = Session(Effective({**DEFAULTS, "engine": args.engine, "as_of": dt.date(2026, 12, 1)}))
    with tempfile.TemporaryDirectory() as out:
        (Path(out) / DETAILS).mkdir()
        runner._build(session.job(), Layout(Path(out), "2026-12-01"))
        for stage, (owner, name) in {"read + parse": (sources, "read"), "salvage": (check, "salvage"),
                                     "facts": (facts, "build"), "patterns": (facts, "derive"),
                                     "engine": (engines.built(runner._checker.engine), "evaluate"),
                                     "findings": (findings, "build"), "causes": (causes, "settle"),
                                     "waivers": (waivers, "apply")}.items():
            timed(owner, name, stage)
        timed(runner, "_post", "report part")
        tags = [(i, f"{i}.json") for i in range(len(files))]
        runner._check(files[:5], tags[:5])  # warm up: lazy imports, compiled templates
        STAGES.clear()
        start = time.process_time()
        runner._check(files, tags)
        total = time.process_time() - start
    per = {stage: seconds * 1000 / len(files) for stage, seconds in STAGES.items()}
    print(f"{len(files)} generated strategies, engine {args.engine}: CPU ms per document")
    for stage, ms in per.items():
        print(f"  {stage:14} {ms:6.2f}")
    print(f"  {'other':14} {total * 1000 / len(files) - sum(per.values()):6.2f}")
    print(f"  {'total':14} {total * 1000 / len(files):6.2f}  = {len(files) / total:.0f} documents/s on one core")


if __name__ == "__main__":
    main()

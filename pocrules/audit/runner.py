"""Check many files in worker processes, in order, losing none.

durable_rules holds the GIL and must not be shared between threads, so the
work is spread over processes; each compiles the ruleset once (initializer)
and keeps its engine for every file it is given. Files go out in small chunks
with a bounded number in flight, so memory stays flat however many files
there are, and results come back in input order so reports are deterministic.
A worker that dies (a crash in the C engine) breaks the pool: the chunks in
flight are then re-run one file at a time in a fresh pool, so only the file
that crashes it becomes an error row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cover import Cover
from ..errors import Problem
from ..findings import Finding

CHUNK = 8


@dataclass(frozen=True)
class Outcome:
    """One file's result, small and picklable."""

    path: str
    mission: str | None
    findings: tuple[Finding, ...] = ()
    problems: tuple[Problem, ...] = ()
    cover: Cover | None = None

    @property
    def failed(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to build its own checker."""

    ruleset: list[str]
    params: dict[str, dict[str, Any]]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    engine: str
    as_of: dt.date
    severities: dict[str, str]
    waivers: str | None
    use_waivers: bool = True


_checker: Any = None


def _init(job: Job) -> None:
    global _checker
    from ..config import DEFAULTS, Effective
    from ..session import Session

    values = {**DEFAULTS, "ruleset": job.ruleset, "params": job.params, "select": list(job.select),
              "ignore": list(job.ignore), "engine": job.engine, "as_of": job.as_of, "rules": job.severities,
              "waivers": job.waivers}
    _checker = Session(Effective(values)).checker(use_waivers=job.use_waivers)


def _check(paths: list[str]) -> list[Outcome]:
    out = []
    for path in paths:
        result = _checker.check(path)
        problems = tuple(result.error.problems) if result.error else ()
        out.append(Outcome(result.path, result.mission, result.findings, problems, result.cover))
    return out


def crashed(path: str) -> Outcome:
    return Outcome(path, None, problems=(Problem("the checker crashed on this file (its worker process died); "
                                                 "it was isolated and the other files were checked"),))


def run(job: Job, paths: list[Path], jobs: int, progress: Callable[[int], None] = lambda n: None) -> Iterator[Outcome]:
    """Outcomes for ``paths``, in their order."""
    names = [str(p) for p in paths]
    if jobs <= 1:
        _init(job)
        for name in names:
            yield from _check([name])
            progress(1)
        return
    chunks = [names[i:i + CHUNK] for i in range(0, len(names), CHUNK)]
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(job,))
    in_flight: dict[int, Future] = {}
    next_submit = 0
    try:
        for index in range(len(chunks)):
            while next_submit < len(chunks) and len(in_flight) < jobs * 4:
                in_flight[next_submit] = pool.submit(_check, chunks[next_submit])
                next_submit += 1
            future = in_flight.pop(index)
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                outcomes = _isolate(job, chunks[index])
                pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(job,))
                resubmit = sorted(in_flight)
                in_flight = {i: pool.submit(_check, chunks[i]) for i in resubmit}
            yield from outcomes
            progress(len(outcomes))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolate(job: Job, chunk: list[str]) -> list[Outcome]:
    """Re-run a chunk whose worker died, one file per fresh worker, to find the culprit."""
    out = []
    for path in chunk:
        with ProcessPoolExecutor(max_workers=1, initializer=_init, initargs=(job,)) as single:
            try:
                out.extend(single.submit(_check, [path]).result())
            except BrokenProcessPool:
                out.append(crashed(path))
    return out

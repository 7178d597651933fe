"""The pipeline for one document: load -> facts -> engine -> findings.

A :class:`Checker` compiles nothing itself: it is given a compiled ruleset and
an engine once and reuses both for every document it checks.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import causes, facts, findings, sources, waivers
from .engine import built
from .engine.base import DEFAULT_BUDGET, EngineStalled, deadline, time_budget
from .errors import InputError
from .cover import Cover, cover
from .findings import Finding
from .model import Strategy
from .rules.ruleset import Ruleset
from .salvage import salvage
from .sources import Document, join

if TYPE_CHECKING:
    from .cache import ResultsCache


@dataclass(frozen=True)
class Result:
    """What checking one file produced: findings, or the input error that stopped it."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: InputError | None = None
    mission: str | None = None
    suppressed: tuple[tuple[str, str, int], ...] = ()
    """(rule, parent rule, count): findings left out because the parent's finding is their cause."""
    deferred: tuple[str, ...] = ()
    """Rules not judged because the strategy is a draft."""
    cover: Cover | None = None
    """The strategy's mission, version, period and status, for report headers."""


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Run one file's check without the cyclic garbage collector, which runs again once it is done.

    A check builds tens of thousands of objects (data, model, facts) that live until it ends and
    are then freed by reference counting; meanwhile every few hundred allocations the collector
    walked them again, over 1 ms of each document's CPU. What a check leaves in cycles is
    collected after it, so memory stays flat over an audit.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass
class Checker:
    ruleset: Ruleset
    engine: object
    as_of: dt.date = field(default_factory=dt.date.today)
    budget: float | None = None
    waivers: list[waivers.Entry] = field(default_factory=list)
    """Waivers from a separate file, applied to every document checked."""
    use_waivers: bool = True
    """False for audits that must show everything (--no-waivers)."""
    results: ResultsCache | None = None
    """Where results of earlier runs are kept (see pocrules.cache); None to check every file afresh."""

    @cached_property
    def needs(self) -> dict[str, frozenset[str]]:
        """The facts and fields the ruleset reads: building only those is most of the fact builder's saving."""
        return facts.needs(self.ruleset.fields, self.ruleset.patterns)

    def ready(self) -> object:
        """The engine, built now if deferred, and the strategy's validator built (models build theirs on first use).

        Both are built once, outside any document's time budget.
        """
        Strategy.model_rebuild()
        return built(self.engine)

    def check(self, path: str | Path) -> Result:
        """Check one file; an unreadable or invalid file becomes a Result carrying its error."""
        with _collector_paused():
            return self._check(path)

    def _check(self, path: str | Path) -> Result:
        name = str(path)
        if self.results is None:
            try:
                return self.check_document(sources.read(path))
            except InputError as exc:
                return Result(name, error=exc)
        try:
            raw = sources.read_strategy_bytes(path)
        except InputError as exc:
            return Result(name, error=exc)
        key = self.results.key(raw)
        result = self.results.get(key, name)
        if result is None:
            try:
                result = self.check_document(sources.load(raw, name))
            except InputError as exc:
                result = Result(name, error=exc)
            self.results.put(key, result)  # unless it may not recur (a timeout)
        return result

    def check_document(self, doc: Document) -> Result:
        """Every problem of the input and every rule's findings on the rest; InputError if no strategy at all.

        All of it runs within the time budget: a document that takes longer (a huge
        join, a slow pattern) becomes one located error finding, never a hang.
        """
        engine = self.ready()
        budget = DEFAULT_BUDGET if self.budget is None else self.budget
        end = deadline(budget)
        strategy = None
        try:
            with time_budget(budget, "checking"):
                salvaged = salvage(doc)
                strategy = salvaged.strategy
                fs = facts.build(strategy, self.as_of, self.needs, getattr(engine, "form", None))  # in its names
                facts.derive(fs, self.ruleset.patterns)
                matches = engine.evaluate(fs, max(end - time.monotonic(), 1e-6))
                found = findings.build(matches, self.ruleset, fs, salvaged.doc)
                if salvaged.problems:
                    found = [*findings.restored(found, salvaged.original, salvaged.absent, doc),
                             *findings.from_problems(salvaged.problems, self.ruleset, doc)]
        except EngineStalled as exc:
            return Result(doc.path, (findings.stalled(doc, str(exc)),),
                          mission=strategy.mission.acronym if strategy else None,
                          cover=cover(strategy) if strategy else None)
        outcome = causes.settle([*found, *findings.notes(doc)], self.ruleset, draft=strategy.status == "draft")
        found = list(outcome.findings)
        if self.use_waivers:
            entries = [*(waivers.Entry(w, doc, salvaged.original(join("/waivers", i)))
                         for i, w in enumerate(strategy.waivers)), *self.waivers]
            found = waivers.apply(found, entries, self.as_of, strategy.mission.acronym)
        return Result(doc.path, tuple(sorted(found)), mission=strategy.mission.acronym, cover=cover(strategy),
                      suppressed=outcome.suppressed, deferred=outcome.deferred)

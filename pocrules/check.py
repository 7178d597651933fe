"""The pipeline for one document: load -> facts -> engine -> findings.

A :class:`Checker` compiles nothing itself: it is given a compiled ruleset and
an engine once and reuses both for every document it checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import facts, findings, sources, waivers
from .engine.base import EngineStalled
from .errors import InputError
from .cover import Cover, cover
from .findings import Finding
from .rules.ruleset import Ruleset
from .salvage import salvage
from .sources import Document, join


@dataclass(frozen=True)
class Result:
    """What checking one file produced: findings, or the input error that stopped it."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: InputError | None = None
    mission: str | None = None
    cover: Cover | None = None
    """The strategy's mission, version, period and status, for report headers."""


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

    def check(self, path: str | Path) -> Result:
        """Check one file; an unreadable or invalid file becomes a Result carrying its error."""
        try:
            doc = sources.read(path)
            return self.check_document(doc)
        except InputError as exc:
            return Result(str(path), error=exc)

    def check_document(self, doc: Document) -> Result:
        """Every problem of the input and every rule's findings on the rest; InputError if no strategy at all."""
        salvaged = salvage(doc)
        strategy = salvaged.strategy
        fs = facts.build(strategy, self.as_of)
        facts.derive(fs, self.ruleset.patterns)
        try:
            matches = self.engine.evaluate(fs, self.budget)  # type: ignore[attr-defined]
        except EngineStalled as exc:
            return Result(doc.path, (findings.stalled(doc, str(exc)),), mission=strategy.mission.acronym,
                          cover=cover(strategy))
        found = findings.build(matches, self.ruleset, fs, salvaged.doc)
        if salvaged.problems:
            found = [*findings.restored(found, salvaged.original, salvaged.absent, doc),
                     *findings.from_problems(salvaged.problems, self.ruleset, doc)]
        found = [*found, *findings.notes(doc)]
        if self.use_waivers:
            entries = [*(waivers.Entry(w, doc, salvaged.original(join("/waivers", i)))
                         for i, w in enumerate(strategy.waivers)), *self.waivers]
            found = waivers.apply(found, entries, self.as_of, strategy.mission.acronym)
        return Result(doc.path, tuple(sorted(found)), mission=strategy.mission.acronym, cover=cover(strategy))

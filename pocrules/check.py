"""The pipeline for one document: load -> facts -> engine -> findings.

A :class:`Checker` compiles nothing itself: it is given a compiled ruleset and
an engine once and reuses both for every document it checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import facts, findings, loader, source
from .engine.base import EngineStalled
from .errors import InputError
from .findings import Finding
from .rules.ruleset import Ruleset
from .source import Document


@dataclass(frozen=True)
class Result:
    """What checking one file produced: findings, or the input error that stopped it."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: InputError | None = None
    mission: str | None = None


@dataclass
class Checker:
    ruleset: Ruleset
    engine: object
    as_of: dt.date = field(default_factory=dt.date.today)
    budget: float | None = None

    def check(self, path: str | Path) -> Result:
        """Check one file; an unreadable or invalid file becomes a Result carrying its error."""
        try:
            doc = source.read(path)
            return self.check_document(doc)
        except InputError as exc:
            return Result(str(path), error=exc)

    def check_document(self, doc: Document) -> Result:
        strategy = loader.validate(doc)
        fs = facts.build(strategy, self.as_of)
        facts.derive(fs, self.ruleset.patterns)
        try:
            matches = self.engine.evaluate(fs, self.budget)  # type: ignore[attr-defined]
        except EngineStalled as exc:
            return Result(doc.path, (findings.stalled(doc, str(exc)),), mission=strategy.mission.acronym)
        return Result(doc.path, tuple(findings.build(matches, self.ruleset, fs, doc)), mission=strategy.mission.acronym)

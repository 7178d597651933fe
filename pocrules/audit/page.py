"""The audit's HTML page: one printable file that carries every mission's findings.

It uses the same templates, stylesheet and Content-Security-Policy as ``check --format html``
(see :mod:`pocrules.reporters.pages`). Each file's heatmap row and mission section are rendered
where the file was checked (:func:`fragments`, in a worker) and streamed to two part files as
results arrive, so memory stays flat; what the summary charts need is kept small: per file its
mission, date and score (for the score distribution and the trends across dated versions of a
mission), and a count per requirement.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from markupsafe import Markup

from ..catalogue import requirements
from ..cover import Cover
from ..reporters import plain_citations
from ..reporters.pages import document, macros, stream
from ..rules.ruleset import Ruleset
from .runner import Outcome
from .scores import MissionRow, Totals

BINS = 10
"""The score distribution's bars: 0-9, 10-19, ... 90-100."""


@dataclass(frozen=True)
class Version:
    """One dated version of a mission's strategy, for the trends table (shown for missions with two or more
    distinct dates or version labels: variants of one version are not a trend)."""

    dated: str
    version: str
    status: str
    score: float | None
    anchor: str
    path: str


def histogram(scores: list[float]) -> list[tuple[str, int]]:
    counts = [0] * BINS
    for s in scores:
        counts[min(int(s // (100 / BINS)), BINS - 1)] += 1
    width = 100 // BINS
    return [(f"{i * width}–{100 if i == BINS - 1 else (i + 1) * width - 1}", n) for i, n in enumerate(counts)]


def trend_points(versions: list[Version], width: int = 300, height: int = 90) -> list[tuple[float, float, str]]:
    """Where each scored version sits on a small line chart: x by order, y by score (0 at the bottom)."""
    scored = [v for v in versions if v.score is not None]
    step = (width - 40) / max(len(scored) - 1, 1)
    return [(round(20 + i * step, 1), round(height - 15 - v.score * (height - 30) / 100, 1), f"{v.score:.1f}")
            for i, v in enumerate(scored)]


def fragments(row: MissionRow, outcome: Outcome, anchor: str, sections: list[str], titles: dict[str, str],
              as_of: str) -> tuple[str, str]:
    """One file's heatmap row and mission section of the page."""
    doc = document(anchor, row.path, row.mission, outcome.cover, outcome.findings, outcome.problems, sections,
                   row.score)
    scores = [row.sections[s].score if s in row.sections else None for s in sections]
    return (str(macros("audit-row.html.j2").row(row, anchor, scores)),
            str(macros("audit-mission.html.j2").mission(doc, titles, as_of)))


class AuditPage:
    def __init__(self, out: Path, ruleset: Ruleset, sections: list[str], as_of: str) -> None:
        self.out, self.ruleset, self.sections, self.as_of = out, ruleset, sections, as_of
        self.titles = {r.id: r.rule.title for r in ruleset.rules}
        # backslashreplace: a file name that is not UTF-8 still shows (escaped) instead of failing the run
        self._rows: IO[str] = (out / ".audit.html.rows.part").open("w", encoding="utf-8", errors="backslashreplace")
        self._missions: IO[str] = (out / ".audit.html.missions.part").open("w", encoding="utf-8",
                                                                            errors="backslashreplace")
        self.scores: list[float] = []
        self.versions: dict[str, list[Version]] = defaultdict(list)
        self.requirement_failures: Counter[str] = Counter()
        self._cites = {r.id: r.rule.cites for r in ruleset.rules}

    def add(self, row: MissionRow, cover: Cover | None, anchor: str, html: tuple[str, str]) -> None:
        """One file's :func:`fragments`, and what the summary charts keep of it."""
        self._rows.write(html[0])
        self._missions.write(html[1])
        if row.score is not None:
            self.scores.append(row.score)
            self.requirement_failures.update({c for rule in row.rule_findings for c in self._cites.get(rule, ())})
        if cover is not None:
            self.versions[cover.acronym].append(Version(cover.dated, cover.version, cover.status, row.score, anchor,
                                                        row.path))

    def _chunks(self, handle: IO[str]) -> Iterator[Markup]:
        """A part file back, in pieces; it holds markup the templates rendered (and escaped) earlier."""
        with open(handle.name, encoding="utf-8") as part:
            while chunk := part.read(1 << 16):
                yield Markup(chunk)

    def finish(self, totals: Totals, score_definition: str) -> Path:
        self._rows.close()
        self._missions.close()
        catalogue = requirements()
        weakest = [(rid, n, self.titles[rid], plain_citations(self._cites[rid])) for rid, n in totals.weakest_rules()]
        failing = [(catalogue[c].ref, catalogue[c].title, n)
                   for c, n in sorted(self.requirement_failures.items(),
                                      key=lambda kv: (-kv[1], list(catalogue).index(kv[0])))[:10]]
        trends = []
        for acronym, versions in sorted(self.versions.items()):
            if len({(v.dated, v.version) for v in versions}) > 1:
                ordered = sorted(versions, key=lambda v: (v.dated, v.version, v.path))
                trends.append((acronym, ordered, trend_points(ordered)))
        bins = histogram(self.scores)
        final, temporary = self.out / "audit.html", self.out / ".audit.html.tmp"
        with temporary.open("w", encoding="utf-8", errors="backslashreplace") as handle:
            for piece in stream("audit.html.j2", ruleset=self.ruleset.name, as_of=self.as_of, totals=totals,
                                weakest=weakest, failing=failing, checked=max(totals.checked, 1),
                                section_means=totals.section_means(), sections=self.sections, bins=bins,
                                most=max([n for _, n in bins] + [1]), trends=trends,
                                rows=self._chunks(self._rows), missions=self._chunks(self._missions),
                                score_definition=score_definition):
                handle.write(piece)
        os.replace(temporary, final)
        Path(self._rows.name).unlink()
        Path(self._missions.name).unlink()
        return final

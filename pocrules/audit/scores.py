"""Compliance scores and cross-mission totals.

Score definition (also in the README). Each unwaived finding costs its rule's weight:
its severity (error 3, warning 2, info 1) times how central the requirement it cites
is (3 for the requirements at the centre of a strategy, 1 for the rest; see
``weight`` in the requirement catalogue). A rule costs at most three findings' worth,
so one defect repeated across many elements does not drown every other. A rule whose
findings a failing cause suppresses (``depends_on``: a section not written, an empty
matrix, an expired strategy) still fails and costs its weight once, so leaving a
section out never scores better than writing it with every requirement missed. A rule
may cap the score while it reports (``score_cap``): a strategy no longer in force
(POC-J-011) scores at most 50, whatever else it gets right. A mission's
score is ``100 x exp(-cost / 60)``: 100 with no finding, about 86 with one
unmitigated priority risk (an error on a central requirement), below 10 for a blank
template. A section's score is the same over its own rules, on a scale of 20, so a
single central error shows in its section. A score never rises for rules passed
because there was nothing to check: it only falls with what is missing or wrong. Each
rule is also counted as a check that **fails** (it reports an unwaived finding), is
**waived** (its finding, or the cause that explains it, is waived), or **passes**. A
file that could not be checked has no score.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ..catalogue import requirements

from ..findings import SECTION_ORDER
from ..rules.ruleset import Ruleset
from ..policy import UNVERIFIED
from .runner import Outcome

WEIGHTS = {"error": 3, "warning": 2, "info": 1}
REPEATS = 3
"""The most findings of one rule that count against a score."""
SCALE, SECTION_SCALE = 60, 20
"""The cost at which a score falls to 100/e (about 37): the whole strategy, one section."""


def weight(rule) -> int:  # noqa: ANN001 - a CompiledRule
    """What one finding of ``rule`` costs: its severity times the centrality of what it cites."""
    catalogue = requirements()
    return WEIGHTS[rule.severity] * max((catalogue[c].weight for c in rule.rule.cites if c in catalogue), default=1)
UNCHECKED_SHOWN = 20


@dataclass(frozen=True)
class SectionScore:
    passed: int
    failed: int
    waived: int
    score: float | None


@dataclass(frozen=True)
class MissionRow:
    path: str
    mission: str | None
    score: float | None
    sections: dict[str, SectionScore]
    rule_findings: dict[str, int]
    """Unwaived findings of each rule that has some (in ruleset order); a rule not named has none.

    Only these: the row travels from a worker, and is kept between audits, for every file."""
    severities: dict[str, int]
    problems: tuple[str, ...] = ()
    on_purpose: str | None = None

    @property
    def status(self) -> str:
        return "error" if self.problems else "checked"


def _score(cost: int, scale: int) -> float:
    return round(100 * math.exp(-cost / scale), 1)


def sections_of(ruleset: Ruleset) -> list[str]:
    present = {r.section for r in ruleset.rules}
    return [s for s in SECTION_ORDER if s in present]


class Scorer:
    """Scores outcomes against one ruleset, whose rules' ids, sections and weights it works out once.

    Only the rules a file's findings name (and the rules that depend on them) are looked at: every
    other rule of the ruleset passes, so a section starts with all its rules passed.
    """

    def __init__(self, ruleset: Ruleset) -> None:
        self.sections = sections_of(ruleset)
        self.rules = {r.id: (i, r.section, weight(r), r.rule.score_cap) for i, r in enumerate(ruleset.rules)}
        self.dependants: dict[str, list[str]] = {}
        for r in ruleset.rules:
            for parent in r.rule.depends_on:
                self.dependants.setdefault(parent, []).append(r.id)
        self.per_section = Counter(r.section for r in ruleset.rules)
        self.clean = {s: SectionScore(n, 0, 0, _score(0, SECTION_SCALE)) for s, n in self.per_section.items()}
        """Each section's score with all its checks passed: most sections of most files (shared, not built again)."""

    def __call__(self, outcome: Outcome) -> MissionRow:
        if outcome.failed:
            return MissionRow(outcome.path, outcome.mission, None, {}, {}, {},
                              tuple(p.where(outcome.path) + ": " + p.message for p in outcome.problems),
                              outcome.on_purpose)
        rules = self.rules
        per_rule = Counter(f.rule for f in outcome.findings if f.waived is None and f.severity != UNVERIFIED)
        # A check the Word document could not verify (prose only) neither passes nor fails, like a waived one.
        waived_rules = {f.rule for f in outcome.findings if f.waived is not None or f.severity == UNVERIFIED}
        # per section: passed, failed, waived checks; cost of its findings
        cells: dict[str, list[int]] = {s: [self.per_section[s], 0, 0, 0] for s in self.sections}
        caps = []
        failing = sorted((rule_id for rule_id in per_rule if rule_id in rules), key=lambda r: rules[r][0])
        judged: set[str] = set()

        def judge(rule_id: str, column: int, cost: int = 0) -> None:
            """Move one of a section's checks from passed to failed (1) or waived (2), adding its cost."""
            judged.add(rule_id)
            cell = cells[rules[rule_id][1]]
            cell[0] -= 1
            cell[column] += 1
            cell[3] += cost

        for rule_id in failing:
            _, _, cost, cap = rules[rule_id]
            judge(rule_id, 1, cost * min(per_rule[rule_id], REPEATS))
            if cap is not None:
                caps.append(cap)
        for parent in per_rule:
            for rule_id in self.dependants.get(parent, ()):
                if rule_id not in judged:
                    # Suppressed by its failing cause (see causes.py): unmet all the same, so it fails and costs once.
                    judge(rule_id, 1, rules[rule_id][2])
        for waived in waived_rules:
            # A waived cause still explains its dependants (causes.py hides their findings):
            # they are waived with it, neither passed nor failed.
            for rule_id in (waived, *self.dependants.get(waived, ())):
                if rule_id in rules and rule_id not in judged:
                    judge(rule_id, 2)
        sections = {s: SectionScore(c[0], c[1], c[2], _score(c[3], SECTION_SCALE)) if c[1] or c[2] else self.clean[s]
                    for s, c in cells.items()}
        overall = _score(sum(c[3] for c in cells.values()), SCALE)
        overall = min([overall, *map(float, caps)])
        severities = Counter(f.severity for f in outcome.findings if f.waived is None)
        return MissionRow(outcome.path, outcome.mission, overall, sections, {r: per_rule[r] for r in failing},
                          {s: severities.get(s, 0) for s in WEIGHTS})


@dataclass
class Totals:
    """What the whole audit adds up to; O(rules + sections), whatever the number of files."""

    ruleset: Ruleset
    files: int = 0
    errors: int = 0
    rule_failures: Counter = field(default_factory=Counter)
    section_scores: dict[str, list[float]] = field(default_factory=dict)
    score_sum: float = 0.0
    scored: int = 0
    severities: Counter = field(default_factory=Counter)
    weakest: list[tuple[float, str, str]] = field(default_factory=list)
    unchecked: list[MissionRow] = field(default_factory=list)
    """The first files that could not be checked (at most ``UNCHECKED_SHOWN``), to name them."""

    def add(self, row: MissionRow) -> None:
        self.files += 1
        if row.problems:
            self.errors += 1
            if len(self.unchecked) < UNCHECKED_SHOWN:
                self.unchecked.append(row)
            return
        self.rule_failures.update(row.rule_findings.keys())
        for section, s in row.sections.items():
            if s.score is not None:
                acc = self.section_scores.setdefault(section, [0.0, 0])
                acc[0] += s.score
                acc[1] += 1
        if row.score is not None:
            self.score_sum += row.score
            self.scored += 1
            self.weakest = sorted([*self.weakest, (row.score, row.mission or "", row.path)])[:10]
        self.severities.update(row.severities)

    @property
    def checked(self) -> int:
        return self.files - self.errors

    def mean_score(self) -> float | None:
        return round(self.score_sum / self.scored, 1) if self.scored else None

    def section_means(self) -> dict[str, float]:
        return {s: round(v[0] / v[1], 1) for s, v in self.section_scores.items() if v[1]}

    def weakest_rules(self, n: int = 10) -> list[tuple[str, int]]:
        """Rules most missions fail, then by id: where the system as a whole is weakest."""
        order = {r.id: i for i, r in enumerate(self.ruleset.rules)}
        ranked = sorted(self.rule_failures.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        return ranked[:n]

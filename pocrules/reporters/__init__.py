"""Output formats. Each takes the results of a run and returns text; none re-derives findings.

The helpers here are the only place where a format-independent decision is
made (which rules a run covers, how a path is shown, how findings group by
template section, how a citation reads, how a severity maps to another tool's
level), so every format shows the same thing in the same order.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from ..check import Result
from ..findings import ENGINE_RULE, SECTION_ORDER, Finding
from ..waivers import EXPIRED, STALE

if TYPE_CHECKING:
    from ..rules.ruleset import Ruleset

from ..policy import UNVERIFIED

SEVERITIES = ("error", "warning", "info")
"""The one order severities are shown in, everywhere: most severe first."""

FORMATS = ("text", "json", "sarif", "junit", "markdown", "github", "html", "docx")
"""Report formats; docx (the review document) is written to a file, for one checked document."""
SUFFIXES = {"text": ".txt", "json": ".json", "sarif": ".sarif", "junit": ".xml", "markdown": ".md",
            "github": "-github.txt", "html": ".html", "docx": ".docx"}
"""The file name ending of each format, for reports written into a folder (``check --out``)."""

LEVELS: dict[str, dict[str, str]] = {
    "sarif": {"error": "error", "warning": "warning", "info": "note", UNVERIFIED: "note"},
    "github": {"error": "error", "warning": "warning", "info": "notice", UNVERIFIED: "notice"},
}
"""Severity -> the level another tool uses for it."""


@dataclass(frozen=True)
class Run:
    """Everything a reporter may show about one invocation."""

    results: tuple[Result, ...]
    ruleset: str
    engine: str
    as_of: str
    fail_on: str
    rules: Ruleset | None = None
    """The compiled ruleset, when known: rule titles, docs and the rules that found nothing."""
    verbose: bool = False
    """Show each finding's JSON pointer in the human formats too."""
    docs_url: str | None = None
    """Where the rule pages are published (configuration ``docs_url``); see :func:`rule_url`."""

    def counts(self) -> dict[str, int]:
        """Findings per severity; "unverified" (Word parts read only as prose) only when there are some."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for r in self.results:
            for f in r.findings:
                counts[f.severity] = counts.get(f.severity, 0) + 1
        return counts

    @property
    def unreadable(self) -> int:
        return sum(1 for r in self.results if r.error)

    @property
    def waived(self) -> int:
        """How many of the findings counted by :meth:`counts` a reviewer has waived."""
        return sum(1 for r in self.results for f in r.findings if f.waived is not None)


@dataclass(frozen=True)
class RuleInfo:
    """What a report says about a rule; from the ruleset, or only from its findings."""

    id: str
    title: str
    severity: str
    section: str
    cites: tuple[str, ...]
    tags: tuple[str, ...] = ()
    description: str = ""
    rationale: str = ""
    fix: str = ""
    fix_yaml: str = ""


# Findings that no ruleset rule produces (their fix texts come with each finding).
_BUILT_IN = {r.id: r for r in (
    RuleInfo(ENGINE_RULE, "The strategy was checked completely", "error", "body", (),
             description="The rule engine finished within its time budget.",
             rationale="A check that did not finish cannot say the strategy has no gaps.",
             fix="Check the file again with a larger budget, or report the stall."),
    RuleInfo(EXPIRED, "Waivers are renewed before they expire", "warning", "body", (),
             description="A waiver past its expiry date no longer applies; the findings it covered are reported again.",
             rationale="An accepted deviation is accepted for a time; after it the reviewer decides again."),
    RuleInfo(STALE, "Every waiver matches a finding", "warning", "body", (),
             description="A waiver that matches no finding is reported, so the list never outlives its use.",
             rationale="A waiver for a finding that is gone (or a mistyped one) hides nothing but misleads."),
)}


def rules_of(run: Run) -> list[RuleInfo]:
    """Every rule the run covers: the ruleset's, in its order, then any known only from findings."""
    known: dict[str, RuleInfo] = {}
    for r in run.rules.rules if run.rules else ():
        docs = r.rule.docs
        known[r.id] = RuleInfo(r.id, r.rule.title, r.severity, r.section, tuple(r.rule.cites), tuple(r.rule.tags),
                               docs.description, docs.rationale, r.rule.fix, r.rule.fix_yaml or "")
    extra: dict[str, RuleInfo] = {}
    for f in (f for res in run.results for f in res.findings):
        if f.rule not in known and f.rule not in extra:
            extra[f.rule] = _BUILT_IN.get(f.rule) or RuleInfo(f.rule, f.rule, f.severity, f.section, f.cites)
    return [*known.values(), *(extra[k] for k in sorted(extra))]


_UNPRINTABLE = {**{c: None for c in (*range(0x20), *range(0x7f, 0xa0))}, 0x09: " ", 0x0A: " ", 0x0D: " ",
                **{c: "\ufffd" for c in range(0xD800, 0xE000)}}


def printable(text: str) -> str:
    """``text`` without control characters (terminal escape sequences, carriage returns) or
    undecodable bytes: a value from a strategy must not drive the terminal or break a line."""
    return text.translate(_UNPRINTABLE)


def rule_url(docs_url: str | None, rule: str) -> str | None:
    """A rule's published page: ``docs_url`` with ``{rule}`` filled in, or ``docs_url/RULE.md``
    (the layout of docs/rules/); None when no docs URL is configured, so no link is invented."""
    if not docs_url:
        return None
    return docs_url.replace("{rule}", rule) if "{rule}" in docs_url else f"{docs_url.rstrip('/')}/{rule}.md"


def relative(path: str) -> str:
    """A path as CI tools and readers expect it: relative to the working directory when inside it, with /."""
    return _relative(path, os.getcwd())


@lru_cache(maxsize=1024)
def _relative(path: str, cwd: str) -> str:
    """Remembered: reports show each file's path several times."""
    p = Path(path)
    if p.is_absolute() and p.is_relative_to(cwd):
        p = p.relative_to(cwd)
    return p.as_posix()


def by_section(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by template section, sections in the template's order."""
    ordered = sorted(findings, key=lambda f: (SECTION_ORDER.index(f.section), f))
    return [(section, list(group)) for section, group in groupby(ordered, key=lambda f: f.section)]


def citations(ids: Iterable[str]) -> list[tuple[str, str]]:
    """(requirement id, paragraph reference) for each cited requirement: what machine formats carry."""
    from ..catalogue import requirements

    catalogue = requirements()
    return [(c, catalogue[c].ref if c in catalogue else "") for c in ids]


def plain_citations(ids: Iterable[str]) -> list[str]:
    """Each cited requirement as a reader asks for it: the paragraph, then the requirement in words.

    "Framework para 9, Host government consulted (Framework: critical)": the internal id stays in
    machine formats; the Framework's own word says how strongly it asks.
    """
    from ..catalogue import requirements

    catalogue = requirements()
    return [f"{catalogue[c].ref}, {catalogue[c].title} (Framework: {catalogue[c].modality})" if c in catalogue else c
            for c in ids]


def citation_text(ids: Iterable[str]) -> str:
    """The citations on one line; a paragraph reference may itself contain ';', so they are joined by '·'."""
    return " · ".join(plain_citations(ids))


@cache
def _not_xml() -> re.Pattern[str]:
    """Characters XML 1.0 cannot carry at all, even escaped (compiled when first needed: about 4 ms)."""
    return re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Text for an XML format (JUnit, Word): what XML cannot carry becomes U+FFFD."""
    return _not_xml().sub("\ufffd", text)


def where(f: Finding, *, line: bool = True) -> str:
    """Where a reader finds what a finding is about: the Word place, or section, element and line.

    ``Section B, risk R6 "Civilian casualties from explosive remnants…" (line 835)``; never a
    JSON pointer (machine formats and ``--verbose`` carry that).
    """
    if f.place is not None:
        return f.place.label
    if not f.subject:
        return f"line {f.line}" if line else ""
    return f"{f.subject} (line {f.line})" if line else f.subject


def waiver_text(f: Finding) -> str:
    """'Waived by WHO: WHY (expires DATE)'; empty for a finding that is not waived."""
    if f.waived is None:
        return ""
    expires = f" (expires {f.waived.expires})" if f.waived.expires else ""
    return f"Waived by {f.waived.approved_by}: {f.waived.justification}{expires}"


def titles_of(run: Run) -> dict[str, str]:
    """Each rule's title, for the rules that have one besides their id."""
    return {r.id: r.title for r in rules_of(run) if r.title != r.id}


def settled_text(result: Result, titles: dict[str, str]) -> list[str]:
    """What a document's findings leave out on purpose, in words: findings explained by another, rules deferred.

    ``8 more findings are not shown: they follow from POC-F-011 "Section F (capacities…) is not written
    yet." (checks POC-F-001, …)``, quoting the cause as it is reported, so a reader knows which finding
    to fix first; deferred rules are named by their titles.
    """
    by_cause: dict[str, tuple[list[str], int]] = {}  # one line per cause, however many rules it explains
    for rule, parent, n in result.suppressed:
        rules, total = by_cause.get(parent, ([], 0))
        by_cause[parent] = ([*rules, rule], total + n)
    lines = []
    for parent, (rules, total) in by_cause.items():
        said = {f.message for f in result.findings if f.rule == parent}
        cause = f'{parent} "{said.pop()}"' if len(said) == 1 else _titled(parent, titles)
        more = f"{total} more finding is not shown: it follows" if total == 1 else \
            f"{total} more findings are not shown: they follow"
        lines.append(f"{more} from {cause} (check{'s' if len(rules) > 1 else ''} {', '.join(rules)})")
    if result.deferred:
        lines.append("Not judged while the strategy is a draft (they apply to the final strategy): "
                     + "; ".join(_titled(rule, titles) for rule in result.deferred))
    return lines


def _titled(rule: str, titles: dict[str, str]) -> str:
    return f"{rule} ({titles[rule]})" if rule in titles else rule


_FIELD = re.compile(r"`([a-z_]+(?:\.[a-z_]+)*)")
"""A field path at the start of a `backticked` span of a ``fix_yaml`` text (``purpose_scope.review``)."""


def advice(f: Finding, *, word: bool | None = None) -> str:
    """What to do, for the reader of the document checked (a Word one unless ``word`` says otherwise): the
    fix in words, then where to write it. A YAML or JSON file gets the rule's ``fix_yaml``; a Word
    document the template's place for the first field that names one, and never YAML."""
    if not f.fix:
        return ""
    if not (f.in_word if word is None else word):
        return f"{f.fix} In the file: {f.fix_yaml}" if f.fix_yaml else f.fix
    place = word_place(f.fix_yaml, f.pointer)
    return f"{f.fix} In the document: {place}." if place else f.fix


def word_place(fix_yaml: str, pointer: str = "") -> str:
    """The Word template's place for the first field ``fix_yaml`` names: a path from the strategy's top
    (``purpose_scope.linked_strategies``), else a field of the row the finding is on (``trend``); ""
    when none has a place in the template."""
    from ..word.template import place_of

    tokens = pointer.split("/")
    index = max((i for i, t in enumerate(tokens) if t.isdigit()), default=None)
    row = "/".join([*tokens[:index], "*"]) if index is not None else None
    for field in _FIELD.findall(fix_yaml):
        path = field.replace(".", "/")
        for candidate in ("/" + path, f"{row}/{path}" if row is not None else ""):
            place = place_of(candidate) if candidate else ""
            if place:
                return place
    return ""


def details(f: Finding) -> list[str]:
    """The lines under a finding in plain-text formats: its citation, then its waiver or its fix."""
    # The first line already gives the file position (a Word place included): this names the element.
    lines = [f"where: {f.subject}"] if f.subject else []
    cited = plain_citations(f.cites)
    lines += [("cites: " if i == 0 else "       ") + c for i, c in enumerate(cited)]
    if f.waived:
        lines.append(waiver_text(f))
    elif f.fix:
        lines.append(f"fix: {advice(f)}")
    return lines


def render(run: Run, fmt: str, *, color: bool = False) -> str | bytes | None:
    """The report in one format: text, or bytes for docx (None when its document could not be checked)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format '{fmt}'; expected one of: {', '.join(FORMATS)}")
    module = importlib.import_module(f".{fmt}", __name__)
    return module.render(run, color=color) if fmt == "text" else module.render(run)


def write(run: Run, outputs: list[tuple[str, str | None]], *, color: bool) -> None:
    """Render each (format, path); path None is stdout. Files are replaced atomically.

    Everything is rendered before anything is written, so a failing format
    leaves no report half-updated. Colour only ever goes to stdout. A review
    document (docx) of a file that could not be checked is not written at all.
    """
    from ..writing import atomic_write

    rendered = [(render(run, fmt, color=color and path is None), path) for fmt, path in outputs]
    for text, path in rendered:
        if text is None:
            continue
        if path is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            atomic_write(Path(path), text)

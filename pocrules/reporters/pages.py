"""The HTML reports (check, audit, diff): one set of jinja2 templates, one stylesheet, one policy.

Every template autoescapes (strategy text is untrusted input, and a template cannot forget to
escape it). The stylesheet (``templates/report.css``) is inlined and allowed by its hash, so
the Content-Security-Policy forbids everything else: no script, no other style, no image, font
or connection. A page is one self-contained file a reviewer can forward or print.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from ..cover import Cover
from ..errors import Problem
from ..findings import SECTION_ORDER, SECTION_TITLES, Finding
from ..policy import UNVERIFIED
from . import SEVERITIES, advice, by_section, plain_citations, relative, waiver_text, where
from .compiled import CompiledTemplates

_CODE = re.compile(r"`([^`]+)`")

SECTION_LABELS = {**{s: s for s in SECTION_ORDER}, "body": "Drafting", "annex-I": "Annex I"}
"""Column headings for template sections; 'body' is the Framework's own drafting requirements."""


def stylesheet() -> str:
    return resources.files("pocrules").joinpath("templates/report.css").read_text(encoding="utf-8")


def policy(css: str) -> str:
    """The Content-Security-Policy of every report: only this stylesheet, nothing else at all."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


def code(text: str) -> Markup:
    """Escaped text, with `backticked` spans shown as code (the fix texts use them for YAML keys)."""
    return Markup(_CODE.sub(r"<code>\1</code>", str(escape(text))))


def located(f: Finding) -> str:
    """Where a finding is in its file, its path as reports show it: ``strategy.yaml:12:5``."""
    return f.where(relative(f.path))


@lru_cache(maxsize=256)
def cited(ids: tuple[str, ...]) -> tuple[str, ...]:
    """A finding's citations in words (see plain_citations): worked out once per rule, not per finding."""
    return tuple(plain_citations(ids))


def score(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def band(value: float | None) -> str:
    """The heatmap colour of a score."""
    return "none" if value is None else "good" if value >= 90 else "fair" if value >= 70 else "poor"


@cache
def environment() -> Environment:
    # auto_reload off: the templates ship with the package, so an audit need not stat them for every file it renders
    # bytecode_cache: compiled once, then kept in the user's cache folder (see .compiled)
    env = Environment(loader=PackageLoader("pocrules", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=False,
                      bytecode_cache=CompiledTemplates.in_user_cache())
    css = stylesheet()
    env.globals.update(css=css, csp=policy(css), version=__version__, SECTION_TITLES=SECTION_TITLES,
                       SECTION_LABELS=SECTION_LABELS, SEVERITIES=SEVERITIES)
    env.filters.update(advice=advice, code=code, where=where, cites=cited, located=located,
                       waiver=waiver_text, score=score, band=band)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


@cache
def macros(template: str) -> Any:
    """A template's macros, to call from Python: the audit renders its fragments of every file this way,
    without setting up a template's context twice a file."""
    return environment().get_template(template).module


def stream(template: str, **context: Any) -> Iterator[str]:
    """The page in pieces, for reports whose parts are read from disk as they are written out."""
    return environment().get_template(template).generate(**context)


@dataclass(frozen=True)
class SectionRow:
    """One line of a document's per-section summary: counts by severity, linked to the findings."""

    section: str
    cells: tuple[int, ...]
    """Its unwaived findings of each of the document's columns (see DocumentView.columns)."""
    anchor: str | None


@dataclass(frozen=True)
class DocumentView:
    """One strategy as the HTML reports show it: cover, per-section summary, findings by section."""

    anchor: str
    path: str
    mission: str | None
    cover: Cover | None
    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...] = ()
    score: float | None = None
    columns: tuple[str, ...] = SEVERITIES
    """The per-section table's count columns: the severities, then findings that could not be
    verified from a Word document, when there are some (else the summary's total has no breakdown)."""
    sections: list[SectionRow] = field(default_factory=list)
    groups: list[tuple[str, str, list[Finding]]] = field(default_factory=list)
    """(section, anchor, findings), in the template's order."""
    notes: tuple[str, ...] = ()
    """What the findings leave out on purpose (see reporters.settled_text)."""

    @cached_property  # the per-section table asks for it on every row
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            if f.waived is None:
                counts[f.severity] = counts.get(f.severity, 0) + 1  # "unverified" only when there are some
        return counts



def document(anchor: str, path: str, mission: str | None, cover: Cover | None, findings: Iterable[Finding],
             problems: Iterable[Problem] = (), sections: Iterable[str] = SECTION_ORDER,
             score: float | None = None, notes: Iterable[str] = ()) -> DocumentView:
    found = tuple(findings)
    groups = [(s, f"{anchor}-{s}", fs) for s, fs in by_section(found)]
    linked = {s: a for s, a, _ in groups}
    counts: dict[str, dict[str, int]] = {}  # section -> severity -> unwaived findings
    for f in found:
        if f.waived is None:
            of = counts.setdefault(f.section, {})
            of[f.severity] = of.get(f.severity, 0) + 1
    columns = (*SEVERITIES, UNVERIFIED) if any(UNVERIFIED in c for c in counts.values()) else SEVERITIES
    none = (0,) * len(columns)
    rows = [SectionRow(section, tuple(counts[section].get(c, 0) for c in columns) if section in counts else none,
                       linked.get(section))
            for section in sorted(dict.fromkeys([*sections, *linked]), key=SECTION_ORDER.index)]
    return DocumentView(anchor, relative(path), mission, cover, found, tuple(problems), score, columns, rows, groups,
                        tuple(notes))

"""Audit reports: CSV matrices, JSON, Markdown, a printable HTML page (see .page), per-mission findings.

Each file's share of every report (its score, its CSV, JSON and Markdown rows, its
HTML row and section, its findings file) is rendered where the file was checked,
by a worker (:class:`Renderer`), so the parent only appends text: rows are written
as results arrive (nothing per mission is kept in memory) into the run's staging
folder (see :mod:`.folder`), which replaces ``--out`` whole once ``finish`` has
written the summaries, so a reviewer never sees half a run.

Every value from a strategy (mission names, paths, messages) is untrusted: the
Markdown escapes it, the CSV matrices neutralise what a spreadsheet would run
as a formula, and control characters are dropped everywhere.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from .. import __version__
from ..cover import Cover
from ..findings import SECTION_TITLES
from ..reporters import citation_text, printable
from ..reporters.markdown import cell as md
from ..rules.ruleset import Ruleset
from .kept import Kept
from .page import AuditPage, fragments
from .runner import Outcome
from .scores import MissionRow, Scorer, Totals, sections_of

SCORE_DEFINITION = (
    "Each rule is one check per mission: it fails when the rule reports at least one finding, "
    "otherwise it passes (waived findings count as waived). Checks weigh by severity (error 3, "
    "warning 2, info 1); a score is 100 x passed weight / (passed + failed weight). "
    "Files that could not be checked have no score.")

PARTS = ("matrix-sections.csv", "matrix-rules.csv", "audit.json", "audit.md")
"""The summaries written row by row into part files (audit.html is the page's: see .page)."""
DETAILS = "missions"
OUTPUTS = frozenset((*PARTS, "audit.html", DETAILS))
"""Everything an audit writes into --out (and so everything it may replace there)."""

_NAME_BYTES = 200  # below the 255-byte limit of common file systems, with room for "-N.json"
_FORMULA = ("=", "+", "-", "@")


def csv_cell(value: str) -> str:
    """Text a spreadsheet shows as text: no control characters, no leading formula sign (OWASP)."""
    value = printable(value)
    return "'" + value if value.startswith(_FORMULA) else value


def _fmt(score: float | None) -> str:
    return "" if score is None else f"{score:.1f}"


@dataclass(frozen=True)
class Part:
    """One file's share of every report, rendered by :class:`Renderer`, appended by :meth:`Reports.add`."""

    row: MissionRow
    cover: Cover | None
    unwaived: tuple[str, ...]
    """Severities of its unwaived findings (for --fail-on)."""
    anchor: str
    csv_sections: str
    csv_rules: str
    json: str
    md: str
    html: tuple[str, str]


@dataclass(frozen=True)
class Layout:
    """What a worker needs to render files' parts (small and picklable): the staging folder, the date, and
    where parts are kept between audits (None with --no-cache)."""

    out: Path
    as_of: str
    kept: Kept | None = None

    def bind(self, ruleset: Ruleset) -> Renderer:
        return Renderer(self, ruleset)

    def reuse(self, path: str, tag: tuple[int, str]) -> tuple[Part | None, str | None]:
        """The part an earlier audit rendered of the file as it is now, its findings file put back; and its key."""
        key = self.kept.key(path, tag) if self.kept is not None else None
        earlier = self.kept.get(key, Part) if key is not None else None
        if earlier is None:
            return None, key
        part, digest = earlier
        if not self.kept.place(key, digest, self.out / DETAILS / tag[1]):
            return None, key
        return part, key

    def write(self, tag: tuple[int, str], text: str) -> None:
        """A file's findings file (``tag``: its position in the audit and the file's name, see Reports.detail_name)."""
        (self.out / DETAILS / tag[1]).write_text(text, encoding="utf-8")


class Renderer:
    """Renders files' parts and writes their findings files; run in the worker that checked them."""

    def __init__(self, layout: Layout, ruleset: Ruleset) -> None:
        self.layout, self.ruleset, self.as_of = layout, ruleset, layout.as_of
        self.sections = sections_of(ruleset)
        self.titles = {r.id: r.rule.title for r in ruleset.rules}
        self.rule_column = {r.id: i for i, r in enumerate(ruleset.rules)}
        self.score = Scorer(ruleset)

    def __call__(self, outcome: Outcome, tag: tuple[int, str], key: str | None = None) -> Part:
        """``tag`` as for :meth:`Layout.write`; ``key``, from :meth:`Layout.reuse`, to keep the part for the next audit.

        It is kept only if checking the file again would give the same outcome, and the file
        still has the bytes it had when the key was made (so it has those the check read).
        """
        part, text = self.render(outcome, tag)
        kept = self.layout.kept
        if key is not None and kept is not None and outcome.lasting and kept.key(outcome.path, tag) == key:
            digest = kept.put(key, part, text)
            if digest is not None and kept.place(key, digest, self.layout.out / DETAILS / tag[1]):
                return part  # the findings file is the kept one (see .kept)
        self.layout.write(tag, text)
        return part

    def render(self, outcome: Outcome, tag: tuple[int, str]) -> tuple[Part, str]:
        """A file's part and the text of its findings file."""
        index, name = tag
        row = self.score(outcome)
        details = f"{DETAILS}/{name}"
        cells = [row.sections.get(s) for s in self.sections]
        who = _csv_line([csv_cell(row.path), csv_cell(row.mission or ""), row.status])[:-2]  # without its line end
        per_rule = [""] * len(self.rule_column) if row.problems else ["0"] * len(self.rule_column)
        for rule_id, n in row.rule_findings.items():
            per_rule[self.rule_column[rule_id]] = str(n)
        entry = {"path": row.path, "mission": row.mission, "status": row.status, "score": row.score,
                 "sections": {s: {"score": c.score, "pass": c.passed, "fail": c.failed, "waived": c.waived}
                              for s, c in row.sections.items()},
                 "findings": row.severities, "errors": list(row.problems), "details": details}
        status = f"could not be checked: {md(row.problems[0])}" if row.problems else row.status
        anchor = f"m-{index + 1}"
        text = indented({
            "path": row.path, "mission": row.mission, "status": row.status, "as_of": self.as_of,
            "findings": [f.to_dict() for f in outcome.findings],
            "errors": [{"message": p.message, "pointer": p.pointer, "line": p.line, "column": p.column}
                       for p in outcome.problems]}) + "\n"
        return Part(
            row, outcome.cover, tuple(f.severity for f in outcome.findings if f.waived is None), anchor,
            # numbers and blanks need no quoting: only the cells from the strategy go through the CSV writer
            ",".join([who, _fmt(row.score), *(_fmt(c.score) if c else "" for c in cells),
                      *(f"{c.passed}/{c.failed}/{c.waived}" if c else "" for c in cells)]) + "\r\n",
            ",".join([who, *per_rule]) + "\r\n",
            json.dumps(entry),
            f"| {md(row.mission or '—')} | {md(row.path)} | {status} | {_fmt(row.score)} | "
            + " | ".join(_fmt(c.score) if c else "" for c in cells) + " |\n",
            fragments(row, outcome, anchor, self.sections, self.titles, self.as_of)), text


def indented(value: Any) -> str:
    """``value`` as indented JSON (a findings file), written by orjson: json's indenting encoder is pure Python.

    Text that is not valid Unicode (a lone surrogate, from an escape in the strategy) or an integer
    beyond 64 bits, which orjson refuses, is written by json with the same layout, all in ASCII.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, indent=2)


def _csv_line(cells: list[object]) -> str:
    line = io.StringIO(newline="")
    csv.writer(line).writerow(cells)
    return line.getvalue()


class Reports:
    def __init__(self, out: Path, ruleset: Ruleset, as_of: str, kept: Kept | None = None) -> None:
        """Reports written into ``out``, a fresh folder of this run's own; ``kept``: parts of earlier audits."""
        self.out, self.ruleset, self.as_of, self.kept = out, ruleset, as_of, kept
        self.sections = sections_of(ruleset)
        (out / DETAILS).mkdir()
        self._names: set[str] = set()
        # backslashreplace: a file name that is not UTF-8 still shows (escaped) instead of failing the run
        self._parts: dict[str, IO[str]] = {
            name: (out / f".{name}.part").open("w", encoding="utf-8", errors="backslashreplace", newline="")
            for name in PARTS}
        self.page = AuditPage(out, ruleset, self.sections, as_of)
        csv.writer(self._parts["matrix-sections.csv"]).writerow(
            ["path", "mission", "status", "score", *self.sections, *(f"{s} pass/fail/waived" for s in self.sections)])
        csv.writer(self._parts["matrix-rules.csv"]).writerow(["path", "mission", "status",
                                                              *(r.id for r in ruleset.rules)])
        self._first_json = True

    @property
    def layout(self) -> Layout:
        return Layout(self.out, self.as_of, self.kept)

    def detail_name(self, path: str) -> str:
        """A readable file name for one file's findings, unique in this audit (ignoring case).

        Built from the whole path, so ``strategy.yaml`` and ``strategy.json`` differ;
        long paths keep their end (the file name); a clash gets ``-2``, ``-3``...
        """
        stem = re.sub(r"[^A-Za-z0-9._-]+", "__", path).strip("._-")[-_NAME_BYTES:].lstrip("._-") or "file"
        name, n = stem, 1
        while name.casefold() in self._names:
            n += 1
            name = f"{stem}-{n}"
        self._names.add(name.casefold())
        return name + ".json"

    def add(self, part: Part) -> None:
        self._parts["matrix-sections.csv"].write(part.csv_sections)
        self._parts["matrix-rules.csv"].write(part.csv_rules)
        self._parts["audit.json"].write(("" if self._first_json else ",\n") + "    " + part.json)
        self._first_json = False
        self._parts["audit.md"].write(part.md)
        self.page.add(part.row, part.cover, part.anchor, part.html)

    def finish(self, totals: Totals) -> list[Path]:
        for part in self._parts.values():
            part.close()
        weakest = [(rid, n, next(r for r in self.ruleset.rules if r.id == rid)) for rid, n in totals.weakest_rules()]
        summary = {
            "files": totals.files, "checked": totals.checked, "errors": totals.errors,
            "mean_score": totals.mean_score(), "section_means": totals.section_means(),
            "findings": {s: totals.severities.get(s, 0) for s in ("error", "warning", "info")},
            "weakest_rules": [{"rule": rid, "missions_failing": n, "title": r.rule.title,
                               "cites": list(r.rule.cites)} for rid, n, r in weakest],
        }
        head = {"schema_version": 3, "tool": {"name": "pocrules", "version": __version__},
                "ruleset": self.ruleset.name, "as_of": self.as_of, "score_definition": SCORE_DEFINITION}
        written = []
        written.append(self._assemble("audit.json", json.dumps(head)[:-1] + ', "missions": [\n',
                                      "\n  ],\n" + f'  "summary": {json.dumps(summary)}\n}}\n'))
        written.append(self._assemble("matrix-sections.csv", "", ""))
        written.append(self._assemble("matrix-rules.csv", "", ""))
        md_head = [f"# POC strategy audit ({md(self.ruleset.name)}, as of {self.as_of})", "",
                   f"{totals.files} files: {totals.checked} checked, {totals.errors} could not be checked. "
                   f"Mean compliance score: {_fmt(totals.mean_score()) or '—'}.", "",
                   "## Where the system is weakest", "",
                   "| rule | missions failing | what it checks | Framework |", "|---|---|---|---|"]
        md_head += [f"| {md(rid)} | {n} | {md(r.rule.title)} | "
                    + md(citation_text(r.rule.cites)) + " |" for rid, n, r in weakest]
        md_head += ["", "## Mean score by section", "", "| section | mean score |", "|---|---|"]
        md_head += [f"| {SECTION_TITLES[s]} | {_fmt(v)} |" for s, v in totals.section_means().items()]
        md_head += ["", "## Missions", "", "| mission | file | status | score | " + " | ".join(self.sections) + " |",
                    "|---|---|---|---|" + "---|" * len(self.sections)]
        md_tail = ["", f"*Score:* {SCORE_DEFINITION}", ""]
        written.append(self._assemble("audit.md", "\n".join(md_head) + "\n", "\n".join(md_tail)))
        written.append(self.page.finish(totals, SCORE_DEFINITION))
        return written

    def _assemble(self, name: str, head: str, tail: str) -> Path:
        part = self.out / f".{name}.part"
        with (self.out / name).open("w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
            handle.write(head)
            with part.open(encoding="utf-8", newline="") as body:
                shutil.copyfileobj(body, handle)
            handle.write(tail)
        part.unlink()
        return self.out / name

"""Audit reports: CSV matrices, JSON, Markdown, a printable HTML page, per-mission findings.

Rows are written as results arrive (nothing per mission is kept in memory),
into temporary files beside the final ones; ``finish`` writes the summaries and
moves every file into place with ``os.replace``, so a crash never leaves a
half-written report where a reviewer would find it.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import IO

from .. import __version__
from ..catalogue import requirements
from ..findings import SECTION_TITLES
from ..rules.ruleset import Ruleset
from .runner import Outcome
from .scores import MissionRow, Totals, sections_of

SCORE_DEFINITION = (
    "Each rule is one check per mission: it fails when the rule reports at least one finding, "
    "otherwise it passes (waived findings count as waived). Checks weigh by severity (error 3, "
    "warning 2, info 1); a score is 100 x passed weight / (passed + failed weight). "
    "Files that could not be checked have no score.")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, text: str) -> None:
    """Write ``path`` via a temporary file and a rename, so readers never see half a report.

    The temporary file is private to its owner; the report gets the permissions
    of any new file, since it is meant to be shared.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     prefix=f".{path.name}.", suffix=".tmp") as handle:
        handle.write(text)
    os.chmod(handle.name, 0o666 & ~_umask())
    os.replace(handle.name, path)


def mission_file(path: str) -> str:
    """A stable, readable file name for one mission's findings."""
    return re.sub(r"[^A-Za-z0-9._-]+", "__", os.path.splitext(path)[0]).strip("_") + ".json"


def _fmt(score: float | None) -> str:
    return "" if score is None else f"{score:.1f}"


class Reports:
    def __init__(self, out: Path, ruleset: Ruleset, as_of: str) -> None:
        self.out, self.ruleset, self.as_of = out, ruleset, as_of
        self.sections = sections_of(ruleset)
        out.mkdir(parents=True, exist_ok=True)
        (out / "missions").mkdir(exist_ok=True)
        self._parts: dict[str, IO[str]] = {}
        for name in ("matrix-sections.csv", "matrix-rules.csv", "audit.json", "audit.md", "audit.html"):
            self._parts[name] = tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", newline="", dir=out, delete=False, prefix=f".{name}.", suffix=".part")
        self._sections_csv = csv.writer(self._parts["matrix-sections.csv"])
        self._rules_csv = csv.writer(self._parts["matrix-rules.csv"])
        self._sections_csv.writerow(["path", "mission", "status", "score", *self.sections,
                                     *(f"{s} pass/fail/waived" for s in self.sections)])
        self._rules_csv.writerow(["path", "mission", "status", *(r.id for r in ruleset.rules)])
        self._first_json = True

    def add(self, row: MissionRow, outcome: Outcome) -> None:
        cells = [row.sections.get(s) for s in self.sections]
        self._sections_csv.writerow([row.path, row.mission or "", row.status, _fmt(row.score),
                                     *(_fmt(c.score) if c else "" for c in cells),
                                     *(f"{c.passed}/{c.failed}/{c.waived}" if c else "" for c in cells)])
        self._rules_csv.writerow([row.path, row.mission or "", row.status,
                                  *(row.rule_findings.get(r.id, "") for r in self.ruleset.rules)])
        entry = {"path": row.path, "mission": row.mission, "status": row.status, "score": row.score,
                 "sections": {s: {"score": c.score, "pass": c.passed, "fail": c.failed, "waived": c.waived}
                              for s, c in row.sections.items()},
                 "findings": row.severities, "errors": list(row.problems),
                 "details": f"missions/{mission_file(row.path)}"}
        self._parts["audit.json"].write(("" if self._first_json else ",\n") + "    " + json.dumps(entry))
        self._first_json = False
        self._parts["audit.md"].write(
            f"| {row.mission or '—'} | `{row.path}` | {row.status} | {_fmt(row.score)} | "
            + " | ".join(_fmt(c.score) if c else "" for c in cells) + " |\n")
        self._parts["audit.html"].write(self._html_row(row, cells))
        atomic_write(self.out / "missions" / mission_file(row.path), json.dumps({
            "path": row.path, "mission": row.mission, "status": row.status, "as_of": self.as_of,
            "findings": [f.to_dict() for f in outcome.findings],
            "errors": [{"message": p.message, "pointer": p.pointer, "line": p.line, "column": p.column}
                       for p in outcome.problems]}, indent=2, ensure_ascii=False) + "\n")

    def _html_row(self, row: MissionRow, cells: list) -> str:
        def cell(score: float | None) -> str:
            band = "none" if score is None else ("good" if score >= 90 else "fair" if score >= 70 else "poor")
            return f'<td class="{band}">{_fmt(score)}</td>'
        link = f'<a href="missions/{html.escape(mission_file(row.path))}">{html.escape(row.mission or "—")}</a>'
        where = f"<td><code>{html.escape(row.path)}</code></td>"
        if row.problems:
            return (f'<tr class="error"><td>{link}</td>{where}<td colspan="{len(self.sections) + 1}">'
                    f'could not be checked: {html.escape(" ".join(row.problems))}</td></tr>\n')
        return (f"<tr><td>{link}</td>{where}{cell(row.score)}"
                f"{''.join(cell(c.score if c else None) for c in cells)}</tr>\n")

    def finish(self, totals: Totals) -> list[Path]:
        for part in self._parts.values():
            part.close()
        catalogue = requirements()
        weakest = [(rid, n, next(r for r in self.ruleset.rules if r.id == rid)) for rid, n in totals.weakest_rules()]
        summary = {
            "files": totals.files, "checked": totals.checked, "errors": totals.errors,
            "mean_score": totals.mean_score(), "section_means": totals.section_means(),
            "findings": {s: totals.severities.get(s, 0) for s in ("error", "warning", "info")},
            "weakest_rules": [{"rule": rid, "missions_failing": n, "title": r.rule.title,
                               "cites": list(r.rule.cites)} for rid, n, r in weakest],
        }
        head = {"schema_version": 2, "tool": {"name": "pocrules", "version": __version__},
                "ruleset": self.ruleset.name, "as_of": self.as_of, "score_definition": SCORE_DEFINITION}
        written = []
        written.append(self._assemble("audit.json", json.dumps(head)[:-1] + ', "missions": [\n',
                                      "\n  ],\n" + f'  "summary": {json.dumps(summary)}\n}}\n'))
        written.append(self._assemble("matrix-sections.csv", "", ""))
        written.append(self._assemble("matrix-rules.csv", "", ""))
        md_head = [f"# POC strategy audit ({self.ruleset.name}, as of {self.as_of})", "",
                   f"{totals.files} files: {totals.checked} checked, {totals.errors} could not be checked. "
                   f"Mean compliance score: {_fmt(totals.mean_score()) or '—'}.", "",
                   "## Where the system is weakest", "",
                   "| rule | missions failing | title | cites |", "|---|---|---|---|"]
        md_head += [f"| {rid} | {n} | {r.rule.title} | "
                    + ", ".join(f"{c} ({catalogue[c].ref})" for c in r.rule.cites) + " |" for rid, n, r in weakest]
        md_head += ["", "## Mean score by section", "", "| section | mean score |", "|---|---|"]
        md_head += [f"| {SECTION_TITLES[s]} | {_fmt(v)} |" for s, v in totals.section_means().items()]
        md_head += ["", "## Missions", "", "| mission | file | status | score | " + " | ".join(self.sections) + " |",
                    "|---|---|---|---|" + "---|" * len(self.sections)]
        md_tail = ["", f"*Score:* {SCORE_DEFINITION}", ""]
        written.append(self._assemble("audit.md", "\n".join(md_head) + "\n", "\n".join(md_tail)))
        written.append(self._assemble("audit.html", self._html_head(totals, weakest), self._html_tail()))
        return written

    def _assemble(self, name: str, head: str, tail: str) -> Path:
        part = Path(self._parts[name].name)
        final = self.out / name
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.out, delete=False,
                                         prefix=f".{name}.", suffix=".tmp", newline="") as handle:
            handle.write(head)
            with part.open(encoding="utf-8", newline="") as body:
                shutil.copyfileobj(body, handle)
            handle.write(tail)
        os.chmod(handle.name, 0o666 & ~_umask())
        os.replace(handle.name, final)
        part.unlink()
        return final

    def _html_head(self, totals: Totals, weakest: list) -> str:
        catalogue = requirements()
        esc = html.escape
        rules = "".join(
            f"<tr><td>{esc(rid)}</td><td>{n}</td><td>{esc(r.rule.title)}</td><td>"
            + esc("; ".join(f"{c} ({catalogue[c].ref})" for c in r.rule.cites)) + "</td></tr>"
            for rid, n, r in weakest)
        sections = "".join(f"<tr><td>{esc(SECTION_TITLES[s])}</td><td>{_fmt(v)}</td></tr>"
                           for s, v in totals.section_means().items())
        header = "".join(f'<th title="{esc(SECTION_TITLES[s])}">{esc(s)}</th>' for s in self.sections)
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>POC strategy audit, as of {esc(self.as_of)}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #111; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #bbb; padding: 3px 8px; text-align: left; }}
td.good {{ background: #d9f2d9; }} td.fair {{ background: #fff1c2; }} td.poor {{ background: #f8d0d0; }}
tr.error td {{ background: #eee; color: #900; }}
@media print {{ a {{ color: inherit; text-decoration: none; }} body {{ margin: 0; }} }}
</style></head><body>
<h1>POC strategy audit</h1>
<p>Ruleset <b>{esc(self.ruleset.name)}</b>, audit date <b>{esc(self.as_of)}</b>.
{totals.files} files: {totals.checked} checked, {totals.errors} could not be checked.
Mean compliance score: <b>{_fmt(totals.mean_score()) or '—'}</b>.</p>
<h2>Where the system is weakest</h2>
<table><tr><th>rule</th><th>missions failing</th><th>title</th><th>cites</th></tr>{rules}</table>
<h2>Mean score by section</h2>
<table><tr><th>section</th><th>mean score</th></tr>{sections}</table>
<h2>Missions</h2>
<table><tr><th>mission</th><th>file</th><th>score</th>{header}</tr>
"""

    def _html_tail(self) -> str:
        return f"</table>\n<p><small>Score: {html.escape(SCORE_DEFINITION)}</small></p>\n</body></html>\n"

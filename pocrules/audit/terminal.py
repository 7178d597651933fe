"""The audit's terminal summary: the weakest missions and rules, each file that could not be
checked and why, and where the reports are.

Mission names and paths come from the strategies: rich markup and emoji codes are
off and control characters dropped, so a name like ``[/]`` or an escape sequence
is shown as text (or not at all), never interpreted.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..findings import SECTION_TITLES
from ..reporters import SEVERITIES, printable
from .scores import Totals


def render(totals: Totals, written: list[Path]) -> None:
    console = Console(highlight=False, markup=False, emoji=False)
    means = totals.section_means()
    table = Table(title="Mean compliance score by template section", title_justify="left")
    table.add_column("section")
    table.add_column("mean score", justify="right")
    for section, value in means.items():
        table.add_row(SECTION_TITLES[section], f"{value:.1f}")
    console.print(table)
    weakest = Table(title="Where the system is weakest (missions failing each rule)", title_justify="left")
    for column in ("rule", "missions", "title"):
        weakest.add_column(column, justify="right" if column == "missions" else "left")
    rules = {r.id: r for r in totals.ruleset.rules}
    for rule_id, n in totals.weakest_rules():
        weakest.add_row(rule_id, str(n), rules[rule_id].rule.title)
    console.print(weakest)
    missions = Table(title="Lowest-scoring missions", title_justify="left")
    for column in ("score", "mission", "file"):
        missions.add_column(column, justify="right" if column == "score" else "left")
    for value, mission, path in totals.weakest:
        missions.add_row(f"{value:.1f}", printable(mission), printable(path))
    console.print(missions)
    mean = totals.mean_score()
    console.print(f"{totals.files} files: {totals.checked} checked, {totals.errors} could not be checked; "
                  f"mean score {'—' if mean is None else f'{mean:.1f}'}; findings "
                  + ", ".join(f"{totals.severities.get(s, 0)} {s}" for s in SEVERITIES))
    for line in unchecked(totals):
        console.print(line, soft_wrap=True)
    console.print("Reports: " + ", ".join(str(p) for p in written) + f", {written[0].parent / 'missions'}/")


def unchecked(totals: Totals) -> list[str]:
    """'N files could not be checked:' and one line per file with its (first) reason."""
    if not totals.errors:
        return []
    lines = [f"{totals.errors} file{'s' if totals.errors != 1 else ''} could not be checked:"]
    for row in totals.unchecked:
        more = len(row.problems) - 1
        line = "  " + row.problems[0] + (f" (and {more} more problem{'s' if more != 1 else ''})" if more else "")
        if row.on_purpose:
            line += f" — this file is {row.on_purpose}"
        lines.append(printable(line))
    if totals.errors > len(totals.unchecked):
        lines.append(f"  … and {totals.errors - len(totals.unchecked)} more: see audit.html or audit.json")
    return lines

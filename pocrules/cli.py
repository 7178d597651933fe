"""The ``pocrules`` command line.

Exit codes (as Spectral and ruff): 0 nothing at or above the fail threshold,
1 findings at or above it, 2 a usage error or an input that could not be read.
Imports of the engine and models stay inside the commands so ``--help`` is fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="pocrules",
    help="Check UN peacekeeping Protection of Civilians (POC) strategies against the 2011 DPKO/DFS "
         "Framework for Drafting Comprehensive POC Strategies.\n\n"
         "Start with:  pocrules check fixtures/minuska-2026.yaml",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

RulesetOpt = Annotated[Optional[str], typer.Option(
    "--ruleset", "-r", metavar="NAME|PATH",
    help="Packaged ruleset name, a ruleset folder, or a reviewer's ruleset file that extends one. "
         "[default: framework-2011]")]


def _fail(message: str) -> typer.Exit:
    typer.secho(f"pocrules: {message}", err=True, fg="red")
    return typer.Exit(EXIT_USAGE)


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--as-of expects a date as YYYY-MM-DD, got '{value}'") from None


def _params(values: list[str]) -> dict[str, dict[str, object]]:
    import yaml

    out: dict[str, dict[str, object]] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        rule, dot, name = key.rpartition(".")
        if not (sep and dot and rule and name):
            raise _fail(f"--param expects RULE.NAME=VALUE (e.g. POC-FW-006.window_days=60), got '{item}'")
        out.setdefault(rule, {})[name] = yaml.safe_load(raw)
    return out


def _load_ruleset(spec: str | None, select: list[str], ignore: list[str], params: list[str]):  # noqa: ANN202
    from .errors import InputError, UsageError
    from .policy import Selection
    from .rules import ruleset as rulesets

    selection = Selection(tuple(select), tuple(ignore))
    try:
        full = rulesets.load(spec, params=_params(params))
        unknown = selection.unknown(r.rule for r in full.rules)
        if unknown:
            raise UsageError(f"--select/--ignore '{unknown[0]}' matches no rule id, requirement id or tag "
                             "(see `pocrules rules`)")
        return rulesets.load(spec, params=_params(params), keep=selection) if (select or ignore) else full
    except InputError as exc:
        typer.secho("pocrules: the ruleset cannot be used:", err=True, fg="red")
        typer.echo(exc.render(), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except UsageError as exc:
        raise _fail(str(exc)) from None


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Strategy files (YAML or JSON).", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    fail_on: Annotated[str, typer.Option(help="Exit 1 when a finding is at or above this severity: "
                                              "error, warning, info, or never.")] = "error",
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="YYYY-MM-DD",
        help="Audit date for date rules (reviews due, windows closed). [default: today]")] = None,
    ruleset: RulesetOpt = None,
    select: Annotated[list[str], typer.Option(
        "--select", "-s", metavar="ID", help="Only these rules: a rule id or prefix (POC-C), a requirement "
                                             "id (F9.host-government) or a tag. Repeatable.")] = [],  # noqa: B006
    ignore: Annotated[list[str], typer.Option(
        "--ignore", "-i", metavar="ID", help="Skip these rules (same forms as --select). Repeatable.")] = [],  # noqa: B006
    param: Annotated[list[str], typer.Option(
        "--param", "-p", metavar="RULE.NAME=VALUE", help="Override a rule parameter, e.g. "
                                                         "POC-FW-006.window_days=60. Repeatable.")] = [],  # noqa: B006
    engine: Annotated[str, typer.Option(help="auto (durable where installed), durable, or python.")] = "auto",
    color: Annotated[Optional[bool], typer.Option("--color/--no-color", help="Colour the text report. "
                                                   "[default: on a terminal]")] = None,
) -> None:
    """Check strategies and report every gap against the Framework, with its citation and location.

    Exit status: 0 clean (below --fail-on), 1 findings at or above --fail-on, 2 a file could not be
    read or the command was misused. Unreadable files are reported and the others still checked.

    Examples:

      pocrules check strategy.yaml

      pocrules check drafts/*.yaml --format json --as-of 2026-12-01 > report.json

      pocrules check strategy.yaml --select POC-C --ignore POC-C-003 --fail-on warning
    """
    from .policy import FAIL_ON

    if fmt not in ("text", "json"):
        raise _fail(f"--format must be text or json, got '{fmt}'")
    if fail_on not in FAIL_ON:
        raise _fail(f"--fail-on must be one of {', '.join(FAIL_ON)}, got '{fail_on}'")
    audit_date = _as_of(as_of)
    rules = _load_ruleset(ruleset, select, ignore, param)

    from . import engine as engines
    from .check import Checker
    from .errors import UsageError
    from .policy import fails
    from .reporters import Run, render

    try:
        evaluator = engines.create(rules, engine)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    checker = Checker(rules, evaluator, audit_date)
    results = tuple(checker.check(path) for path in files)
    run = Run(results, rules.name, evaluator.name, audit_date.isoformat(), fail_on)
    use_color = sys.stdout.isatty() if color is None else color
    typer.echo(render(run, fmt, color=use_color), nl=False)
    if any(r.error for r in results):
        raise typer.Exit(EXIT_USAGE)
    if fails([f.severity for r in results for f in r.findings], fail_on):
        raise typer.Exit(EXIT_FINDINGS)


rules_app = typer.Typer(help="The rules of a ruleset: list them, or explain one.", no_args_is_help=False)
app.add_typer(rules_app, name="rules")


@rules_app.callback(invoke_without_command=True)
def list_rules(
    ctx: typer.Context,
    ruleset: RulesetOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List the rules with their severity, section and Framework citations.

    Run `pocrules rules show RULE` for one rule's documentation.
    """
    if ctx.invoked_subcommand is not None:
        return
    import json

    from .catalogue import requirements
    from .reporters import ruledoc

    rules = _load_ruleset(ruleset, [], [], [])
    if fmt == "json":
        catalogue = requirements()
        typer.echo(json.dumps([{
            "id": r.id, "title": r.rule.title, "severity": r.severity, "section": r.section,
            "cites": [{"id": c, "ref": catalogue[c].ref} for c in r.rule.cites], "params": r.params,
            "tags": r.rule.tags} for r in rules.rules], indent=2, default=str))
    elif fmt == "text":
        typer.echo(ruledoc.listing(rules), nl=False)
    else:
        raise _fail(f"--format must be text or json, got '{fmt}'")


@rules_app.command("show")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id, e.g. POC-C-001.")],
    ruleset: RulesetOpt = None,
) -> None:
    """Explain one rule: what it checks, why (with the Framework paragraphs), a bad and a good example."""
    from .errors import did_you_mean
    from .reporters import ruledoc

    rules = _load_ruleset(ruleset, [], [], [])
    found = next((r for r in rules.rules if r.id == rule_id.upper()), None)
    if found is None:
        raise _fail(f"no rule '{rule_id}' in {rules.name}" + did_you_mean(rule_id.upper(), [r.id for r in rules.rules]))
    typer.echo(ruledoc.show(found), nl=False)


@app.command()
def coverage(ruleset: RulesetOpt = None) -> None:
    """Show which rules check each Framework requirement; exit 1 if any requirement is unchecked."""
    from .reporters import ruledoc

    text, missing = ruledoc.coverage(_load_ruleset(ruleset, [], [], []))
    typer.echo(text, nl=False)
    if missing:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def audit(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Strategy files, folders (searched "
                                                                       "recursively) or glob patterns.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports.")] = Path("audit"),
    as_of: Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD",
                                                 help="Audit date for date rules. [default: today]")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1,
                                                help="Worker processes. [default: number of CPUs]")] = None,
    fail_on: Annotated[str, typer.Option(help="Exit 1 when a finding is at or above this severity.")] = "error",
    ruleset: RulesetOpt = None,
    select: Annotated[list[str], typer.Option("--select", "-s", metavar="ID", help="Only these rules.")] = [],  # noqa: B006
    ignore: Annotated[list[str], typer.Option("--ignore", "-i", metavar="ID", help="Skip these rules.")] = [],  # noqa: B006
    param: Annotated[list[str], typer.Option("--param", "-p", metavar="RULE.NAME=VALUE",
                                             help="Override a rule parameter.")] = [],  # noqa: B006
    engine: Annotated[str, typer.Option(help="auto, durable or python.")] = "auto",
) -> None:
    """Audit every mission's strategy at once and write a cross-mission picture.

    Writes to --out: audit.html (printable), audit.md, audit.json, matrix-sections.csv
    (missions x template sections, scores and pass/fail/waived counts), matrix-rules.csv
    (missions x rules, findings per rule) and missions/*.json (each mission's findings).
    A file that cannot be read becomes an error row; every other file is still audited.

    Exit status: 0 clean, 1 findings at or above --fail-on, 2 some file could not be checked
    (or a usage error).

    Example:  pocrules audit strategies/ --as-of 2026-12-01 --out audit/
    """
    import os

    from .audit.discover import discover
    from .audit.outputs import Reports
    from .audit.runner import Job, run
    from .audit.scores import Totals, score
    from .errors import UsageError
    from .policy import FAIL_ON, fails

    if fail_on not in FAIL_ON:
        raise _fail(f"--fail-on must be one of {', '.join(FAIL_ON)}, got '{fail_on}'")
    audit_date = _as_of(as_of)
    rules = _load_ruleset(ruleset, select, ignore, param)
    from . import engine as engines

    try:
        engines.create(rules, engine)
        files = discover(paths)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    job = Job(ruleset, _params(param), tuple(select), tuple(ignore), engine, audit_date)
    workers = min(jobs or os.cpu_count() or 1, len(files))
    reports = Reports(out, rules, audit_date.isoformat())
    totals = Totals(rules)
    failing = False
    with _progress(len(files)) as advance:
        for outcome in run(job, files, workers, advance):
            row = score(outcome, rules)
            reports.add(row, outcome)
            totals.add(row)
            failing = failing or fails([f.severity for f in outcome.findings], fail_on)
    written = reports.finish(totals)
    from .audit.terminal import render

    render(totals, written)
    if totals.errors:
        raise typer.Exit(EXIT_USAGE)
    if failing:
        raise typer.Exit(EXIT_FINDINGS)


def _progress(total: int):  # noqa: ANN202
    """A rich progress bar on a terminal; silent otherwise (CI logs, pipes)."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext(lambda n: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    @contextlib.contextmanager
    def bar():  # noqa: ANN202
        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), transient=True) as progress:
            task = progress.add_task("auditing", total=total)
            yield lambda n: progress.advance(task, n)

    return bar()


@app.command()
def generate(
    out: Annotated[Path, typer.Argument(help="Folder to write the strategies into.")],
    count: Annotated[int, typer.Option("--count", "-n", min=1, help="How many strategies.")] = 12,
    defect_rate: Annotated[float, typer.Option(min=0.0, max=1.0, help="Chance of each defect in each "
                                                                      "strategy.")] = 0.1,
    seed: Annotated[int, typer.Option(help="First seed; strategy i uses seed + i.")] = 0,
) -> None:
    """Write synthetic but realistic strategies (fictional missions) for benchmarks and trials.

    Each is grown from the bundled compliant example to about 20 risks, 60 matrix rows,
    30 consultations, 20 coordination mechanisms and 40 indicators; each listed defect is then
    introduced with probability --defect-rate. The header of each file names its defects.
    """
    from .audit.outputs import atomic_write
    from .generator import dump
    from .generator import generate as make

    out.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        data, introduced = make(seed + i, defect_rate)
        atomic_write(out / f"strategy-{seed + i:05d}.yaml", dump(data, introduced, seed + i))
    typer.echo(f"wrote {count} strategies to {out}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a strategy file, for editor autocompletion and validation."""
    import json

    from .model import Strategy

    typer.echo(json.dumps(Strategy.model_json_schema(), indent=2))


def main() -> None:
    app()


if __name__ == "__main__":
    main()

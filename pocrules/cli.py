"""The ``pocrules`` command line.

Exit codes (as Spectral and ruff): 0 nothing at or above the fail threshold,
1 findings at or above it, 2 a usage error or an input that could not be read.
Imports of the engine and models stay inside the commands so ``--help`` is fast.
"""

from __future__ import annotations

import copy
import datetime as dt
import glob
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .helptext import Command, Group

if TYPE_CHECKING:
    from collections.abc import Callable

    from .audit.discover import Found
    from .check import Result
    from .errors import InputError

app = typer.Typer(
    name="pocrules",
    help="Check UN peacekeeping Protection of Civilians (POC) strategies against the 2011 DPKO/DFS "
         "Framework for Drafting Comprehensive POC Strategies.\n\n"
         "Check a draft:        pocrules check strategy.yaml\n\n"
         "Audit every mission:  pocrules audit strategies/ --out audit/\n\n"
         "Explain a rule:       pocrules rules show POC-C-001",
    no_args_is_help=True,
    add_completion=False,
    cls=Group,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_FINDINGS, EXIT_USAGE = 1, 2  # and 0: nothing at or above the fail threshold

RulesetOpt = Annotated[Optional[list[str]], typer.Option(
    "--ruleset", "-r", metavar="NAME|PATH",
    help="Packaged ruleset name, a ruleset folder, or a reviewer's ruleset file that extends one; "
         "repeat to merge several. (default: framework-2011, or the configuration file's)")]
SelectOpt = Annotated[Optional[list[str]], typer.Option(
    "--select", "-s", metavar="ID", help="Only these rules: a rule id or prefix (POC-C), a requirement id "
                                         "(F9.host-government) or a tag. Repeatable.")]
IgnoreOpt = Annotated[Optional[list[str]], typer.Option(
    "--ignore", "-i", metavar="ID", help="Skip these rules (same forms as --select). Repeatable.")]
ParamOpt = Annotated[Optional[list[str]], typer.Option(
    "--param", "-p", metavar="RULE.NAME=VALUE", help="Override a rule parameter, e.g. "
                                                     "POC-FW-006.window_days=60. Repeatable.")]
FailOnOpt = Annotated[Optional[str], typer.Option(
    "--fail-on", metavar="LEVEL", help="Exit 1 when an unwaived finding is at or above this severity: error, warning, info, "
                      "or never. (default: error)")]
AsOfOpt = Annotated[Optional[str], typer.Option(
    "--as-of", metavar="YYYY-MM-DD", help="Audit date for date rules (reviews due, windows closed). "
                                          "(default: today)")]
EngineOpt = Annotated[Optional[str], typer.Option(
    "--engine", metavar="NAME", help="auto (durable where installed), durable, or python. (default: auto)")]
WaiversOpt = Annotated[Optional[Path], typer.Option(
    "--waivers", metavar="FILE", help="A waivers file, applied besides the waivers in each strategy.")]
NoWaiversOpt = Annotated[bool, typer.Option(
    "--no-waivers", help="Ignore every waiver and report everything (for audits).")]
ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", metavar="FILE", help="Configuration file. (default: the nearest pocrules.toml, or "
                                     "pyproject.toml with a tool.pocrules table, above the first file)")]


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"pocrules {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Print the version of pocrules and exit.")] = False,
) -> None:
    """Check UN peacekeeping Protection of Civilians (POC) strategies against the 2011 DPKO/DFS Framework."""


def _fail(message: str) -> typer.Exit:
    typer.secho(f"pocrules: {message}", err=True, fg="red")
    return typer.Exit(EXIT_USAGE)


def _unusable(exc: InputError) -> typer.Exit:
    """A ruleset, configuration, waivers file or baseline that cannot be used: say where, exit 2."""
    typer.secho(f"pocrules: the {exc.kind} cannot be used:", err=True, fg="red")
    typer.echo(exc.render(), err=True)
    return typer.Exit(EXIT_USAGE)


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--as-of expects a date as YYYY-MM-DD, got '{value}'") from None


def _params(values: list[str] | None) -> dict[str, dict[str, object]]:
    """--param values stay text: the ruleset reads each as its parameter's declared type."""
    out: dict[str, dict[str, object]] = {}
    for item in values or []:
        key, sep, raw = item.partition("=")
        rule, dot, name = key.rpartition(".")
        if not (sep and dot and rule and name):
            raise _fail(f"--param expects RULE.NAME=VALUE (e.g. POC-FW-006.window_days=60), got '{item}'")
        out.setdefault(rule, {})[name] = raw
    return out


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is not None and value not in allowed:
        raise _fail(f"--{name.replace('_', '-')} must be one of {', '.join(allowed)}, got '{value}'")
    return value


def _session(inputs: list, *, config: Path | None = None, ruleset: list[str] | None = None,
             select: list[str] | None = None, ignore: list[str] | None = None, param: list[str] | None = None,
             fail_on: str | None = None, engine: str | None = None, as_of: str | None = None,
             waivers: Path | None = None, needs_engine: bool = True):  # noqa: ANN202 - a Session
    """Settings from defaults < configuration file < these command-line values, as a Session.

    The ruleset is built now, and the engine named (built on first use), so that a bad
    ruleset or an unavailable engine is reported before any output; commands that only
    read the rules (``needs_engine=False``) name none.
    """
    from .config import resolve
    from .errors import InputError, UsageError
    from .policy import FAIL_ON
    from .session import Session, config_path

    cli = {"ruleset": ruleset, "select": select, "ignore": ignore, "params": _params(param),
           "fail_on": _choice("fail_on", fail_on, FAIL_ON), "engine": _choice("engine", engine, ENGINE_NAMES),
           "as_of": _as_of(as_of), "waivers": str(waivers) if waivers else None}
    try:
        session = Session(resolve(cli, config_path(config, inputs)))
        session.engine if needs_engine else session.ruleset  # noqa: B018 - made (engine: named) for their errors
        return session
    except InputError as exc:
        raise _unusable(exc) from None
    except UsageError as exc:
        raise _fail(str(exc)) from None


ENGINE_NAMES = ("auto", "durable", "python")


def _outputs(formats: list[str] | None, out: Path | None) -> list[tuple[str, str | None]]:
    """(format, file) for each --format; with --out, a format given without :FILE goes to that folder."""
    from .reporters import FORMATS, SUFFIXES

    pairs = []
    for item in formats or ["text"]:
        fmt, _, path = item.partition(":")
        if fmt not in FORMATS:
            raise _fail(f"--format must be one of {', '.join(FORMATS)} (optionally FORMAT:FILE), got '{fmt}'")
        if not path and out is not None:
            path = str(out / f"report{SUFFIXES[fmt]}")
        pairs.append((fmt, path or None))
    if ("docx", None) in pairs:
        raise _fail("the review document is a Word file: name it, e.g. --format docx:strategy-reviewed.docx")
    return pairs


def _review_target(outputs: list[tuple[str, str | None]], files: list[Path]) -> None:
    """A review document copies one checked document, and never over it."""
    targets = [Path(p) for f, p in outputs if f == "docx" and p]
    if targets and len(files) != 1:
        raise _fail("--format docx writes the review copy of one document: check one file at a time")
    for target in targets:
        if target.exists() and files[0].exists() and target.resolve() == files[0].resolve():
            raise _fail(f"--format docx:{target} would overwrite the document being checked; name another file")


def _said_where(outputs: list[tuple[str, str | None]]) -> None:
    """One line per report written to a file, so the reader knows where to look."""
    from .reporters import relative

    for fmt, path in outputs:
        if path is not None:
            typer.echo(f"wrote the {fmt} report to {relative(path)}", err=True)


@app.command(cls=Command)
def check(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Strategy files (YAML, JSON or Word .docx), "
                                                                       "folders (searched recursively) or glob "
                                                                       "patterns.")],
    fmt: Annotated[Optional[list[str]], typer.Option(
        "--format", "-f", metavar="FORMAT[:FILE]",
        help="text, json, sarif, junit, markdown, github or html; add :FILE to write it to a file. "
             "docx:FILE writes a copy of the document (a YAML one rendered in Word) with every finding "
             "as a Word comment. Repeat for several reports at once. (default: text)")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", metavar="FOLDER", help="Folder for the reports: each --format given without :FILE is "
                                              "written there as report.EXT instead of to the terminal.")] = None,
    fail_on: FailOnOpt = None,
    fail_on_unverified: Annotated[bool, typer.Option(
        "--fail-on-unverified", help="Also exit 1 when a requirement could not be verified because a Word "
                                     "document gives that part only as prose.")] = False,
    as_of: AsOfOpt = None,
    ruleset: RulesetOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    param: ParamOpt = None,
    engine: EngineOpt = None,
    waivers: WaiversOpt = None,
    no_waivers: NoWaiversOpt = False,
    baseline: Annotated[Optional[Path], typer.Option(
        "--baseline", metavar="REPORT.json", help="Report only findings that are not in this earlier JSON "
                                                  "report (matched on rule and element, not line).")] = None,
    config: ConfigOpt = None,
    color: Annotated[Optional[bool], typer.Option("--color/--no-color", help="Colour the text report. "
                                                   "(default: on a terminal)")] = None,
    todo: Annotated[bool, typer.Option("--todo", help="Instead of the findings, print each strategy's to-do "
                                                      "list: the requirements not yet met, section by section, "
                                                      "with how many are met in each.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also show each finding's JSON pointer in "
                                                                  "the text and HTML reports.")] = False,
    watch: Annotated[bool, typer.Option("--watch", "-w", help="Keep going while you write: check again each "
                                                              "time a strategy is saved (Word or YAML), until "
                                                              "Ctrl-C. The report is shown afresh and report "
                                                              "files are written again each time; the rules and "
                                                              "settings are read once, at the start.")] = False,
) -> None:
    """Check strategies and report every gap against the Framework, with its citation and location.

    Every problem in a file is reported in one run; a file that is not a strategy at all (unreadable,
    malformed, or without the mission name and acronym that say whose strategy it is) is reported,
    and the other files are still checked.

    Exit status:

      0  nothing at or above --fail-on (and always when --watch is stopped with Ctrl-C)
      1  an unwaived finding at or above --fail-on
      2  a file is not a strategy at all, or the command was misused

    Examples:

      pocrules check strategy.yaml

      pocrules check drafts/ -f html:review.html -f json:review.json

      pocrules check strategy.yaml --select POC-C --ignore POC-C-003 --fail-on warning

      pocrules check strategy.yaml --baseline last-review.json

      pocrules check strategy.docx --format docx:strategy-reviewed.docx

      pocrules check draft.docx --watch -f html:review.html
    """
    from .errors import UsageError

    outputs = _outputs(fmt, out)
    try:
        files = _named(paths)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    _review_target(outputs, [f.path for f in files])
    session = _session([f.path for f in files], config=config, ruleset=ruleset, select=select, ignore=ignore,
                       param=param, fail_on=fail_on, engine=engine, as_of=as_of, waivers=waivers)
    import dataclasses

    from .check import Result
    from .errors import InputError, Problem
    from .policy import fails
    from .reporters import Run, write

    try:
        checker = session.checker(use_waivers=not no_waivers)
        known = None
        if baseline:
            from .diff import baseline_keys

            known = baseline_keys(baseline)
    except InputError as exc:
        raise _unusable(exc) from None
    fail_level = session.settings["fail_on"]

    def checked(found: Found) -> Result:
        if found.problem is not None:  # never open a pipe or a device
            return Result(str(found.path), error=InputError(str(found.path), [Problem(f"this path {found.problem}")]))
        result = checker.check(found.path)
        if known is None:
            return result
        return dataclasses.replace(result, findings=tuple(f for f in result.findings if f.key not in known))

    def report(results: tuple[Result, ...]) -> int:
        """Write every report of ``results``; the exit status they call for."""
        run = Run(results, session.ruleset.name, session.engine.name, session.as_of.isoformat(), fail_level,
                  rules=session.ruleset, verbose=verbose, docs_url=session.settings["docs_url"])
        targets = outputs
        if todo:
            from .reporters.text import todo as todo_list

            typer.echo(todo_list(run))
            targets = [(f, p) for f, p in outputs if p is not None]
        write(run, targets, color=sys.stdout.isatty() if color is None else color)
        _said_where(targets)
        if any(r.error for r in results):
            return EXIT_USAGE
        if fails([f.severity for r in results for f in r.findings if f.waived is None], fail_level,
                 unverified=fail_on_unverified):
            return EXIT_FINDINGS
        return 0

    if watch:
        _watch(paths, files, checked, report)
        return
    status = report(tuple(checked(f) for f in files))
    if status:
        raise typer.Exit(status)


def _named(paths: list[str]) -> list[Found]:
    """The files ``paths`` name, in the order given, each once; one named that does not exist is kept, as unreadable."""
    import os

    from .audit.discover import Found, discover

    files: list[Found] = []
    seen: set[Found] = set()
    for spec in paths:
        named = os.path.lexists(spec) or glob.has_magic(spec)
        found = discover([spec]) if named else [Found(Path(spec), None)]
        files += [f for f in found if f not in seen]
        seen.update(found)
    return files


def _watch(paths: list[str], files: list[Found], checked: Callable[[Found], Result],
           report: Callable[[tuple[Result, ...]], int]) -> None:
    """``check --watch``: report on ``files``, then again whenever one of the files ``paths`` name changes."""
    from .errors import UsageError
    from .watch import watch

    named = {f.path: f for f in files}
    latest: dict[Path, Result] = {}

    def current() -> list[Path]:
        try:
            found = _named(paths)
        except UsageError:  # a folder emptied or a glob matching nothing for a moment: as it was
            return list(named)
        named.clear()
        named.update((f.path, f) for f in found)
        return list(named)

    def again(changed: list[Path], now: list[Path]) -> None:
        first = not latest
        latest.update({p: checked(named[p]) for p in changed})
        if not first and sys.stdout.isatty():  # on a terminal, each report replaces the one before
            from rich.console import Console  # rich clears Windows' older consoles too

            Console().clear()
        if not first:
            from .reporters import relative

            names = ", ".join(relative(str(p)) for p in changed) or "a file was taken out of the check"
            typer.echo(f"Checked again at {dt.datetime.now():%H:%M:%S} ({names}).", err=True)
        report(tuple(latest[p] for p in now))
        typer.echo("Watching for changes: save a strategy to check it again; Ctrl-C to stop.", err=True)

    watch(current, again)
    typer.echo("Stopped watching.", err=True)


rules_app = typer.Typer(help="The rules of a ruleset: list them, or explain one.", no_args_is_help=False, cls=Group)
app.add_typer(rules_app, name="rules")


@rules_app.callback(invoke_without_command=True)
def list_rules(
    ctx: typer.Context,
    ruleset: RulesetOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")] = "text",
) -> None:
    """List the rules with their severity, section and Framework citations.

    Run `pocrules rules show RULE` for one rule's documentation.
    """
    if ctx.invoked_subcommand is not None:
        return
    import json

    from .catalogue import requirements
    from .reporters import ruledoc

    rules = _session([], ruleset=ruleset, needs_engine=False).ruleset
    if fmt == "json":
        catalogue = requirements()
        typer.echo(json.dumps([{
            "id": r.id, "title": r.rule.title, "severity": r.severity, "section": r.section,
            "cites": [{"id": c, "ref": catalogue[c].ref, "modality": catalogue[c].modality} for c in r.rule.cites], "params": r.params,
            "tags": r.rule.tags} for r in rules.rules], indent=2, default=str))
    elif fmt == "text":
        typer.echo(ruledoc.listing(rules), nl=False)
    else:
        raise _fail(f"--format must be text or json, got '{fmt}'")


@rules_app.command("show", cls=Command)
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id, e.g. POC-C-001 (or C-001).")],
    ruleset: RulesetOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="text, or markdown (the rule's page, as in docs/rules/).")] = "text",
) -> None:
    """Explain one rule: what it checks, why (with the Framework paragraphs), a bad and a good example."""
    from .errors import did_you_mean
    from .reporters import ruledoc

    if fmt not in ("text", "markdown"):
        raise _fail(f"--format must be text or markdown, got '{fmt}'")
    rules = _session([], ruleset=ruleset, needs_engine=False).ruleset
    wanted = rule_id.upper()
    exact = [r for r in rules.rules if r.id == wanted]
    found = exact or [r for r in rules.rules if r.id.endswith("-" + wanted)]  # C-001 is POC-C-001
    if len(found) > 1:
        raise _fail(f"'{rule_id}' could be any of {', '.join(r.id for r in found)}; give the whole id")
    if not found:
        raise _fail(f"no rule '{rule_id}' in {rules.name}" + did_you_mean(wanted, [r.id for r in rules.rules]))
    typer.echo((ruledoc.markdown if fmt == "markdown" else ruledoc.show)(found[0]), nl=False)


@rules_app.command("docs", cls=Command)
def rule_docs(
    out: Annotated[Path, typer.Argument(metavar="FOLDER", help="Where to write the pages, e.g. docs/rules.")],
    ruleset: RulesetOpt = None,
) -> None:
    """Write each rule's documentation page (Markdown) and an index, to publish or browse.

    Set docs_url in the configuration to where they are published, and SARIF reports link each rule there.
    """
    from .writing import atomic_write
    from .reporters import ruledoc

    rules = _session([], ruleset=ruleset, needs_engine=False).ruleset
    for r in rules.rules:
        atomic_write(out / f"{r.id}.md", ruledoc.markdown(r))
    atomic_write(out / "README.md", ruledoc.index(rules))
    typer.echo(f"wrote {len(rules.rules)} rule pages and README.md to {out}")


@rules_app.command("fields", cls=Command)
def rule_fields(
    kind: Annotated[Optional[str], typer.Argument(help="An element kind, e.g. matrix_row; omit to list kinds.")] = None,
) -> None:
    """What a rule can test: the element kinds, and the fields of one kind (derived ones marked)."""
    from . import facts
    from .errors import did_you_mean

    if kind is None:
        for name in facts.KINDS:
            where = facts.COLLECTIONS.get(name) or ("/history (type: " + name + ")" if name in facts.EVENTS
                                                   else "the document" if name == facts.STRATEGY
                                                   else "inside " + facts.CHILDREN[name][0])
            typer.echo(f"{name:<24} {where}")
        typer.echo("`pocrules rules fields KIND` lists a kind's fields; use `strategy` for document fields.")
        return
    if kind not in facts.KINDS:
        raise _fail(f"unknown element kind '{kind}'" + did_you_mean(kind, facts.KINDS))
    derived = set(facts.ENRICHED.get(kind, ()))
    for name in sorted(facts.fields_of(kind)):
        base, _, suffix = name.partition("__")
        shown = facts.ALIASES.get(base, base)
        if suffix:
            continue  # written as {FIELD: {size: ...}} or {FIELD: {words: ...}}
        lists = f"{name}__size" in facts.fields_of(kind)
        note = "derived" if name in derived else ("list: test with contains/excludes/size" if lists else "")
        typer.echo(f"{shown:<44} {note}".rstrip())
    collections = sorted(n[:-6] for n in facts.fields_of(kind) if n.endswith("__size")
                         and n[:-6] not in facts.fields_of(kind))
    for name in collections:
        typer.echo(f"{name:<44} collection: test its size")


@app.command(cls=Command)
def coverage(ruleset: RulesetOpt = None) -> None:
    """Show which rules check each Framework requirement; exit 1 if any requirement is unchecked."""
    from .reporters import ruledoc

    text, missing = ruledoc.coverage(_session([], ruleset=ruleset, needs_engine=False).ruleset)
    typer.echo(text, nl=False)
    if missing:
        raise typer.Exit(EXIT_FINDINGS)


@app.command(cls=Command)
def audit(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Strategy files, folders (searched "
                                                                       "recursively) or glob patterns.")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FOLDER", help="Folder for the reports.")] = Path("audit"),
    as_of: AsOfOpt = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar="N",
                                                help="Worker processes. (default: number of CPUs)")] = None,
    fail_on: FailOnOpt = None,
    ruleset: RulesetOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    param: ParamOpt = None,
    engine: EngineOpt = None,
    waivers: WaiversOpt = None,
    no_waivers: NoWaiversOpt = False,
    config: ConfigOpt = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Check every file afresh instead of reusing the results of an earlier audit for files "
                           "that did not change (same content, rules, settings, audit date and pocrules). The "
                           "cache lives in your user cache folder, or in $POCRULES_CACHE_DIR, and is safe to "
                           "delete.")] = False,
) -> None:
    """Audit every mission's strategy at once and write a cross-mission picture.

    Writes to --out: audit.html (printable), audit.md, audit.json, matrix-sections.csv
    (missions x template sections: scores and pass/fail/waived counts), matrix-rules.csv
    (missions x rules: findings per rule) and missions/*.json (each mission's findings).
    A file that cannot be read becomes an error row; every other file is still audited.
    Each run replaces --out whole when it is complete, so --out must be a new or empty folder or
    an earlier audit's; an interrupted run leaves the earlier audit as it was.

    Exit status:

      0  nothing at or above --fail-on
      1  an unwaived finding at or above --fail-on
      2  some file could not be checked, or the command was misused

    Example:

      pocrules audit strategies/ --as-of 2026-12-01 --out audit/
    """
    import contextlib
    import os

    from .audit.discover import discover
    from .audit.folder import Folder
    from .audit.kept import Kept
    from .audit.outputs import OUTPUTS, Reports
    from .audit.runner import Interrupted, interruptible, run
    from .audit.scores import Totals
    from .audit.terminal import render
    from .errors import InputError, UsageError
    from .policy import fails

    try:
        found = discover(paths, exclude=out)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    session = _session([f.path for f in found], config=config, ruleset=ruleset, select=select, ignore=ignore,
                       param=param, fail_on=fail_on, engine=engine, as_of=as_of, waivers=waivers)
    try:
        # a bad waivers file stops the audit before it starts; the checker's results cache says where parts are kept
        checker = session.checker(use_waivers=not no_waivers, use_cache=not no_cache)
    except InputError as exc:
        raise _unusable(exc) from None
    rules, fail_level = session.ruleset, session.settings["fail_on"]
    workers = min(jobs or os.cpu_count() or 1, len(found))
    try:
        folder = Folder(out, OUTPUTS)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    totals = Totals(rules)
    failing = False
    try:
        with folder, interruptible(), _progress(len(found)) as advance:
            reports = Reports(folder.staging, rules, session.as_of.isoformat(),
                              Kept.beside(checker.results) if checker.results else None)
            tags = [(i, reports.detail_name(str(f.path))) for i, f in enumerate(found)]
            job = session.job(use_waivers=not no_waivers, use_cache=not no_cache)
            with contextlib.closing(run(job, found, workers, advance, reports.layout, tags, checker)) as parts:
                for part in parts:  # each file's reports, rendered by the worker that checked it
                    reports.add(part)
                    totals.add(part.row)
                    failing = failing or fails(list(part.unwaived), fail_level)
            written = [out / p.name for p in reports.finish(totals)]
            folder.publish()
    except Interrupted as exc:
        typer.secho(f"pocrules: audit stopped ({exc}); --out '{out}' was left as it was", err=True, fg="red")
        raise typer.Exit(exc.status) from None
    except OSError as exc:
        raise _fail(f"the audit could not write its reports: {exc.strerror} ({exc.filename}); "
                    f"--out '{out}' was left as it was") from None
    render(totals, written)
    if not no_cache:
        from . import cache

        cache.prune()  # at most once a day: entries no run has used for a month
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


@app.command(cls=Command)
def generate(
    out: Annotated[Path, typer.Argument(metavar="FOLDER", help="Folder to write the strategies into.")],
    count: Annotated[int, typer.Option("--count", "-n", min=1, metavar="N", help="How many strategies.")] = 12,
    defect_rate: Annotated[float, typer.Option(min=0.0, max=1.0, metavar="RATE", help="Chance of each defect "
                                                                                     "in each strategy.")] = 0.1,
    seed: Annotated[int, typer.Option(metavar="N", help="First seed; strategy i uses seed + i.")] = 0,
) -> None:
    """Write synthetic but realistic strategies (fictional missions) for benchmarks and trials.

    Each is grown from the bundled compliant example to about 20 risks, 60 matrix rows,
    30 consultations, 20 coordination mechanisms and 40 indicators; each listed defect is then
    introduced with probability --defect-rate. The header of each file names its defects.
    """
    from .writing import atomic_write
    from .generator import dump
    from .generator import generate as make

    out.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        data, introduced = make(seed + i, defect_rate)
        atomic_write(out / f"strategy-{seed + i:05d}.yaml", dump(data, introduced, seed + i))
    typer.echo(f"wrote {count} strategies to {out}")


@app.command(cls=Command)
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier version of the strategy.")],
    new: Annotated[Path, typer.Argument(help="The later version.")],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="text, json, markdown (for a review memo) or html (a page to "
                                          "forward).")] = "text",
    fail_on: FailOnOpt = None,
    as_of: AsOfOpt = None,
    ruleset: RulesetOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    param: ParamOpt = None,
    engine: EngineOpt = None,
    config: ConfigOpt = None,
) -> None:
    """What changed between two versions of a strategy: findings new, resolved and still open.

    Findings are matched on rule id and element (risk id, actor id, or an element's natural key),
    never on line numbers, so edits elsewhere in the file do not churn the result.
    Exit status 1 when a new unwaived finding is at or above --fail-on.
    """
    from .diff import FORMATS, compare, render_html, render_json, render_markdown, render_text
    from .policy import fails

    if fmt not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}, got '{fmt}'")
    session = _session([new], config=config, ruleset=ruleset, select=select, ignore=ignore, param=param,
                       fail_on=fail_on, engine=engine, as_of=as_of)
    checker = session.checker()
    before, after = checker.check(old), checker.check(new)
    for result in (before, after):
        if result.error:
            typer.secho(f"pocrules: {result.path} cannot be checked:", err=True, fg="red")
            typer.echo(result.error.render(), err=True)
            raise typer.Exit(EXIT_USAGE)
    changes = compare(before.findings, after.findings)
    if fmt == "html":
        titles = {r.id: r.rule.title for r in session.ruleset.rules}
        page = render_html(changes, str(old), str(new), titles=titles, covers=(before.cover, after.cover),
                           as_of=session.as_of.isoformat())
        typer.echo(page, nl=False)
    else:
        render = {"text": render_text, "json": render_json, "markdown": render_markdown}[fmt]
        typer.echo(render(changes, str(old), str(new)), nl=False)
    if fails([f.severity for f in changes.new if f.waived is None], session.settings["fail_on"]):
        raise typer.Exit(EXIT_FINDINGS)


@app.command("config", cls=Command)
def show_config(
    path: Annotated[Optional[Path], typer.Argument(help="A strategy or folder to find the configuration "
                                                        "from. (default: the current folder)")] = None,
    config: ConfigOpt = None,
) -> None:
    """Show the effective configuration and where each value comes from."""
    from .config import resolve
    from .errors import InputError, UsageError
    from .session import config_path

    try:
        found = config_path(config, [path] if path else [])
        effective = resolve({}, found)
    except InputError as exc:
        raise _unusable(exc) from None
    except UsageError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"configuration file: {found or '(none found; defaults apply)'}")
    for name, value in effective.values.items():
        shown = value.isoformat() if isinstance(value, dt.date) else (value if value not in (None, [], {}) else "-")
        typer.echo(f"  {name:<9} = {shown!s:<40} ({effective.sources[name]})")


@app.command(cls=Command)
def init(
    out: Annotated[Path, typer.Argument(metavar="FILE", help="The strategy file to create.")] = Path("poc-strategy.yaml"),
    mission: Annotated[str, typer.Option("--mission", "-m", metavar="NAME", help="The mission's full name or acronym.")] =
        "United Nations Mission",
    docx: Annotated[Optional[Path], typer.Option(
        "--docx", metavar="FILE.docx", help="Write a Word template to draft in instead, with guidance under "
                                            "each section.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start a new strategy with every section of the template, commented with its paragraph.

    Also writes strategy.schema.json beside it (referenced from the file) so YAML-aware editors
    autocomplete and validate it. Then run `pocrules check` to see what is still missing.

    With --docx, writes a Word document in the Framework's template instead: every section and
    table, each with a short note on what it must contain.
    """
    import json

    from .writing import atomic_write
    from .model import Strategy
    from .scaffold import render

    if docx is not None:
        import yaml

        from .word import render as word

        if docx.exists() and not force:
            raise _fail(f"{docx} already exists (use --force to overwrite it)")
        word.write(yaml.safe_load(render(mission, "strategy.schema.json", dt.date.today())), docx, guidance=True)
        typer.echo(f"wrote {docx}; draft in Word, then: pocrules check {docx}")
        return
    if out.exists() and not force:
        raise _fail(f"{out} already exists (use --force to overwrite it)")
    schema = out.parent / "strategy.schema.json"
    atomic_write(schema, json.dumps(Strategy.model_json_schema(), indent=2) + "\n")
    atomic_write(out, render(mission, schema.name, dt.date.today()))
    typer.echo(f"wrote {out} and {schema}; next: pocrules check {out}")


@app.command("import", cls=Command)
def import_(
    source: Annotated[Path, typer.Argument(help="The Word strategy (.docx).", show_default=False)],
    out: Annotated[Path, typer.Option("--output", "-o", metavar="FILE.yaml", help="The YAML file to write.",
                                      show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Turn a Word strategy into YAML, with a report of what was read and what was not.

    Each part of the template is reported as read, present as prose only, or absent; the YAML
    opens with the same report as comments, so a drafter can finish it and check again.

    Example:

      pocrules import strategy.docx -o strategy.yaml
    """
    import copy

    import yaml

    from .writing import atomic_write
    from .errors import InputError
    from .sources import word_reader
    from .word import importer, report

    if out.exists() and not force:
        raise _fail(f"{out} already exists (use --force to overwrite it)")
    try:
        result = word_reader.imported(source)
    except InputError as exc:
        raise _unusable(exc) from None
    data = copy.deepcopy(result.data)
    assumed = importer.assume(data)
    text = yaml.safe_dump(importer.in_model_order(data), sort_keys=False, allow_unicode=True, width=100)
    atomic_write(out, report.header(result, assumed, source.name) + text)
    typer.echo("\n".join(report.lines(result, assumed)))
    typer.echo(f"wrote {out}; next: pocrules check {out}")


@app.command("render", cls=Command)
def render_(
    source: Annotated[Path, typer.Argument(help="The strategy (YAML or JSON).", show_default=False)],
    out: Annotated[Path, typer.Option("--output", "-o", metavar="FILE.docx", help="The Word file to write.",
                                      show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a strategy as the Word document a mission submits, in the Framework's template.

    Sections A-J with their headings and paragraph numbers, the tables missions use, and Annex I
    with the Framework's four columns. `pocrules import` reads the document back exactly.

    Example:

      pocrules render strategy.yaml -o strategy.docx
    """
    from . import loader
    from .errors import InputError
    from .word import render as word

    if out.exists() and not force:
        raise _fail(f"{out} already exists (use --force to overwrite it)")
    try:
        strategy, _ = loader.load(source)
    except InputError as exc:
        raise _unusable(exc) from None
    word.write(strategy, out)
    typer.echo(f"wrote {out}")


@app.command(cls=Command)
def schema() -> None:
    """Print the JSON Schema of a strategy file, for editor autocompletion and validation."""
    import json

    from .model import Strategy

    typer.echo(json.dumps(Strategy.model_json_schema(), indent=2))


def _for(first: list[str]) -> typer.Typer:
    """The app with only the command named first on the command line, if one is.

    typer builds a click command for every registered command before it parses anything
    (about 1.5 ms each); a run needs only its own. Anything else (no command, --help,
    --version, a misspelt command) gets the whole app, whose help and suggestions list them all.
    """
    from typer.main import get_command_name

    commands = [c for c in app.registered_commands
                if first == [c.name or get_command_name(c.callback.__name__)]]  # type: ignore[union-attr]
    groups = [g for g in app.registered_groups if first == [g.name]]
    if not commands and not groups:
        return app
    only = copy.copy(app)
    only.registered_commands, only.registered_groups = commands, groups
    return only


def main() -> None:
    """The console entry point. A usage error or a file-system failure that a command did not
    report itself (an output path that is a folder, under a file, not writable) is still one
    line and exit 2, never a traceback."""
    import gc

    from .errors import UsageError

    # Start-up allocates tens of thousands of objects that live as long as the process (the models,
    # the rules, the engine): collecting every 700 allocations walked them about 120 times for
    # nothing (~10 ms). Garbage is still collected, in larger batches, as mypy does.
    gc.set_threshold(100_000, *gc.get_threshold()[1:])
    try:
        _for(sys.argv[1:2])()
    except UsageError as exc:
        raise SystemExit(_fail(str(exc)).exit_code) from None
    except OSError as exc:
        where = f" '{exc.filename}'" if exc.filename else ""
        raise SystemExit(_fail(f"cannot use{where}: {exc.strerror or exc}").exit_code) from None
    finally:
        # The process ends now: the interpreter's collections as it shuts down would otherwise
        # walk every object the models and rules left (tens of thousands, ~45 ms) to free nothing.
        gc.freeze()


if __name__ == "__main__":
    main()

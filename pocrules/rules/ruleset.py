"""Find, validate, merge and compile rulesets.

A packaged ruleset is a folder of YAML files, one per template section (its
``tests/`` subfolder holds the rule test cases and is not loaded here). A
reviewer's ruleset is one YAML file that ``extends`` packaged ones, switches
rules off, changes severities or parameters, and may add rules of its own:
merging, not copying, as in Spectral.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, UsageError, did_you_mean
from ..facts import Pattern
from ..sources import Document, join, read
from . import declared, ir
from .ir import CompiledRule

if TYPE_CHECKING:  # what reads and validates rule files; a ruleset from the cache (.stored) needs neither
    from pydantic import BaseModel

    from .schema import Rule, RuleFile

DEFAULT = "framework-2011"


def bundled_root() -> Path:
    """Packaged rulesets: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "rulesets"
    return installed if installed.is_dir() else here.parent / "rulesets"


def bundled_names() -> list[str]:
    root = bundled_root()
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


@dataclass(frozen=True)
class Ruleset:
    """Compiled rules, ready to evaluate any number of documents."""

    name: str
    rules: tuple[CompiledRule, ...]
    patterns: tuple[Pattern, ...]
    source: str | None = field(default=None, compare=False)
    """A digest of what the rules were compiled from (rule files, settings, pocrules build), where the
    compiled-ruleset cache knows it (:mod:`.stored`): what is derived from the rules alone, as the
    durable engine's translation, is cached under it."""

    def __repr__(self) -> str:
        return f"Ruleset({self.name!r}, {len(self.rules)} rules)"

    def only(self, keep: Callable[[declared.Rule], bool]) -> Ruleset:
        """The rules ``keep`` selects (--select/--ignore), without reading or compiling anything again."""
        kept = Ruleset(self.name, tuple(r for r in self.rules if keep(r.rule)), ())
        used = kept.fields
        patterns = tuple(p for p in self.patterns if p.derived in used.get(p.kind, ()))
        return Ruleset(self.name, kept.rules, patterns)

    @cached_property
    def input_rules(self) -> dict[str, CompiledRule]:
        """The rule that reports each kind of input problem (a kind switched off has none)."""
        return {r.rule.input: r for r in self.rules if r.rule.input is not None}

    @cached_property
    def queries(self) -> tuple[ir.Query, ...]:
        return tuple(q for r in self.rules for q in r.queries)

    @cached_property
    def query_rules(self) -> dict[str, tuple[CompiledRule, ir.Query]]:
        """Each query, and the rule it belongs to, by name: findings are built from the queries that matched."""
        return {q.name: (r, q) for r in self.rules for q in r.queries}

    @cached_property
    def counting(self) -> tuple[str, ...]:
        """The queries of rules that count their matches (judged whether or not anything matched)."""
        return tuple(q.name for r in self.rules if r.count is not None for q in r.queries)

    @cached_property
    def causes(self) -> dict[str, tuple[str, ...]]:
        """The rules whose failure explains a rule's findings (its ``depends_on``), for the rules that name any."""
        return {r.id: tuple(r.rule.depends_on) for r in self.rules if r.rule.depends_on}

    @cached_property
    def final_only(self) -> tuple[str, ...]:
        """The rules not judged while a strategy is a draft."""
        return tuple(r.id for r in self.rules if r.rule.final_only)

    @cached_property
    def fields(self) -> dict[str, set[str]]:
        """The fields each kind's facts need for this ruleset (the rest can be left out)."""
        used: dict[str, set[str]] = defaultdict(set)
        used["strategy"] = set()
        for q in self.queries:
            fields_used(q, used)
        return dict(used)


def fields_used(q: ir.Query, used: dict[str, set[str]]) -> None:
    """Add the fields of each kind that query ``q`` reads to ``used``."""
    aliases = q.aliases()
    kind_of = {a.name: a.kind for a in aliases}
    for alias in aliases:
        fields = used.setdefault(alias.kind, set())
        for test in ir.tests(alias.cond):
            fields.add(test.field)
            for ref in ir.refs(test.operand):
                used.setdefault(kind_of[ref.alias], set()).add(ref.field)


def _validated(model: type[BaseModel], doc: Document, kind: str) -> Any:
    from pydantic import ValidationError

    from .. import validation

    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(doc.path, validation.problems(model, exc, doc), kind=kind) from None


def _read_rules(path: Path) -> tuple[Document, RuleFile]:
    from .schema import RuleFile

    doc = read(path, kind="ruleset")
    return doc, _validated(RuleFile, doc, "ruleset")


def _packaged(name_or_dir: str | Path, inputs: list[Path]) -> list[tuple[Document, str, int, Rule]]:
    folder = Path(name_or_dir)
    if not folder.is_dir():
        if str(name_or_dir) not in bundled_names():
            raise UsageError(f"no ruleset named '{name_or_dir}'" + did_you_mean(str(name_or_dir), bundled_names())
                             + " (or give the path of a ruleset file or folder)")
        folder = bundled_root() / str(name_or_dir)
    inputs.append(folder)
    out = []
    for path in sorted(folder.glob("*.yaml")):
        doc, rule_file = _read_rules(path)
        out.extend((doc, rule.section or rule_file.section, i, rule) for i, rule in enumerate(rule_file.rules))
    if not out:
        raise UsageError(f"the ruleset folder {folder} holds no rule files (*.yaml)")
    return out


def load(spec: str | Path | list[str] | None = None, *, params: dict[str, dict[str, Any]] | None = None,
         severities: dict[str, str] | None = None, inputs: list[Path] | None = None) -> Ruleset:
    """Load and compile rulesets by packaged name, folder or reviewer file (several are merged).

    ``params`` overrides rule parameters (rule id -> name -> value), ``severities`` rule
    severities ('off' drops a rule). ``inputs``, if given, receives every file and folder the
    rules came from, so that a stored copy can tell when it is out of date (:mod:`.stored`).
    """
    from .compiler import CompileError, Compiler  # not needed when the ruleset comes from the cache (.stored)
    from .schema import Override, UserRuleset

    inputs = [] if inputs is None else inputs
    specs = [spec or DEFAULT] if not isinstance(spec, list) else (spec or [DEFAULT])
    entries: list[tuple[Document, str, int, Rule]] = []
    overrides: dict[str, Any] = {}
    override_docs: dict[str, Document] = {}
    names = []
    for one in specs:
        path = Path(one)
        if path.exists() and not path.is_dir():  # a file (a FIFO or device is refused when read)
            user_doc = read(path, kind="ruleset")
            inputs.append(path)
            user = _validated(UserRuleset, user_doc, "ruleset")
            bases = [user.extends] if isinstance(user.extends, str) else user.extends
            entries += [e for base in bases for e in _packaged(_relative(base, path), inputs)]
            entries += [(user_doc, rule.section or user.section, i, rule) for i, rule in enumerate(user.rules)]
            overrides.update(user.overrides)
            override_docs.update({rule_id: user_doc for rule_id in user.overrides})
            names.append(path.stem)
        else:
            entries += _packaged(one, inputs)
            names.append(path.name or str(one))
    entries = _dedupe_packaged(entries)
    _no_duplicates(entries)
    known = {rule.id for _, _, _, rule in entries}
    for rule_id, doc in override_docs.items():
        if rule_id not in known:
            raise InputError(doc.path, [doc.problem(
                f"override for unknown rule '{rule_id}'" + did_you_mean(rule_id, known), join("/overrides", rule_id))],
                kind="ruleset")
    for rule_id, level in (severities or {}).items():
        if rule_id not in known:
            raise UsageError(f"a severity is set for unknown rule '{rule_id}'" + did_you_mean(rule_id, known))
        base = overrides.get(rule_id)
        base = Override(severity=base) if isinstance(base, str) else (base or Override())  # type: ignore[arg-type]
        overrides[rule_id] = base.model_copy(update={"severity": level})
    compiler = Compiler()
    compiled = []
    for doc, section, i, rule in entries:
        override = overrides.get(rule.id)
        if isinstance(override, str):
            override = Override(severity=override)  # type: ignore[arg-type]
        severity = (override.severity if override and override.severity else rule.severity)
        if severity == "off":
            continue
        overridden = _overridden(rule, override.params, override_docs[rule.id]) if override and override.params else {}
        rule_params = {**overridden, **_set(rule, (params or {}).get(rule.id, {}))}
        try:
            compiled.append(compiler.compile(rule, section, severity, rule_params))
        except CompileError as exc:
            raise InputError(doc.path, [doc.problem(f"rule {rule.id}: {exc.message}", join("/rules", i) + exc.pointer)],
                             kind="ruleset") from None
    for doc, _, i, rule in entries:
        for j, parent in enumerate(rule.depends_on):
            if parent not in known or parent == rule.id:
                raise InputError(doc.path, [doc.problem(
                    f"rule {rule.id} depends on unknown rule '{parent}'" + did_you_mean(parent, known - {rule.id}),
                    join("/rules", i, "depends_on", j))], kind="ruleset")
    unknown_params = set(params or {}) - known
    if unknown_params:
        first = sorted(unknown_params)[0]
        raise UsageError(f"--param names unknown rule '{first}'" + did_you_mean(first, known))
    return Ruleset("+".join(names), tuple(sorted(compiled, key=lambda r: r.id)), tuple(compiler.patterns))


def _overridden(rule: Rule, values: dict[str, Any], doc: Document) -> dict[str, Any]:
    """A reviewer ruleset's parameter overrides, checked against the rule's declarations."""
    out = {}
    for name, value in values.items():
        at = join("/overrides", rule.id, "params", name)
        if name not in rule.params:
            raise InputError(doc.path, [doc.problem(f"rule {rule.id} has no parameter '{name}'"
                                                    + did_you_mean(name, rule.params, what="parameter"), at)],
                             kind="ruleset")
        try:
            out[name] = rule.params[name].check(value)
        except ValueError as exc:
            raise InputError(doc.path, [doc.problem(f"rule {rule.id}, parameter {name}: {exc}", at)],
                             kind="ruleset") from None
    return out


def _set(rule: Rule, values: dict[str, Any]) -> dict[str, Any]:
    """Parameters set by --param or a configuration file, checked against the rule's declarations."""
    out = {}
    for name, value in values.items():
        if name not in rule.params:
            raise UsageError(f"a parameter set with --param or in the configuration: rule {rule.id} has no "
                             f"parameter '{name}'" + did_you_mean(name, rule.params, what="parameter"))
        try:
            out[name] = rule.params[name].check(value)
        except ValueError as exc:
            raise UsageError(f"rule {rule.id}, parameter {name} (set with --param or in the configuration): {exc}") from None
    return out


def _dedupe_packaged(entries: list[tuple[Document, str, int, Rule]]) -> list[tuple[Document, str, int, Rule]]:
    """Two reviewer files extending the same packaged ruleset bring its rules once."""
    seen: set[tuple[str, int]] = set()
    out = []
    for entry in entries:
        key = (entry[0].path, entry[2])
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out


def _relative(base: str, user_file: Path) -> str | Path:
    candidate = user_file.parent / base
    return candidate if candidate.is_dir() else base


def _no_duplicates(entries: list[tuple[Document, str, int, Rule]]) -> None:
    seen: dict[str, str] = {}
    for doc, _, i, rule in entries:
        if rule.id in seen:
            raise InputError(doc.path, [doc.problem(
                f"rule id {rule.id} is already defined in {seen[rule.id]}", join("/rules", i, "id"))], kind="ruleset")
        seen[rule.id] = doc.path


"""Text about the rules themselves: the list, one rule's documentation, coverage.

Generated from the ruleset, so the documentation a reviewer reads is the one
the engine runs (as sqlfluff builds its rule docs from the registry).
"""

from __future__ import annotations

import textwrap

from ..catalogue import requirements
from ..findings import SECTION_ORDER, SECTION_TITLES
from ..rules.ir import CompiledRule
from ..rules.ruleset import Ruleset


def _cites(rule: CompiledRule) -> str:
    catalogue = requirements()
    return "; ".join(f"{c} ({catalogue[c].ref}), Framework: {catalogue[c].modality}" for c in rule.rule.cites)


def listing(ruleset: Ruleset) -> str:
    lines = []
    for r in ruleset.rules:
        lines.append(f"{r.id:<12} {r.severity:<8} {r.section:<8} {r.rule.title}")
        lines.append(f"{'':<30}cites {_cites(r)}")
    lines.append(f"{len(ruleset.rules)} rules in {ruleset.name}; `pocrules rules show RULE` explains one")
    return "\n".join(lines) + "\n"


def _block(title: str, text: str | None, indent: str = "  ") -> list[str]:
    if not text:
        return []
    return [title, textwrap.indent(text.rstrip("\n"), indent), ""]


def show(rule: CompiledRule) -> str:
    r, catalogue = rule.rule, requirements()
    lines = [f"{r.id}: {r.title}", "",
             f"severity: {rule.severity}    section: "
             + ("wherever the problem is" if r.input else SECTION_TITLES[rule.section])]
    if r.tags:
        lines.append("tags: " + ", ".join(r.tags))
    lines.append("")
    lines.append("Cites:")
    for c in r.cites:
        req = catalogue[c]
        lines.append(f"  {c} - {req.ref}: {req.title} (Framework: {req.modality})")
        lines.append(textwrap.indent(textwrap.fill(req.summary, 88), "      "))
    lines.append("")
    lines += _block("What it checks:", textwrap.fill(r.docs.description, 88))
    lines += _block("Why:", textwrap.fill(r.docs.rationale, 88))
    lines += _block("Anti-pattern:", r.docs.bad, "    ")
    lines += _block("Best practice:", r.docs.good, "    ")
    lines += _block("Left to the reviewer:", textwrap.fill(r.docs.limits or "", 88))
    lines += _block("Score:", _capped(r))
    if rule.params:
        lines.append("Parameters (override with --param " + r.id + ".NAME=VALUE):")
        lines += [f"  {k} = {v} ({r.params[k].expected()})" for k, v in rule.params.items()]
        lines.append("")
    lines += _block("Message:", r.message if not r.input else "The problem, where it is (see the example above).")
    lines += _block("Fix:", r.fix)
    lines += _block("In a Word document:", _word(rule))
    lines += _block("In a YAML or JSON file:", r.fix_yaml)
    return "\n".join(lines).rstrip() + "\n"


def _word(rule: CompiledRule) -> str:
    """The Word template's place for the fix: the first field ``fix_yaml`` names, from the top of the
    strategy or in a row of the table the rule checks (``trend`` of a threat)."""
    from ..facts import COLLECTIONS
    from . import word_place

    row = COLLECTIONS.get(rule.for_each or "")
    return word_place(rule.rule.fix_yaml or "", f"{row}/0" if row else "")


def _capped(r) -> str:  # noqa: ANN001 - a Rule
    return "" if r.score_cap is None else (
        f"While this rule reports a finding (not waived), the mission's compliance score is at most {r.score_cap}.")


def markdown(rule: CompiledRule) -> str:
    """One rule's page, as shipped in docs/rules/ and shown by ``pocrules rules show --format markdown``."""
    r, catalogue = rule.rule, requirements()

    def fenced(text: str) -> list[str]:
        return ["```yaml", text.rstrip("\n"), "```", ""]

    lines = [f"# {r.id}: {r.title}", "",
             f"**Severity:** {rule.severity} · **Template section:** {SECTION_TITLES[rule.section]}"
             + (f" · **Tags:** {', '.join(r.tags)}" if r.tags else ""), "",
             "## What it checks", "", r.docs.description.strip(), "",
             "## Why", "", r.docs.rationale.strip(), "",
             "## Framework", ""]
    for c in r.cites:
        req = catalogue[c]
        lines += [f"- **{req.ref}**, {req.title}: {req.summary} (Framework: *{req.modality}*; `{c}`)"]
    lines += ["", "## What to do", "", r.fix.strip() or "See the best practice below.", ""]
    place = _word(rule)
    if place:
        lines += [f"In a Word document: {place}.", ""]
    if r.fix_yaml:
        lines += [f"In a YAML or JSON file: {r.fix_yaml.strip()}", ""]
    lines += ["## Anti-pattern", "", *fenced(r.docs.bad), "## Best practice", "", *fenced(r.docs.good)]
    if r.docs.limits:
        lines += ["## Left to the reviewer", "", r.docs.limits.strip(), ""]
    if r.score_cap is not None:
        lines += ["## Score", "", _capped(r), ""]
    if rule.params:
        lines += ["## Parameters", "", f"Override with `--param {r.id}.NAME=VALUE`.", ""]
        lines += [f"- `{k}` = `{v}`" for k, v in rule.params.items()] + [""]
    lines += ["## Message", "", r.message.strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def index(ruleset: Ruleset) -> str:
    """docs/rules/README.md: every rule of the ruleset, by template section, linked to its page."""
    lines = [f"# Rules of {ruleset.name}", "",
             "Generated by `pocrules rules docs docs/rules`; each page is also `pocrules rules show RULE "
             "--format markdown`.", ""]
    section = None
    for r in sorted(ruleset.rules, key=lambda r: SECTION_ORDER.index(r.section)):
        if r.section != section:
            section = r.section
            lines += ["", f"## {SECTION_TITLES[section]}", "", "| rule | severity | what it checks |", "|---|---|---|"]
        lines.append(f"| [{r.id}]({r.id}.md) | {r.severity} | {r.rule.title} |")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def coverage(ruleset: Ruleset) -> tuple[str, list[str]]:
    """Requirement -> rules that cite it; and the requirements no rule cites."""
    by_req: dict[str, list[str]] = {rid: [] for rid in requirements()}
    for r in ruleset.rules:
        for c in r.rule.cites:
            by_req.setdefault(c, []).append(r.id)
    catalogue = requirements()
    lines, missing = [], []
    for rid, rules in by_req.items():
        ref = catalogue[rid].ref
        if rules:
            lines.append(f"{rid:<36} {', '.join(rules)}")
        else:
            missing.append(rid)
            lines.append(f"{rid:<36} NOT CHECKED ({ref})")
    covered = len(by_req) - len(missing)
    lines.append("")
    lines.append(f"{covered}/{len(by_req)} Framework requirements are checked by {ruleset.name}.")
    if missing:
        lines.append("Not checked: " + ", ".join(missing))
    return "\n".join(lines) + "\n", missing

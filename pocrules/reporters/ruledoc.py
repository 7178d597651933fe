"""Text about the rules themselves: the list, one rule's documentation, coverage.

Generated from the ruleset, so the documentation a reviewer reads is the one
the engine runs (as sqlfluff builds its rule docs from the registry).
"""

from __future__ import annotations

import textwrap

from ..catalogue import requirements
from ..findings import SECTION_TITLES
from ..rules.compiler import CompiledRule
from ..rules.ruleset import Ruleset


def _cites(rule: CompiledRule) -> str:
    catalogue = requirements()
    return "; ".join(f"{c} ({catalogue[c].ref})" for c in rule.rule.cites)


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
             f"severity: {rule.severity}    section: {SECTION_TITLES[rule.section]}"]
    if r.tags:
        lines.append("tags: " + ", ".join(r.tags))
    lines.append("")
    lines.append("Cites:")
    for c in r.cites:
        req = catalogue[c]
        lines.append(f"  {c} - {req.ref}: {req.title}")
        lines.append(textwrap.indent(textwrap.fill(req.summary, 88), "      "))
    lines.append("")
    lines += _block("What it checks:", textwrap.fill(r.docs.description, 88))
    lines += _block("Why:", textwrap.fill(r.docs.rationale, 88))
    lines += _block("Anti-pattern:", r.docs.bad, "    ")
    lines += _block("Best practice:", r.docs.good, "    ")
    lines += _block("Left to the reviewer:", textwrap.fill(r.docs.limits or "", 88))
    if rule.params:
        lines.append("Parameters (override with --param " + r.id + ".NAME=VALUE):")
        lines += [f"  {k} = {v} ({r.params[k].expected()})" for k, v in rule.params.items()]
        lines.append("")
    lines += _block("Message:", r.message)
    lines += _block("Fix:", r.fix)
    return "\n".join(lines).rstrip() + "\n"


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

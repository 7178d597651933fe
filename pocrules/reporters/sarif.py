"""SARIF 2.1.0: the format code-scanning dashboards and editors read (GitHub, VS Code's SARIF viewer).

One run; the driver lists every rule of the ruleset with its documentation and
its Framework citations (in ``properties``), so a finding can be explained
where it is shown. Files that could not be checked are tool execution
notifications, and the invocation is then not successful.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..findings import SECTION_TITLES, Finding
from . import LEVELS, Run, RuleInfo, citations, relative, rule_url, rules_of

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = LEVELS["sarif"]


def _uri(path: str) -> str:
    rel = relative(path)
    return Path(rel).as_uri() if Path(rel).is_absolute() else quote(rel)


def _cites(ids: tuple[str, ...]) -> list[dict[str, str]]:
    from ..catalogue import requirements

    catalogue = requirements()
    return [{"id": c, "ref": ref, "modality": catalogue[c].modality if c in catalogue else ""}
            for c, ref in citations(ids)]


def _name(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _rule(rule: RuleInfo, docs_url: str | None) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.id, "name": _name(rule.title),
        "shortDescription": {"text": rule.title},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"section": rule.section, "sectionTitle": SECTION_TITLES[rule.section],
                       "cites": _cites(rule.cites), "tags": list(rule.tags)},
    }
    help_uri = rule_url(docs_url, rule.id)
    if help_uri:  # only where the user published the rule pages: never a made-up address
        descriptor["helpUri"] = help_uri
    if rule.description:
        descriptor["fullDescription"] = {"text": rule.description}
    fix = (f"Fix: {rule.fix}" + (f" In a YAML or JSON file: {rule.fix_yaml}" if rule.fix_yaml else "")
           if rule.fix else "")
    help_parts = [p for p in (rule.rationale, fix) if p]
    if help_parts:
        descriptor["help"] = {"text": "\n\n".join(help_parts)}
    return descriptor


def _region(line: int | None, column: int | None) -> dict[str, int]:
    return {"startLine": line, "startColumn": column or 1} if line else {}


def _location(path: str, index: int, line: int | None, column: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(path), "index": index}}
    region = _region(line, column)
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def _logical(f: Finding) -> list[dict[str, Any]]:
    """The strategy element (its pointer) and, in a Word document, the place a reader finds it."""
    found = [{"fullyQualifiedName": f.pointer, "name": f.pointer.rsplit("/", 1)[-1], "kind": "element"}] \
        if f.pointer else []
    if f.place:
        found.append({"fullyQualifiedName": f.place.label, "name": f.place.label.rsplit(", ", 1)[-1],
                      "kind": "text"})
    return found


def _result(f: Finding, rule_index: int, artifact: int) -> dict[str, Any]:
    # A Word document has no lines: its findings are located by the logical place alone.
    location = _location(f.path, artifact, None if f.place else f.line, f.column)
    logical = _logical(f)
    if logical:
        location["logicalLocations"] = logical
    key = hashlib.sha256(f"{f.rule}\0{relative(f.path)}\0{f.element or f.pointer}".encode()).hexdigest()[:32]
    result: dict[str, Any] = {
        "ruleId": f.rule, "ruleIndex": rule_index, "level": _LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [location],
        # Keyed on the element, not the line, so an edit elsewhere in the file keeps the identity.
        "partialFingerprints": {"pocrulesElement/v1": key},
        "properties": {"pointer": f.pointer, "element": f.element, "where": f.subject, "section": f.section,
                       "cites": _cites(f.cites), "modality": f.modality, "fix": f.fix, "fixYaml": f.fix_yaml,
                       **({"docx": f.docx} if f.place else {})},
    }
    if f.waived is not None:
        # A reviewer's waiver is recorded outside the analysis: an accepted external suppression.
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f.waived.justification,
                                   "properties": {"approvedBy": f.waived.approved_by, "expires": f.waived.expires}}]
    return result


def document(run: Run) -> dict[str, Any]:
    rules = rules_of(run)
    index = {r.id: i for i, r in enumerate(rules)}
    # Every file a result points at: the documents, and any waivers file a waiver note is located in.
    documents = [relative(r.path) for r in run.results]
    paths = list(dict.fromkeys([*documents, *(relative(f.path) for r in run.results for f in r.findings)]))
    artifact = {p: i for i, p in enumerate(paths)}
    results, notifications = [], []
    for res in run.results:
        results += [_result(f, index[f.rule], artifact[relative(f.path)]) for f in res.findings]
        for p in res.error.problems if res.error else ():
            notifications.append({
                "level": "error",
                "message": {"text": f"{relative(res.path)} could not be checked: {p.message}"},
                "locations": [_location(res.path, artifact[relative(res.path)], p.line, p.column)],
                "properties": {"pointer": p.pointer},
            })
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "pocrules", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule(r, run.docs_url) for r in rules]}},
            "invocations": [invocation],
            "artifacts": [{"location": {"uri": _uri(p)},
                           "roles": ["analysisTarget" if p in documents else "userSpecifiedConfiguration"]}
                          for p in paths],
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {"ruleset": run.ruleset, "engine": run.engine, "asOf": run.as_of, "failOn": run.fail_on},
        }],
    }


def render(run: Run) -> str:
    return json.dumps(document(run), indent=2, ensure_ascii=False) + "\n"

"""JUnit XML, the one report format every CI dashboard (Jenkins, GitLab, Azure) can chart.

Each document is a test suite and each rule a test case in it, so a dashboard
shows which requirements a strategy meets as well as which it misses; a rule
with findings fails, with every finding as ``file:line:column``. A rule whose
findings are all waived is skipped, with the waivers as its reason. A document
that could not be checked is one test case in error. Without the ruleset in
the run, only the rules that found something are known, so only they appear.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from ..check import Result
from ..findings import Finding
from ..rules.schema import SEVERITIES
from . import Run, RuleInfo, details, relative, rules_of, waiver_text, xml_safe


def _finding(f: Finding) -> str:
    at = f" (at {f.pointer})" if f.pointer else ""
    lines = [f"{f.where(relative(f.path))}: {f.severity}: {f.message}{at}"]
    lines += [f"  {line}" for line in details(f)]
    return "\n".join(lines)


def _count(element: ET.Element, **counts: int) -> ET.Element:
    for name, n in {"skipped": 0, **counts}.items():
        element.set(name, str(n))
    return element


def _suite(result: Result, rules: list[RuleInfo], run: Run) -> ET.Element:
    path = relative(result.path)
    suite = ET.Element("testsuite", name=path)
    props = ET.SubElement(suite, "properties")
    for name, value in (("mission", result.mission), ("ruleset", run.ruleset), ("engine", run.engine),
                        ("as_of", run.as_of)):
        if value:
            ET.SubElement(props, "property", name=name, value=xml_safe(value))
    if result.error:
        case = ET.SubElement(suite, "testcase", classname=path, name="read and validate the strategy")
        problems = result.error.problems
        error = ET.SubElement(case, "error", type="InputError",
                              message=xml_safe(f"could not be checked: {len(problems)} problem(s)"))
        error.text = xml_safe("\n".join(f"{p.where(path)}: {p.message}" + (f" (at {p.pointer})" if p.pointer else "")
                                     for p in problems))
        return _count(suite, tests=1, failures=0, errors=1)
    found: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        found[f.rule].append(f)
    failures = skipped = 0
    for rule in rules:
        case = ET.SubElement(suite, "testcase", classname=path, name=xml_safe(f"{rule.id} {rule.title}"))
        hits = found.get(rule.id, [])
        open_ = [f for f in hits if f.waived is None]
        if open_:
            failures += 1
            worst = min((f.severity for f in open_), key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else 9)
            failure = ET.SubElement(case, "failure", type=worst,
                                    message=xml_safe(f"{len(open_)} finding(s): {open_[0].message}"))
            failure.text = xml_safe("\n".join(_finding(f) for f in hits))
        elif hits:
            skipped += 1
            skip = ET.SubElement(case, "skipped",
                                 message=xml_safe(f"{len(hits)} finding(s) waived. {waiver_text(hits[0])}"))
            skip.text = xml_safe("\n".join(_finding(f) for f in hits))
    return _count(suite, tests=len(rules), failures=failures, errors=0, skipped=skipped)


def render(run: Run) -> str:
    rules = rules_of(run)
    root = ET.Element("testsuites", name="pocrules")
    for result in run.results:
        root.append(_suite(result, rules, run))
    _count(root, **{k: sum(int(s.get(k, "0")) for s in root) for k in ("tests", "failures", "errors", "skipped")})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

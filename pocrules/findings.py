"""Findings: small immutable records, built from engine matches in one place.

Severity, citation and location are stamped here, never by a rule or an
engine, so every output format shows the same thing in the same order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .catalogue import requirements
from .engine.base import Match
from .errors import Problem
from .model.vocabulary import display
from .facts import COLLECTIONS, ENRICHED, EVENTS, STRATEGY, Facts
from .rules import ir
from .rules.ir import FOR_EACH, TARGET, CompiledRule
from .rules.ruleset import Ruleset, fields_used
from .sources import Document, Place, escape, looks_like_word
from .sources.document import document_order, resolve
from .subjects import describe
from . import policy

SECTION_ORDER = ("body", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "annex-I")
SECTION_TITLES = {
    "body": "Drafting, consultation, timeframe and endorsement",
    "A": "A. Purpose and scope",
    "B": "B. Analysis of POC risks",
    "C": "C. POC activities",
    "D": "D. Information gathering and sharing",
    "E": "E. Early warning and crisis response",
    "F": "F. Capacities, resources and national caveats",
    "G": "G. Roles and responsibilities",
    "H": "H. Coordination mechanisms",
    "I": "I. Expectations management",
    "J": "J. Monitoring, reporting and lessons learned",
    "annex-I": "Annex I. Implementation matrix",
}
SECTION_POINTERS = {
    "body": "", "A": "/purpose_scope", "B": "/risk_analysis", "C": "/implementation_matrix",
    "D": "/information", "E": "/early_warning", "F": "/capacities", "G": "/roles",
    "H": "/coordination", "I": "/expectations", "J": "/monitoring", "annex-I": "/implementation_matrix",
}
SECTION_OF_KEY = {
    "purpose_scope": "A", "risk_analysis": "B", "implementation_matrix": "C", "information": "D",
    "early_warning": "E", "crisis_response": "E", "capacities": "F", "roles": "G", "coordination": "H",
    "expectations": "I", "monitoring": "J",
}
"""The template section each top-level key of a strategy belongs to (any other key: the body)."""
ENGINE_RULE = "POC-ENGINE"
READER_RULE = "POC-WORD"
"""Findings of the Word reader itself: a name in a table that matches no actor, risk or objective."""
PROSE = "prose"
"""How a Word reader marks a template part present only as prose (see Document.parts)."""
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


@dataclass(frozen=True, order=True)
class Waived:
    """Why a reviewer accepted a finding (see pocrules.waivers)."""

    justification: str
    approved_by: str
    expires: str | None = None


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    pointer: str
    severity: str
    section: str
    message: str
    cites: tuple[str, ...]
    fix: str = ""
    element: str = ""
    """A stable identity of the element concerned (its id where it has one), for diffs and baselines."""
    waived: Waived | None = None
    place: Place | None = None
    """Where a reader of a Word source finds the element (None for YAML and JSON sources)."""
    subject: str = ""
    """The element in a reader's words: its section, kind, id and title (see pocrules.subjects)."""
    fix_yaml: str = ""
    """Where a YAML or JSON strategy records the fix (the rule's ``fix_yaml``); not for a Word reader."""

    @property
    def refs(self) -> tuple[str, ...]:
        """Paragraph references of the cited requirements."""
        catalogue = requirements()
        return tuple(catalogue[c].ref for c in self.cites if c in catalogue)

    @property
    def modality(self) -> str:
        """The Framework's own word for the first cited requirement ("shall", "should"...); "" if none."""
        req = requirements().get(self.cites[0]) if self.cites else None
        return req.modality if req else ""

    @property
    def in_word(self) -> bool:
        """Whether the finding is on a Word document (located by places, which have no lines)."""
        return self.place is not None or looks_like_word(self.path, b"")

    def where(self, path: str | None = None) -> str:
        """Where a reader finds it: ``strategy.docx: Annex I, row 4, Lead`` in Word, ``strategy.yaml:12:5`` in text.

        A Word finding on something the document does not have (a missing section) names its section.
        """
        path = self.path if path is None else path
        if self.place:
            return f"{path}: {self.place.label}"
        if self.in_word:
            return f"{path}: {SECTION_TITLES[self.section]} (not found in the document)"
        return f"{path}:{self.line}:{self.column}"

    @property
    def docx(self) -> dict[str, Any] | None:
        """The Word place as report data: its label, and the body block, table row and cell it is anchored at."""
        p = self.place
        return None if p is None else {"label": p.label, "block": p.block, "row": p.row, "cell": p.cell}

    def to_dict(self) -> dict[str, Any]:
        catalogue, word = requirements(), self.in_word
        return {
            "rule": self.rule, "severity": self.severity, "section": self.section,
            "message": self.message, "fix": self.fix, "fix_yaml": self.fix_yaml, "modality": self.modality,
            "cites": [{"id": c, "ref": catalogue[c].ref, "modality": catalogue[c].modality}
                      for c in self.cites if c in catalogue],
            "pointer": self.pointer, "element": self.element, "where": self.subject, "docx": self.docx,
            # A Word document has no lines: it is located by ``docx`` instead.
            "location": {"path": self.path, "line": None if word else self.line,
                         "column": None if word else self.column},
            "waived": None if self.waived is None else {
                "justification": self.waived.justification, "approved_by": self.waived.approved_by,
                "expires": self.waived.expires},
        }

    @property
    def key(self) -> tuple[str, str]:
        """What identifies a finding across versions of a document: never its line number."""
        return (self.rule, self.element or self.pointer)


def _text(value: Any, names: dict[str, str]) -> str:
    if value is None:
        return "not stated"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_text(v, names) for v in value) or "none"
    if isinstance(value, str):
        return names.get(value) or display(value)
    return str(value)


def _raw(value: Any) -> str:
    """A value as YAML would spell it, for `code` in `fix_yaml` texts."""
    if isinstance(value, list):
        return "[" + ", ".join(_raw(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


_ID_FIELDS = frozenset({
    "actor", "facilitated_by", "recipient", "participants", "lead", "supporting", "chair", "members",
    "reports_to", "advised_by", "addressed_by", "agreed_with", "discussed_with",
})
"""Fields that hold actor or mechanism ids (shown by name); every other value is a code or the author's text."""


def _names(strategy: Any) -> dict[str, str]:
    """Actor and mechanism ids -> their names, so a message says 'Force', not 'force'."""
    if not isinstance(strategy, dict):
        return {}
    out: dict[str, str] = {}
    mechanisms = (strategy.get("coordination") or {}).get("mechanisms") or []
    for item in [*(strategy.get("actors") or []), *mechanisms]:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("name"), str):
            out[item["id"]] = item["name"]
    return out


def render(template: str, context: dict[str, Any], names: Callable[[], dict[str, str]] | None = None) -> str:
    """Fill ``{kind.field}`` placeholders from plain data; no attribute access, no code.

    Codes read as their display names (vocabulary.DISPLAY) and ids of actors and
    mechanisms as their names (from ``names()``, else from the context's strategy, and
    only once a placeholder shows an id), so a message never shows ``police_commissioner``;
    inside a `backticked` example of YAML (in `fix_yaml` texts) the code itself stays.
    """
    if "{" not in template:
        return template  # most fix texts have no placeholder: nothing to fill, for every finding of their rules
    if names is None:
        names = functools.cache(lambda: _names(context.get("strategy")))

    def one(m: re.Match[str]) -> str:
        if template.count("`", 0, m.start()) % 2:
            value = _lookup(m.group(1))
            return _raw(value)
        return _shown(m.group(1))

    def _lookup(name: str) -> Any:
        head, *path = name.split(".")
        value = context.get(head)
        for part in path:
            if isinstance(value, list):  # the elements a count matched: their values, each once
                value = list(dict.fromkeys(v.get(part) for v in value if isinstance(v, dict) and v.get(part) is not None))
            else:
                value = value.get(part) if isinstance(value, dict) else None
        return value

    def _shown(name: str) -> str:
        value = _lookup(name)
        path = name.split(".")[1:]
        if path and path[-1] in ("id", "key", "number", "title", "name", "description", "activity", "statement"):
            return "not stated" if value is None else str(value)  # the element's own words, as written
        return _text(value, names() if path and path[-1] in _ID_FIELDS else {})

    return _PLACEHOLDER.sub(one, template)


def _location(rule: CompiledRule, subject_pointer: str | None) -> str:
    at = rule.rule.at
    if at and at.startswith("/"):
        return at
    base = subject_pointer if subject_pointer is not None else SECTION_POINTERS[rule.section]
    if at:
        return base + "".join("/" + escape(p) for p in at.split("."))
    return base


def build(matches: list[Match], ruleset: Ruleset, facts: Facts, doc: Document) -> list[Finding]:
    """Findings for one document, deduplicated and in a stable order."""
    by_rule: dict[str, list[Match]] = {name: [] for name in ruleset.counting}  # judged even when none matched
    for match in matches:
        by_rule.setdefault(match.query, []).append(match)
    found: set[Finding] = set()
    names = functools.cache(lambda: _names(doc.data))  # once, if a message names an actor: there are hundreds

    def add(rule: CompiledRule, pointer: str, context: dict[str, Any]) -> None:
        found.add(_finding(rule, doc, pointer, context, names))

    for name, hits in by_rule.items():  # most queries match nothing in a given strategy
        rule, query = ruleset.query_rules[name]
        context: dict[str, Any] = {"strategy": doc.data, "params": rule.params, **dict(query.values)}
        if rule.count is not None:
            low, high = rule.count
            counted = {facts.pointers[m.fact(TARGET)] for m in hits}
            n = len(counted)
            if (low is not None and n < low) or (high is not None and n > high):
                # {consultation.actor} in a count's message names each counted element's actor, once
                matching = {rule.rule.expect.count: [resolve(doc.data, pointer)
                                                     for pointer in sorted(counted, key=document_order)]}
                add(rule, _location(rule, None), {**context, "count": n, **matching})
            continue
        if query.subject == ir.TRIGGER:
            add(rule, _location(rule, None), context)
            continue
        for match in hits:
            pointer = facts.pointers[match.fact(query.subject)]
            ctx = dict(context)
            if rule.for_each:
                ctx[rule.for_each] = resolve(doc.data, facts.pointers[match.fact(FOR_EACH)])
            target = rule.rule.expect.none
            if target:
                ctx[target] = resolve(doc.data, facts.pointers[match.fact(TARGET)])
            add(rule, _location(rule, pointer), ctx)
    return sorted(found)


def _finding(rule: CompiledRule, doc: Document, pointer: str, context: dict[str, Any],
             names: Callable[[], dict[str, str]]) -> Finding:
    line, column = doc.locate(pointer)
    severity, message = rule.severity, render(rule.rule.message, context, names)
    if doc.parts and PROSE in (doc.read_as(pointer), *(doc.parts.get(p) for p in reads(rule))):
        severity, message = policy.unverified(severity, message)
    return Finding(doc.path, line, column, rule.id, pointer, severity, rule.section,
                   message, tuple(rule.rule.cites), render(rule.rule.fix, context, names),
                   element_identity(doc.data, pointer), place=doc.place(pointer),
                   subject=describe(doc.data, pointer), fix_yaml=render(rule.rule.fix_yaml or "", context, names))


def reads(rule: CompiledRule) -> tuple[str, ...]:
    """The pointers of the fields a rule reads (``/consultations/*/security_sector`` for every row's; a
    derived field, such as ``agreed_with_kinds``, by its source), so a finding whose data a Word document
    gives only as prose is unverified wherever the rule places it."""
    used: dict[str, set[str]] = defaultdict(set)
    for query in rule.queries:
        fields_used(query, used)
    out = set()
    for kind, names in used.items():
        base = "" if kind == STRATEGY else COLLECTIONS.get(kind) or ("/history" if kind in EVENTS else None)
        for name in names if base is not None else ():
            source = name.rsplit("_", 1)[0] if name in ENRICHED.get(kind, ()) else name
            out.add(base + ("/*/" if kind != STRATEGY else "/") + source.replace(".", "/"))
    return tuple(sorted(out))


def element_identity(data: Any, pointer: str) -> str:
    """Name the element a pointer falls in by its id, not its position, so edits elsewhere don't churn it.

    ``/risk_analysis/risks/3/priority`` becomes ``/risk_analysis/risks[R4]/priority``; an element
    without an id (a matrix row, a consultation) is named by a short hash of its content.
    """
    tokens = pointer.split("/")[1:]
    out, node, field = "", data, ""
    for token in tokens:
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
            ident = node.get("id") if isinstance(node, dict) else None
            if isinstance(ident, str):
                out += f"[{ident}]"
            else:
                natural = NATURAL_KEYS.get(field)
                keyed = {k: node.get(k) for k in natural} if natural and isinstance(node, dict) else node
                out += f"[#{_digest(keyed)}]"
        else:
            field = token
            node = node.get(token.replace("~1", "/").replace("~0", "~")) if isinstance(node, dict) else None
            out += "/" + token
    return out


NATURAL_KEYS = {
    "implementation_matrix": ("risk", "activity"),
    "by_risk": ("risk",),
    "consultations": ("category", "date", "actor", "agency"),
    "endorsements": ("by",),
    "dissemination": ("recipient",),
    "history": ("type", "date"),
    "linked_strategies": ("type", "title"),
    "indicators": ("objective", "description"),
    "reporting": ("type",),
    "caveats": ("contingent", "caveat"),
    "responsibilities": ("holder",),
    "working_group": ("name",),
    "options": ("level", "option"),
    "perpetrators": ("name",),
    "resolutions": ("number",),
}
"""What names an element without an id: editing its other fields does not change its identity."""


_canonical = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False).encode


def _digest(node: Any) -> str:
    text = _canonical(node)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]  # noqa: S324 - an identity, not security


def section_of(pointer: str) -> str:
    return SECTION_OF_KEY.get(pointer.split("/")[1] if pointer.count("/") else "", "body")


def from_problems(problems: Iterable[Problem], ruleset: Ruleset, doc: Document) -> list[Finding]:
    """A finding for each problem of the input, from the input rule for its kind (none if it is off)."""
    found = []
    for p in problems:
        rule = ruleset.input_rules.get(p.kind)
        if rule is None:
            continue
        context = {"problem": {"message": p.message, "hint": p.hint}, "params": rule.params}
        line, column = (p.line, p.column) if p.line is not None else doc.locate(p.pointer)
        severity, message = rule.severity, render(rule.rule.message, context)
        if doc.read_as(p.pointer) == PROSE:  # a field the document's template has no place for
            severity, message = policy.unverified(severity, message)
        found.append(Finding(doc.path, line, column or 1, rule.id, p.pointer, severity, section_of(p.pointer),
                             message,
                             tuple(dict.fromkeys([*([p.requires] if p.requires else []), *rule.rule.cites])),
                             render(rule.rule.fix, context), element_identity(doc.data, p.pointer),
                             place=doc.place(p.pointer), subject=describe(doc.data, p.pointer),
                             fix_yaml=render(rule.rule.fix_yaml or "", context)))
    return found


def restored(found: Iterable[Finding], original: Callable[[str], str], absent: tuple[str, ...],
             doc: Document) -> list[Finding]:
    """Findings on what remained of a document, pointed back into the file as written.

    A finding that may follow from an entry left out (it lies in or around it, or the entry
    names its element) says so: fixing that problem may resolve it.
    """
    out = []
    for f in found:
        pointer = original(f.pointer)
        line, column = doc.locate(pointer)  # in the file as written: what was left out is still there
        f = dataclasses.replace(f, line=line, column=column, pointer=pointer, element=element_identity(doc.data, pointer),
                                place=doc.place(pointer), subject=describe(doc.data, pointer))
        cause = next((a for a in absent if _depends(f, a, doc.data)), None)
        if cause is not None:
            f = dataclasses.replace(f, message=f"{f.message} (This may follow from the problem {doc.where(cause)}: "
                                               "that entry is left out of the check until it is fixed.)")
        out.append(f)
    return sorted(out)


def _depends(f: Finding, absent: str, data: Any) -> bool:
    if f.pointer and (f.pointer == absent or absent.startswith(f.pointer + "/") or f.pointer.startswith(absent + "/")):
        return True
    parent, _, key = f.pointer.rpartition("/")
    left_parent, _, left_key = absent.rpartition("/")
    if f.pointer and parent == left_parent and not key.isdigit() \
            and difflib.get_close_matches(left_key, [key], n=1, cutoff=0.75):
        return True  # the finding is on a field the misspelled key left out (likelyhood: for likelihood)
    named = _scalars(resolve(data, absent))
    about = resolve(data, f.pointer) if f.pointer else None
    if isinstance(about, str) and about in named:
        return True  # the entry left out names what the finding is about (a consultation with the lead it asks for)
    ids = set(re.findall(r"\[([^#\]][^\]]*)\]", f.element))
    return bool(ids & named)


def _scalars(node: Any) -> set[str]:
    if isinstance(node, dict):
        return {s for v in node.values() for s in _scalars(v)}
    if isinstance(node, list):
        return {s for v in node for s in _scalars(v)}
    return {node} if isinstance(node, str) else set()


def notes(doc: Document) -> list[Finding]:
    """What the reader of a Word source kept out of the data, as located error findings."""
    out = []
    for note in doc.notes:
        line, column = doc.locate(note.pointer)
        out.append(Finding(doc.path, line, column, READER_RULE, note.pointer, "error", section_of(note.pointer),
                           note.message, (), "Write the name as it appears in the actor table (Annex II), or add "
                           "the actor there.", element_identity(doc.data, note.pointer), place=doc.place(note.pointer),
                           subject=describe(doc.data, note.pointer)))
    return out


def stalled(doc: Document, reason: str) -> Finding:
    """An engine that did not finish becomes an error finding, not a hang or a crash."""
    return Finding(doc.path, 1, 1, ENGINE_RULE, "", "error", "body",
                   f"the strategy could not be fully checked: {reason}", ())

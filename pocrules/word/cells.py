"""How one value is written in a Word paragraph or table cell, and read back.

Writing is exact for the values the renderer produces; reading also accepts what
people type ("15 March 2026", "Yes", an actor's short name). A name that matches
no actor is kept as written and reported with the closest match, never corrected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from .template import VOCABULARIES, Column, label

MISSING = object()
"""A cell that holds nothing: the field is left out."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_MONTH = {m.lower(): i for i, m in enumerate(MONTHS, 1)} | {m[:3].lower(): i for i, m in enumerate(MONTHS, 1)}
_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_US_DATE = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_PERPETRATOR = re.compile(r"^(.*\S)\s+\((state|non-state|non_state)\)$", re.IGNORECASE)
_OPTION = re.compile(r"^(mission|nyhq)(?: level)?\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)


@functools.lru_cache(maxsize=4096)
def norm(text: str) -> str:
    """Compare wordings, not typography: case, punctuation, '&' and spacing are ignored."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


def write_date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def read_date(text: str) -> Any:
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for pattern, (d, m, y) in ((_DATE, (1, 2, 3)), (_US_DATE, (2, 1, 3))):
        found = pattern.match(text)
        if found and found.group(m).lower() in _MONTH:
            try:
                return dt.date(int(found.group(y)), _MONTH[found.group(m).lower()], int(found.group(d)))
            except ValueError:
                break
    return text  # kept as written: validation then says which date is wrong, and where


@dataclass
class Unresolved:
    """A name in the document that matches no actor (or risk, or mechanism)."""

    pointer: str
    written: str
    closest: str | None
    what: str = "actor"

    @property
    def message(self) -> str:
        hint = f"did you mean '{self.closest}'?" if self.closest else f"no {self.what} has a similar name"
        return f"'{self.written}' matches no {self.what}; {hint}"


REGISTRIES: dict[str, tuple[str, str]] = {
    "actor": ("/actors", "name"),
    "risk": ("/risk_analysis/risks", "title"),
    "threat": ("/risk_analysis/threats", "description"),
    "vulnerability": ("/risk_analysis/vulnerabilities", "group"),
    "objective": ("/purpose_scope/objectives", "statement"),
    "mechanism": ("/coordination/mechanisms", "name"),
}
"""What a reference names -> (the table that declares it, the field a reader knows it by)."""


@dataclass
class Registry:
    """What names in cells resolve against: the declared actors, risks, threats... of the document."""

    declared: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """kind -> [{"id": ..., name field: ...}] as the document declares them."""
    unresolved: list[Unresolved] = field(default_factory=list)

    def name_of(self, what: str, ident: str) -> str:
        key = REGISTRIES[what][1]
        return next((str(i.get(key, ident)) for i in self.declared.get(what, []) if i.get("id") == ident), ident)

    def _lookup(self, items: list[dict[str, Any]], text: str, name_key: str) -> str | None:
        wanted = norm(text)
        for item in items:  # the exact written name first, then the reference, then looser forms
            if item.get(name_key) == text:
                return item["id"]
        for item in items:
            if item.get("id") == text:
                return item["id"]
        for item in items:
            name = str(item.get(name_key, ""))
            short = re.findall(r"\(([^()]+)\)", name)
            forms = {norm(name), norm(str(item.get("id", ""))), norm(re.sub(r"\s*\([^()]*\)", "", name)),
                     *(norm(s) for s in short)}
            if wanted in forms:
                return item["id"]
        return None

    def resolve(self, text: str, pointer: str, what: str = "actor") -> str:
        items, key = self.declared.get(what, []), REGISTRIES[what][1]
        found = self._lookup(items, text, key)
        if found is not None:
            return found
        candidates = [str(i.get(key, "")) for i in items] + [str(i.get("id", "")) for i in items]
        close = difflib.get_close_matches(text, candidates, n=1, cutoff=0.6)
        if not close:  # "Force HQ" for "MINUSKA Force (military component)": compare word by word
            words = set(norm(text).split())
            scored = sorted((len(words & set(norm(c).split())), c) for c in candidates)
            close = [scored[-1][1]] if scored and scored[-1][0] else []
        self.unresolved.append(Unresolved(pointer, text, close[0] if close else None, what))
        return text


def _split(text: str, separators: str) -> list[str]:
    return [p.strip() for p in re.split(separators, text) if p.strip()]


def _vocab(code_list: tuple[Any, ...], text: str) -> Any:
    wanted = norm(text)
    for code in code_list:
        if wanted in (norm(str(code)), norm(label(code))):
            return code
    return text


def write(value: Any, column: Column, registry: Registry) -> str:
    """The text of a cell or line holding ``value``."""
    kind = column.kind
    if value is None:
        return ""
    if kind == "date":
        return write_date(value) if isinstance(value, dt.date) else str(value)
    if kind == "dates":
        return "; ".join(write_date(d) for d in value)
    if kind == "period":
        return f"{write_date(value['start'])} to {write_date(value['end'])}"
    if kind == "bool":
        return "Yes" if value else "No"
    if kind == "int":
        return str(value)
    if kind == "vocab":
        return label(value)
    if kind == "vocabs":
        return ", ".join(label(v) for v in value)
    if kind in ("actor", "mechanism"):
        return registry.name_of(kind, value)
    if kind == "actors":
        return "\n".join(registry.name_of("actor", v) for v in value)
    if kind in ("threats", "vulnerabilities"):
        return ", ".join(value)
    if kind == "objective":
        return value
    if kind == "lines":
        return "\n".join(value)
    if kind == "risk":
        title = registry.name_of("risk", value)
        return f"{value}: {title}" if title != value else value
    if kind == "perpetrators":
        return "\n".join(f"{p['name']} ({label(p['type'])})" for p in value)
    if kind == "options":
        return "\n".join(f"{label(o['level'])} level: {o['option']}" for o in value)
    return str(value)


def read(text: str, column: Column, registry: Registry, pointer: str) -> Any:
    """The value a cell's text stands for, or :data:`MISSING` for an empty cell."""
    kind = column.kind
    stripped = text.strip()
    if not stripped:
        return MISSING
    if kind == "text":
        return text
    if kind == "date":
        return read_date(stripped)
    if kind == "dates":
        return [read_date(d) for d in _split(stripped, r"[;\n]")]
    if kind == "period":
        ends = re.split(r"\s+(?:to|until|-|–|—)\s+", stripped, maxsplit=1)
        return {"start": read_date(ends[0]), **({"end": read_date(ends[1])} if len(ends) > 1 else {})}
    if kind == "bool":
        return norm(stripped) in ("yes", "y", "true", "x", "✓", "priority")
    if kind == "int":
        return int(stripped) if stripped.isdigit() else stripped
    if kind == "vocab":
        return _vocab(VOCABULARIES[column.vocab], stripped)
    if kind == "vocabs":
        return [_vocab(VOCABULARIES[column.vocab], p) for p in _split(stripped, r"[,;\n]")]
    if kind in ("actor", "mechanism", "objective"):
        return registry.resolve(stripped, pointer, kind)
    if kind == "actors":
        return [registry.resolve(p, f"{pointer}/{i}") for i, p in enumerate(_split(text, r"[;\n]"))]
    if kind in ("threats", "vulnerabilities"):
        return [registry.resolve(p, f"{pointer}/{i}", {"threats": "threat", "vulnerabilities": "vulnerability"}[kind])
                for i, p in enumerate(_split(stripped, r"[,;\n]"))]
    if kind == "lines":
        return _split(text, r"\n")
    if kind == "risk":
        ref = re.match(r"^([A-Za-z][A-Za-z0-9_.-]*)\s*[:.–-]\s", stripped)
        ids = {r.get("id") for r in registry.declared.get("risk", [])}
        if ref and ref.group(1) in ids:
            return ref.group(1)
        return registry.resolve(stripped, pointer, "risk")
    if kind == "perpetrators":
        out = []
        for line in _split(text, r"\n"):
            found = _PERPETRATOR.match(line)
            out.append({"name": found.group(1), "type": found.group(2).lower().replace("-", "_")} if found
                       else {"name": line})  # no type guessed: validation asks for "(state)" or "(non-state)"
        return out
    if kind == "options":
        out = []
        for line in _split(text, r"\n"):
            found = _OPTION.match(line)
            out.append({"level": found.group(1).lower(), "option": found.group(2)} if found
                       else {"option": line})  # no level guessed: validation asks for mission or NYHQ level
        return out
    return text

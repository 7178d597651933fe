"""Turn pydantic's validation errors into located, readable problems.

Each problem names the JSON pointer of the offending value, its line and column,
what was expected, and for an unknown key the closest allowed key ("did you mean").
A value that may take several forms (text or a list, a number or a date) gets one
problem, for the form the user wrote, not one per form pydantic tried.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .errors import Problem, did_you_mean, shorten
from .sources import Document, join

_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown key",
    "date_from_datetime_parsing": "expected a date as YYYY-MM-DD",
    "date_parsing": "expected a date as YYYY-MM-DD",
}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (through lists, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _allowed_keys(root: type[BaseModel], loc: tuple[Any, ...], data: Any) -> list[str]:
    """Field names allowed at ``loc`` (the location of a mapping), following the data."""
    return sorted({name for model in models_at(root, loc, data) for name in model.model_fields})


def field_at(root: type[BaseModel], loc: tuple[Any, ...], data: Any) -> FieldInfo | None:
    """The model field that the last key of ``loc`` names (None for an unknown key)."""
    for model in models_at(root, loc[:-1], data):
        if loc[-1] in model.model_fields:
            return model.model_fields[loc[-1]]
    return None


def requirement_at(root: type[BaseModel], loc: tuple[Any, ...], data: Any) -> str:
    """The requirement that asks for the data at ``loc``: the field's own, else the innermost model's."""
    field_loc = loc
    while field_loc and isinstance(field_loc[-1], int):
        field_loc = field_loc[:-1]
    info = field_at(root, field_loc, data) if field_loc else None
    extra = info.json_schema_extra if info is not None and isinstance(info.json_schema_extra, dict) else {}
    if extra.get("requirement"):
        return str(extra["requirement"])
    for depth in range(len(loc), -1, -1):
        for model in models_at(root, loc[:depth], data):
            if getattr(model, "requirement", ""):
                return model.requirement
    return ""


def models_at(root: type[BaseModel], loc: tuple[Any, ...], data: Any) -> list[type[BaseModel]]:
    """The models the mapping at ``loc`` can be, following the data through lists and unions."""
    candidates: list[type[BaseModel]] = [root]
    node = data
    for part in loc:
        node = node[part] if isinstance(node, (dict, list)) and _has(node, part) else None
        if not isinstance(part, int):
            candidates = [m for model in candidates if (field := model.model_fields.get(part)) is not None
                          for m in _models_in(field.annotation)]
        if isinstance(node, dict) and "type" in node:  # a discriminated union (a list item's too): pick the member
            candidates = [m for m in candidates if _tag_of(m) in (node["type"], None)] or candidates
    return candidates


def _has(node: dict | list, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(part, int) and 0 <= part < len(node)


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("type")
    if field is None:
        return None
    args = typing.get_args(field.annotation)
    return args[0] if len(args) == 1 else None


def kind_of(error_type: str) -> str:
    """The input rule that reports a pydantic error type (see rulesets/*/input.yaml)."""
    return {"extra_forbidden": "unknown_key", "missing": "missing"}.get(error_type, "wrong_value")


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    message = _MESSAGES.get(kind, error["msg"])
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"expected one of {expected}"
        if isinstance(error.get("input"), str):
            close = difflib.get_close_matches(error["input"], re.findall(r"'([^']*)'", expected), n=1)
            if close:
                return f"{message} (got {error['input']!r}; did you mean '{close[0]}'?)"
    elif kind.endswith("_type") or kind.endswith("_parsing"):
        message = f"{message[0].lower()}{message[1:]}"
    got = error.get("input")
    if kind not in ("missing", "extra_forbidden", "date_order") and not isinstance(got, (dict, list)):
        message += f" (got {_shown(got)})"
    return message


def _shown(value: Any) -> str:
    """A value as the user wrote it in YAML or JSON, shortened if long."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return shorten(value)


_FORMS = {"int": "a whole number", "float": "a number", "str": "text", "bool": "true/false",
          "date": "a date as YYYY-MM-DD", "list": "a list", "dict": "a mapping"}


def _form(tag: str) -> str:
    """What one member of a union accepts, in words ('list[str]' -> 'a list')."""
    return _FORMS.get(tag.split("[", 1)[0], "a mapping" if tag[:1].isupper() else tag)


def _meant(tag: str, value: Any) -> bool:
    """Whether union member ``tag`` is the form the user evidently meant for ``value``."""
    if isinstance(value, bool):
        return tag == "bool"
    if isinstance(value, dict):
        return tag.startswith("dict") or tag[:1].isupper()
    for python, tags in ((int, ("int", "float")), (float, ("float",)), (str, ("str",)), (list, ("list",)),
                         (dt.date, ("date",))):
        if isinstance(value, python):
            return tag.split("[", 1)[0] in tags
    return False


def _one_per_union(errors: list[dict[str, Any]], data: Any) -> list[dict[str, Any]]:
    """Keep, for each value that failed every form of a union, the errors of the form it was meant as.

    When no form fits (a list where a number or a date is expected), the errors become one,
    listing the forms accepted.
    """
    sites: dict[tuple[Any, ...], dict[str, list[dict[str, Any]]]] = {}
    out: list[dict[str, Any]] = []
    for error in errors:
        site, tag, loc = _data_loc(error["loc"], data, error["type"])
        error = {**error, "loc": loc}
        if tag is None:
            out.append(error)
        else:
            sites.setdefault(site, {}).setdefault(tag, []).append(error)
    for site, members in sites.items():
        if len(members) == 1:
            out.extend(next(iter(members.values())))
            continue
        value = _node(data, site)
        meant = [tag for tag in members if _meant(tag, value)]
        if len(meant) == 1:
            out.extend(members[meant[0]])
            continue
        forms = list(dict.fromkeys(_form(tag) for tag in members if not (tag == "int" and "float" in members)))
        expected = ", ".join(forms[:-1]) + f" or {forms[-1]}" if len(forms) > 1 else forms[0]
        out.append({"type": "union", "loc": site, "msg": f"expected {expected}", "input": value})
    return out


def _node(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part] if isinstance(data, (dict, list)) and _has(data, part) else None
    return data


def problems(model: type[BaseModel], exc: ValidationError, doc: Document) -> list[Problem]:
    """Located problems for every error pydantic found, in document order."""
    found: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in _one_per_union(exc.errors(include_url=False), doc.data):
        loc = error["loc"]
        if "field" in error.get("ctx", {}):  # a check across fields names the one found wrong
            loc = (*loc, error["ctx"]["field"])
        pointer = join("", *loc)
        message = _describe(error)
        hint = ""
        if error["type"] == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1], doc.data)
            key = str(loc[-1])
            hint = did_you_mean(key, allowed)
            message = ("an empty key" if not key.strip() else f"unknown key {shorten(key)}") + hint
            hint = f" ({hint[2:]})" if "did you mean" in hint else ""
        elif error["type"] == "missing":
            message, hint = _missing(str(loc[-1]), pointer, doc)
        if (pointer, message) in seen:
            continue
        seen.add((pointer, message))
        found.append(doc.problem(message, pointer, kind=kind_of(error["type"]), hint=hint))
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0, p.pointer))


def _missing(name: str, pointer: str, doc: Document) -> tuple[str, str]:
    """A missing required field, and how the fix names it: in a Word table, by its column
    (or, where the template's table has none, by the field in words), never by the YAML key."""
    table = None
    if doc.places:
        from .word.template import column_of, label

        table = column_of(pointer)
    if table is None:
        return f"required field '{name}' is missing", f" '{name}'"
    part, column = table
    if column is not None:
        return f"required column '{column.header}' is empty", f" in the '{column.header}' column"
    return (f"'{label(name)}' is required but not stated: the {part.label} has no column for it",
            f" '{label(name)}'")


def _data_loc(loc: tuple[Any, ...], data: Any, kind: str) -> tuple[tuple[Any, ...], str | None, tuple[Any, ...]]:
    """Split the union-member tags pydantic inserts into ``loc`` ('str', 'list[str]', 'mandate_change').

    A tag is a name that is not in the data where it stands (a field reported missing is
    the one exception). Returns the location of the first union, its member's tag (None
    when ``loc`` crosses no union) and ``loc`` without any tag.
    """
    kept: list[Any] = []
    site: tuple[Any, ...] = ()
    tag = None
    node = data
    for i, part in enumerate(loc):
        missing_field = kind == "missing" and i == len(loc) - 1
        if isinstance(part, str) and not missing_field and not (isinstance(node, dict) and part in node):
            if tag is None:
                site, tag = tuple(kept), part
            continue
        kept.append(part)
        node = node[part] if isinstance(node, (dict, list)) and _has(node, part) else None
    return site, tag, tuple(kept)

"""Shared building blocks of the strategy model.

Every model is strict and closed: a wrong type is an error rather than a silent
coercion, and an unknown key is an error (a typo must never pass unnoticed).
Dates are the one exception to strictness: JSON has no date type, so an ISO
string is accepted wherever a date is expected (but never a number: pydantic
would read ``0`` as 1970-01-01).

The model modules do not use ``from __future__ import annotations``: pydantic would
then evaluate every field's annotation from its text as each class is created, a
few milliseconds of every ``pocrules check``.
"""

import datetime as dt
import re
import typing
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_or_iso(value: Any) -> Any:
    if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)) or (
            isinstance(value, str) and not _ISO_DATE.fullmatch(value)):
        raise PydanticCustomError("date_type", "expected a date as YYYY-MM-DD")
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError as exc:  # 2026-13-31: the form is right, the day does not exist
            raise PydanticCustomError("date_value", "not a day of the calendar ({reason})", {"reason": str(exc)}) from None
    return value


Date = Annotated[dt.date, Strict(False), BeforeValidator(_date_or_iso)]
"""A calendar date, from a YAML date or an ISO ``YYYY-MM-DD`` string."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    return value


def in_order(first: str, then: str, message: str) -> Any:
    """A model check that date ``then`` is not before date ``first`` (an impossible record, not a gap)."""

    def check(model: Any) -> Any:
        before, after = getattr(model, first), getattr(model, then)
        if before is not None and after is not None and after < before:
            raise PydanticCustomError("date_order", message, {first: before.isoformat(), then: after.isoformat(),
                                                              "field": then})
        return model

    return check


Name = Annotated[str, AfterValidator(_not_blank)]
"""The name a mission is known by in every report and audit row: never blank."""


def numbers(choices: Any) -> Any:
    """A closed list of whole numbers (a ``Literal``): ``true`` and ``1.0`` are not ``1``.

    pydantic compares a Literal's members with ``==``, and in Python ``True == 1.0 == 1``.
    """
    allowed = typing.get_args(choices)
    expected = ", ".join(map(str, allowed[:-1])) + f" or {allowed[-1]}"

    def exact(value: Any) -> Any:
        if isinstance(value, (bool, float)):
            raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})
        return value

    return Annotated[choices, BeforeValidator(exact)]

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
"""A stable identifier that other parts of the strategy refer to."""

Text = Annotated[str, StringConstraints(max_length=20_000)]
"""Free prose. Blank text counts as missing when rules ask whether it is present."""


_CITES = re.compile(r"\b(Framework|Template|Annex)\b.*\bparas?\b|\bAnnex I\b|pocrules")


def _cite_paragraph(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """End each field's description with the Framework paragraph its model serves, unless it names one.

    Editors show the description on hover (yaml-language-server), so a drafter sees what a
    field is for and where the Framework asks for it without leaving the file.
    """
    paragraph = getattr(model, "paragraph", "")
    for prop in schema.get("properties", {}).values():
        text = prop.get("description", "")
        if paragraph and not _CITES.search(text):
            prop["description"] = f"{text.rstrip('.')}. ({paragraph})" if text else f"({paragraph})"


class StrictModel(BaseModel):
    # Validators are built when first used: a check validates the whole strategy at once, so
    # building each part's own at import (about 11 ms over the model) was wasted work.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, json_schema_extra=_cite_paragraph,
                              defer_build=True)

    paragraph: ClassVar[str] = ""
    """The Framework paragraph(s) a model's fields serve, shown with every field in the JSON Schema."""
    requirement: ClassVar[str] = ""
    """The catalogue requirement that asks for this data: a problem in it cites that requirement."""


def empty() -> list[Any]:
    """A new empty list: a default factory pydantic inspects quickly.

    pydantic reads each default factory's signature when it builds the model, and the builtin
    ``list``'s is parsed from text: over the fifty-odd list fields, a few milliseconds of every start-up.
    """
    return []


def empty_mapping() -> dict[str, Any]:
    """A new empty mapping: a default factory pydantic inspects quickly (see :func:`empty`)."""
    return {}


def items(*, description: str, json_schema_extra: dict[str, Any] | None = None):  # noqa: ANN201 - a pydantic Field
    """A list that defaults to empty, so an omitted section reads as 'nothing recorded'."""
    return Field(default_factory=empty, description=description, json_schema_extra=json_schema_extra)


def element_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as ``list[Model]`` or ``Model | None`` (the first found), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = element_model(arg)
        if found is not None:
            return found
    return None


def at_defaults(model: BaseModel) -> bool:
    """Whether every field of ``model`` still holds its default: a section nobody wrote.

    Compared field by field rather than with an empty instance: building one would build
    each nested model's own validator on first use, about 12 ms of a check's start-up.
    """
    for name, field in type(model).model_fields.items():
        value, factory = getattr(model, name), field.default_factory
        if factory is None:
            if value != field.default:
                return False
        elif isinstance(factory, type) and issubclass(factory, BaseModel):
            if not isinstance(value, factory) or not at_defaults(value):
                return False
        elif value != factory():  # type: ignore[call-arg] - empty(): a new empty list
            return False
    return True

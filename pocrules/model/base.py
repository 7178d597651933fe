"""Shared building blocks of the strategy model.

Every model is strict and closed: a wrong type is an error rather than a silent
coercion, and an unknown key is an error (a typo must never pass unnoticed).
Dates are the one exception to strictness: JSON has no date type, so an ISO
string is accepted wherever a date is expected.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

Date = Annotated[dt.date, Strict(False)]
"""A calendar date, from a YAML date or an ISO ``YYYY-MM-DD`` string."""

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
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, json_schema_extra=_cite_paragraph)

    paragraph: ClassVar[str] = ""
    """The Framework paragraph(s) a model's fields serve, shown with every field in the JSON Schema."""
    requirement: ClassVar[str] = ""
    """The catalogue requirement that asks for this data: a problem in it cites that requirement."""


def items(*, description: str, json_schema_extra: dict[str, Any] | None = None):  # noqa: ANN201 - a pydantic Field
    """A list that defaults to empty, so an omitted section reads as 'nothing recorded'."""
    return Field(default_factory=list, description=description, json_schema_extra=json_schema_extra)

"""Shared building blocks of the strategy model.

Every model is strict and closed: a wrong type is an error rather than a silent
coercion, and an unknown key is an error (a typo must never pass unnoticed).
Dates are the one exception to strictness: JSON has no date type, so an ISO
string is accepted wherever a date is expected.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

Date = Annotated[dt.date, Strict(False)]
"""A calendar date, from a YAML date or an ISO ``YYYY-MM-DD`` string."""

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
"""A stable identifier that other parts of the strategy refer to."""

Text = Annotated[str, StringConstraints(max_length=20_000)]
"""Free prose. Blank text counts as missing when rules ask whether it is present."""


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def items(*, description: str):  # noqa: ANN201 - a pydantic Field
    """A list that defaults to empty, so an omitted section reads as 'nothing recorded'."""
    return Field(default_factory=list, description=description)

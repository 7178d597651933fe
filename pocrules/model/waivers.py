"""Waivers: deviations a reviewer accepted, recorded with a reason rather than hidden."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .base import Date, StrictModel


class Waiver(StrictModel):
    rule: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$")]
    pointer: Annotated[str, StringConstraints(pattern=r"^(/.*)?$")] | None = Field(
        None, description="JSON pointer of the element waived; omitted: the whole document.")
    justification: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10)] = Field(
        description="Why the deviation is accepted (required).")
    approved_by: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
    expires: Date | None = None
    mission: str | None = Field(None, description="In a separate waivers file: the mission acronym it is for.")


class WaiverFile(StrictModel):
    """A waivers file kept beside the strategies (``--waivers FILE``)."""

    waivers: list[Waiver]

"""Waivers: deviations a reviewer accepted, recorded with a reason rather than hidden."""

from typing import ClassVar, Annotated

from pydantic import Field, StringConstraints

from .base import Date, StrictModel


class Waiver(StrictModel):
    paragraph: ClassVar[str] = "a pocrules review record, not part of the Framework"
    rule: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$")] = Field(
        description="The id of the rule whose finding is accepted, e.g. POC-B-003.")
    pointer: Annotated[str, StringConstraints(pattern=r"^(/.*)?$")] | None = Field(
        None, description="JSON pointer of the element waived; omitted: the whole document.")
    justification: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10)] = Field(
        description="Why the deviation is accepted (required).")
    approved_by: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)] = Field(
        description="Who accepted the deviation.")
    expires: Date | None = Field(
        None, description="When the waiver stops applying (YYYY-MM-DD); the finding is then reported again.")
    mission: str | None = Field(None, description="In a separate waivers file: the mission acronym it is for.")


class WaiverFile(StrictModel):
    """A waivers file kept beside the strategies (``--waivers FILE``)."""

    paragraph: ClassVar[str] = "a pocrules review record, not part of the Framework"

    waivers: list[Waiver]

"""The Framework requirements that rules cite, shipped with the package.

Ids are stable; titles and summaries paraphrase the 2011 Framework. A rule that
cites an id missing from this catalogue is a ruleset error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from .sources import parse


@dataclass(frozen=True)
class Requirement:
    id: str
    ref: str
    section: str
    modality: str
    """The Framework's own word: shall, must, should, may (or an adjective such as vital)."""
    default_severity: str
    title: str
    summary: str
    weight: int = 1
    """How central the requirement is to a strategy (3: at its centre); scores weigh by it."""


@cache
def requirements() -> dict[str, Requirement]:
    """Every requirement by id, in the Framework's order."""
    text = resources.files("pocrules").joinpath("data/requirements.yaml").read_text(encoding="utf-8")
    data = parse(text, "requirements.yaml", kind="catalogue").data  # the fast reader: it is read on every run
    return {r["id"]: Requirement(**r) for r in data["requirements"]}

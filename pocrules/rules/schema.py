"""The shape of a ruleset file, validated before any rule is compiled.

A rule reads top to bottom as a sentence: *for each* element of a kind *where*
a filter holds, *expect* that it satisfies a condition, or that some other
element *exists* / that *none* does, or that a *count* stays within bounds.
Conditions stay plain mappings here; the compiler checks their field names and
operators, with locations, because their keys are data (field names).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ..model.base import empty, empty_mapping
from . import declared
from .declared import SEVERITIES, ParamType, ParamValue, SectionName, Severity  # noqa: F401 - SEVERITIES is read from here too

RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$"

InputProblem = Literal["unknown_key", "wrong_value", "missing", "undeclared", "duplicate"]
"""Problems the input layer finds before any rule runs (see pocrules.salvage); a rule with
``input: KIND`` reports them, so they are documented, selected and retuned like any rule."""

Condition = dict[str, Any]


class _Model(BaseModel):
    # Validators are built when first used: a command builds only those of the files it reads.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


_TYPE_OF: dict[type, ParamType] = {bool: "boolean", int: "integer", float: "number", str: "text", dt.date: "date"}


class Param(_Model):
    """A rule parameter: its default, and the values a reviewer may set it to (checked by :class:`.declared.Param`)."""

    default: ParamValue
    type: ParamType
    min: int | float | dt.date | None = Field(None, description="Smallest allowed value (numbers and dates).")
    max: int | float | dt.date | None = Field(None, description="Largest allowed value (numbers and dates).")

    @model_validator(mode="after")
    def _consistent(self) -> Param:
        self.compiled.consistent()
        return self

    @property
    def compiled(self) -> declared.Param:
        """This declaration as a compiled rule keeps it."""
        return declared.Param(self.default, self.type, self.min, self.max)

    def check(self, value: Any) -> ParamValue:
        """``value`` as this parameter's type; ValueError naming what is expected otherwise."""
        return self.compiled.check(value)


def _declared(params: Any) -> Any:
    """A bare default (``window_days: 90``) declares its type by its value, with no range."""
    if not isinstance(params, dict):
        return params
    return {name: value if isinstance(value, dict) else
            {"default": value, "type": _TYPE_OF.get(type(value), "text")} for name, value in params.items()}


class Docs(_Model):
    description: str = Field(description="What the rule checks, in a reviewer's words.")
    rationale: str = Field(description="Why, in the Framework's terms.")
    bad: str = Field(description="A strategy fragment with the defect.")
    good: str = Field(description="The same fragment, fixed.")
    limits: str | None = Field(None, description="What remains for human judgement.")


class ForEachValue(_Model):
    """Coverage over a fixed set: one check per value (e.g. every tier 1, 2, 3)."""

    value: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
    in_: list[int | str] = Field(alias="in", min_length=1)


class Alternative(_Model):
    exists: str
    where: Condition | None = None


class Expect(_Model):
    that: Condition | None = Field(None, description="The element itself satisfies this condition.")
    exists: str | None = Field(None, description="Some element of this kind matches `where`.")
    none: str | None = Field(None, description="No element of this kind matches `where`; each one that does is reported.")
    count: str | None = Field(None, description="The number of elements of this kind matching `where` stays within min/max.")
    where: Condition | None = None
    or_: list[Alternative] = Field(default_factory=empty, alias="or",
                                   description="With exists: other elements that would do as well.")
    min: int | str | None = Field(None, description="A number or $params.NAME.")
    max: int | str | None = Field(None, description="A number or $params.NAME.")

    @model_validator(mode="after")
    def _one_form(self) -> Expect:
        forms = [k for k in ("that", "exists", "none", "count") if getattr(self, k) is not None]
        if len(forms) != 1:
            raise ValueError("expect needs exactly one of: that, exists, none, count")
        if self.that is not None and self.where is not None:
            raise ValueError("'where' goes with exists/none/count, not with 'that'")
        if self.or_ and self.exists is None:
            raise ValueError("'or' lists alternatives to 'exists'")
        if (self.min is not None or self.max is not None) != (self.count is not None):
            raise ValueError("min/max go with count (and count needs min or max)")
        return self


class Given(_Model):
    """Apply the rule only when some element of a kind exists (a join, not a report)."""

    exists: str
    where: Condition | None = None


class Rule(_Model):
    id: Annotated[str, StringConstraints(pattern=RULE_ID)]
    title: str
    severity: Severity
    cites: list[str] = Field(min_length=1, description="Requirement ids from the catalogue.")
    section: SectionName | None = Field(None, description="Defaults to the file's section.")
    tags: list[str] = Field(default_factory=empty)
    params: dict[str, Param] = Field(default_factory=empty_mapping,
                                     description="Parameters: {default, type, min, max}, or a bare default.")
    applies_when: Condition | None = Field(None, description="A condition on the strategy.")
    given: Given | None = Field(None, description="Apply only when such an element exists.")
    for_each: str | ForEachValue | None = None
    where: Condition | None = None
    expect: Expect | None = None
    input: InputProblem | None = Field(None, description="Report this problem of the input itself, instead of "
                                                         "testing the elements (then no expect).")
    at: str | None = Field(None, description="Where to point: a field of the element, or a JSON pointer.")
    message: str
    fix: str = Field(description="What to do, in a POC officer's words: no field names or YAML, since a Word "
                                 "author reads it too.")
    fix_yaml: str | None = Field(None, description="Where to record it in a YAML or JSON strategy: the field, "
                                                   "or an example in `backticks`. Shown after the fix for those "
                                                   "files; a Word document's reports name the template's place "
                                                   "of the first field given here instead.")
    docs: Docs
    depends_on: list[Annotated[str, StringConstraints(pattern=RULE_ID)]] = Field(
        default_factory=empty,
        description="Rules whose failure is the cause: while one reports a finding, this rule's findings are "
                    "suppressed and counted as suppressed by it.")
    final_only: bool = Field(
        False, description="Judged only on a final strategy (endorsement, dissemination); deferred for a draft.")
    score_cap: Annotated[int, Field(ge=0, le=100)] | None = Field(
        None, description="While this rule reports an unwaived finding, the mission's compliance score is at most "
                          "this (a gap no count of other findings conveys, such as a strategy no longer in force).")

    _params = field_validator("params", mode="before")(_declared)

    @property
    def defaults(self) -> dict[str, ParamValue]:
        return {name: p.default for name, p in self.params.items()}

    @model_validator(mode="after")
    def _where_needs_for_each(self) -> Rule:
        if (self.expect is None) == (self.input is None):
            raise ValueError("a rule needs exactly one of: expect (a test of the elements), input (a problem of the file)")
        if self.input is not None:
            if any(x is not None for x in (self.for_each, self.where, self.given, self.applies_when, self.at)):
                raise ValueError("an input rule reports problems where they are: no for_each, where, given, "
                                 "applies_when or at")
            return self
        if self.where is not None and not isinstance(self.for_each, str):
            raise ValueError("'where' filters a 'for_each' kind; without one, use applies_when")
        if self.expect is not None and self.expect.count is not None and self.for_each is not None:
            raise ValueError("count works over the whole document; drop for_each")
        return self


class RuleFile(_Model):
    """One file of a packaged ruleset: the rules of one template section."""

    section: SectionName
    rules: list[Rule]


class Override(_Model):
    severity: Severity | Literal["off"] | None = None
    params: dict[str, ParamValue] = Field(default_factory=empty_mapping)


class UserRuleset(_Model):
    """A reviewer's ruleset: extend a packaged one, switch rules off, retune them, add some."""

    extends: str | list[str] = "framework-2011"
    overrides: dict[str, Literal["off", "error", "warning", "info"] | Override] = Field(default_factory=empty_mapping)
    section: SectionName = "body"
    rules: list[Rule] = Field(default_factory=empty)

"""Hypothesis strategies: valid POC strategies varied around the compliant fixture.

Every variant starts from the complete MINUSKA strategy and removes elements,
changes ratings, flags, categories and dates, leaves activities to a field plan,
leaves the version, period or mission facts unstated, and picks an audit date, so the
generated documents stay valid while exercising every rule both ways.
"""

from __future__ import annotations

import copy
import datetime as dt

import yaml
from hypothesis import strategies as st

from .conftest import COMPLIANT

BASE = yaml.safe_load(COMPLIANT.read_text(encoding="utf-8"))
ACTORS = [a["id"] for a in BASE["actors"]]
CATEGORIES = sorted({c["category"] for c in BASE["consultations"]})
REMOVABLE = {  # lists whose items nothing else refers to
    "consultations": BASE["consultations"],
    "endorsements": BASE["endorsements"],
    "implementation_matrix": BASE["implementation_matrix"],
    "linked_strategies": BASE["purpose_scope"]["linked_strategies"],
    "history": BASE["history"],
}


def _subset(items):
    return st.lists(st.booleans(), min_size=len(items), max_size=len(items))


dates = st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2027, 12, 31))


def _remove_some(draw, data, *, removable_events=("review",)):
    """Drop a random subset of the consultations, endorsements, matrix rows, linked
    strategies and history events of the given types (nothing refers to those)."""
    for holder, name in ((data, "consultations"), (data, "endorsements"), (data, "implementation_matrix"),
                         (data["purpose_scope"], "linked_strategies")):
        keep = draw(_subset(holder[name]))
        holder[name] = [x for x, k in zip(holder[name], keep) if k]
    keep = draw(_subset(data["history"]))
    data["history"] = [e for e, k in zip(data["history"], keep) if k or e["type"] not in removable_events]


@st.composite
def removals(draw):
    """The compliant strategy with random elements removed, and nothing else changed."""
    data = copy.deepcopy(BASE)
    _remove_some(draw, data)
    return data


@st.composite
def variants(draw):
    """(strategy data, audit date) for a valid, randomly defective strategy."""
    data = copy.deepcopy(BASE)
    _remove_some(draw, data, removable_events=("review", "mandate_change", "context_change", "after_action_review"))
    scope = data["purpose_scope"]
    for event in data["history"]:
        if draw(st.booleans()):
            event["date"] = draw(dates)
    for risk in data["risk_analysis"]["risks"]:
        risk["priority"] = draw(st.booleans())
        for key in ("gravity", "likelihood"):
            value = draw(st.one_of(st.none(), st.integers(1, 5)))
            if value is None:
                risk.pop(key, None)
            else:
                risk[key] = value
    for row in data["implementation_matrix"]:
        lead = draw(st.one_of(st.none(), st.sampled_from(ACTORS)))
        if lead is None:
            row.pop("lead", None)
        else:
            row["lead"] = lead
        row["supporting"] = draw(st.lists(st.sampled_from(ACTORS), max_size=3, unique=True))
    for consultation in data["consultations"]:
        consultation["category"] = draw(st.sampled_from(CATEGORIES))
        consultation["security_sector"] = draw(st.booleans())
        if draw(st.booleans()):
            consultation["date"] = draw(dates)
        if draw(st.integers(0, 4)) == 0:
            consultation.pop("method", None)
    for objective in scope["objectives"]:
        objective["tier"] = draw(st.sampled_from([1, 2, 3]))
        objective["horizon"] = draw(st.sampled_from(["immediate", "medium", "long"]))
    scope["field_plans"] = [{"id": "upper-eskel", "name": "Upper Eskel State POC Plan 2026",
                             "has_matrix": draw(st.booleans())}]
    for row in data["implementation_matrix"]:  # some activities left to the field plan (issue 10 section 6)
        if draw(st.integers(0, 3)) == 0:
            row["field_plan"] = "upper-eskel"
    data["mission"]["integrated"] = draw(st.booleans())
    data["mission"]["context"]["state_force_violations_recorded"] = draw(st.booleans())
    start = draw(st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31)))
    data["period"] = {"start": start, "end": start + dt.timedelta(days=draw(st.integers(1, 800)))}
    for holder, key in ((data, "version"), (data, "period"), (data["mission"], "integrated"),
                        (data["mission"]["mandate"], "imminent_threat")):
        if draw(st.integers(0, 5)) == 0:  # not stated: its own rule reports it, the rest is still judged
            del holder[key]
    drafting = data["drafting"]
    drafting["started"] = draw(dates)
    drafting["finalized"] = drafting["started"] + dt.timedelta(days=draw(st.integers(0, 200)))
    scope["review"]["cycle_months"] = draw(st.integers(1, 24))
    for endorsement in data["endorsements"]:
        endorsement["date"] = draw(dates)
    as_of = draw(st.dates(min_value=dt.date(2025, 6, 1), max_value=dt.date(2027, 12, 31)))
    return data, as_of


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

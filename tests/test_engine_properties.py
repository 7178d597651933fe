"""Properties of the engines over generated strategies (hypothesis)."""

from __future__ import annotations

import copy
import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pocrules import engine as engines
from pocrules import sources
from pocrules.check import Checker

from .conftest import AS_OF, ENGINE_NAMES
from .strategies import REMOVABLE, dump, removals, variants

# Elements complete on their own. A matrix row is not: its lead must have been consulted and
# have received the strategy (POC-FW-062, POC-FW-031), so re-adding a row whose lead's
# consultation is still missing rightly reports that row.
ADDABLE = ["consultations", "endorsements", "history", "linked_strategies"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def checkers(ruleset):
    return {name: Checker(ruleset, engines.create(ruleset, name)) for name in ENGINE_NAMES}


def run(checker, data, as_of, name="generated.yaml"):
    doc = sources.parse(dump(data), name)
    result = dataclasses.replace(checker, as_of=as_of).check_document(doc)
    assert result.error is None
    return result.findings


@SETTINGS
@given(variants())
def test_valid_strategies_never_crash_and_results_are_deterministic(checkers, variant):
    data, as_of = variant
    for checker in checkers.values():
        first = run(checker, data, as_of)
        assert run(checker, data, as_of) == first
        assert list(first) == sorted(first)
        assert all(f.line >= 1 and f.column >= 1 and f.rule for f in first)


@pytest.mark.skipif(len(ENGINE_NAMES) < 2, reason="durable_rules is not installed on this Python")
@SETTINGS
@given(variants())
def test_durable_rules_agrees_with_the_reference_evaluator(checkers, variant):
    data, as_of = variant
    assert run(checkers["durable"], data, as_of) == run(checkers["python"], data, as_of)


@SETTINGS
@given(removals(), st.sampled_from(ADDABLE), st.data())
def test_adding_a_missing_element_creates_no_finding_about_it(checkers, data, collection, pick):
    as_of = AS_OF  # the compliant strategy is compliant on this date; removals are the only defects
    complete = [e for e in REMOVABLE[collection] if collection != "history" or e["type"] == "review"]
    element = copy.deepcopy(pick.draw(st.sampled_from(complete)))
    target = data["purpose_scope"] if collection == "linked_strategies" else data
    target[collection].append(element)
    prefix = ("/purpose_scope" if collection == "linked_strategies" else "") + f"/{collection}/{len(target[collection]) - 1}"
    for checker in checkers.values():
        about = [f for f in run(checker, data, as_of) if f.pointer == prefix or f.pointer.startswith(prefix + "/")]
        assert about == []

"""Every problem in one run: input problems are findings, and the rest is still checked.

The property a drafter relies on while fixing a long strategy: fixing one problem never
creates an unrelated finding (only what an entry with a reported problem still hid can appear),
and each problem is reported in the same run as every other.
"""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pocrules import sources

from .strategies import BASE


def _rename(key, new):
    def op(element):
        element[new] = element.pop(key)
        return "/" + new
    return op


def _set(key, value):
    def op(element):
        element[key] = value
        return "/" + key
    return op


def _remove(key):
    def op(element):
        del element[key]
        return "/" + key
    return op


MUTATIONS = {  # (list pointer, problem) -> what it does to one element; returns where the problem is
    ("/risk_analysis/risks", "typo"): _rename("likelihood", "likelyhood"),
    ("/risk_analysis/risks", "wrong"): _set("gravity", "high"),
    ("/risk_analysis/risks", "missing"): _remove("title"),
    ("/risk_analysis/risks", "flag"): _set("priority", "yes"),
    ("/implementation_matrix", "typo"): _rename("lead", "laed"),
    ("/implementation_matrix", "undeclared"): _set("lead", "nobody"),
    ("/implementation_matrix", "missing"): _remove("activity"),
    ("/consultations", "wrong"): _set("date", "last spring"),
    ("/consultations", "typo"): _rename("category", "categroy"),
    ("/purpose_scope/objectives", "wrong"): _set("horizon", "soon"),
}


def _at(data, pointer):
    for token in pointer.strip("/").split("/"):
        data = data[token]
    return data


@st.composite
def problems(draw):
    """2 to 4 problems, each on a different element of the compliant strategy."""
    chosen = draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=2, max_size=4))
    out, used = [], set()
    for where, kind in chosen:
        size = len(_at(BASE, where))
        index = draw(st.integers(0, size - 1))
        if (where, index) in used:
            continue
        used.add((where, index))
        out.append((where, index, kind))
    return out


def _apply(problems_):
    data = copy.deepcopy(BASE)
    for where, index, kind in problems_:
        MUTATIONS[(where, kind)](_at(data, where)[index])
    return data


def _check(checker, data):
    doc = sources.parse(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "strategy.yaml")
    return checker.check_document(doc).findings


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(problems())
def test_fixing_one_problem_never_creates_an_unrelated_finding(checker, problems_):
    broken = _check(checker, _apply(problems_))
    for where, index, _ in problems_:  # every problem is reported in the same run, where it is
        assert any(f.rule.startswith("POC-SCHEMA") and f.pointer.startswith(f"{where}/{index}/")
                   for f in broken), problems_
    fixed = _check(checker, _apply(problems_[1:]))
    before = {(f.rule, f.pointer) for f in broken}
    reported = [f.pointer for f in broken if f.rule.startswith("POC-SCHEMA")]
    # What may appear is only what an entry with a reported problem of its own still hid (e.g. a matrix
    # row that named the risk just fixed, and has a misspelled lead): never anything elsewhere.
    new = [(f.rule, f.pointer) for f in fixed if (f.rule, f.pointer) not in before
           and not any(p.startswith(f.pointer + "/") for p in reported)]
    assert new == [], f"fixing {problems_[0]} created {new}"
    assert sum(f.rule.startswith("POC-SCHEMA") for f in fixed) < sum(f.rule.startswith("POC-SCHEMA") for f in broken)

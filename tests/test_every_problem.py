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


MUTATIONS = {  # (where, problem) -> what it does to one element (a list item, or the mapping itself); returns where
    ("/risk_analysis/risks", "typo"): _rename("likelihood", "likelyhood"),
    ("/risk_analysis/risks", "wrong"): _set("gravity", "very high"),
    ("/risk_analysis/risks", "missing"): _remove("title"),
    ("/risk_analysis/risks", "flag"): _set("priority", "yes"),
    ("/implementation_matrix", "typo"): _rename("lead", "laed"),
    ("/implementation_matrix", "undeclared"): _set("lead", "nobody"),
    ("/implementation_matrix", "missing"): _remove("activity"),
    ("/consultations", "wrong"): _set("date", "last spring"),
    ("/consultations", "typo"): _rename("category", "categroy"),
    ("/purpose_scope/objectives", "wrong"): _set("horizon", "soon"),
    # the mission block beyond its name and acronym, the version and the period (issue 11 section 1)
    ("/mission", "typo"): _rename("integrated", "integratd"),
    ("/mission", "wrong"): _set("integrated", "yes"),
    ("/mission/mandate", "missing"): _remove("imminent_threat"),
    ("/mission/mandate", "wrong"): _set("imminent_threat", "no"),
    ("/period", "wrong"): _set("end", "next year"),
    ("/period", "missing"): _remove("start"),
    ("", "missing"): _remove("version"),
    ("", "wrong"): _set("version", 2026.1),
}


def _at(data, pointer):
    for token in pointer.strip("/").split("/") if pointer else ():
        data = data[token]
    return data


@st.composite
def problems(draw):
    """2 to 4 problems, each on a different element of the compliant strategy."""
    chosen = draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=2, max_size=4))
    out, used = [], set()
    for where, kind in chosen:
        element = _at(BASE, where)
        index = draw(st.integers(0, len(element) - 1)) if isinstance(element, list) else None
        if (where, index) in used:
            continue
        used.add((where, index))
        out.append((where, index, kind))
    return out


def _apply(problems_):
    """The compliant strategy with these problems, and where each one is."""
    data, where_each = copy.deepcopy(BASE), []
    for where, index, kind in problems_:
        element = _at(data, where)
        element = element if index is None else element[index]
        prefix = where if index is None else f"{where}/{index}"
        where_each.append(prefix + MUTATIONS[(where, kind)](element))
    return data, where_each


def _check(checker, data):
    doc = sources.parse(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "strategy.yaml")
    return checker.check_document(doc).findings


FOLLOWS = "This may follow from the problem"


def _on(f, places):
    return any(f.pointer == p or f.pointer.startswith(p + "/") for p in places)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(problems())
def test_fixing_one_problem_never_creates_an_unrelated_finding(checker, problems_):
    data, places = _apply(problems_)
    broken = _check(checker, data)
    for place in places:  # every problem is reported in the same run, where it is
        assert any(_on(f, [place]) for f in broken), (place, problems_)
    fixed_data, _ = _apply(problems_[1:])
    fixed = _check(checker, fixed_data)
    before = {(f.rule, f.pointer) for f in broken}
    reported = [f.pointer for f in broken if f.rule.startswith("POC-SCHEMA")] + places
    # What may appear is only what an entry with a reported problem of its own still hid (e.g. a matrix
    # row that named the risk just fixed, and has a misspelled lead), or a finding that says which problem
    # still left unfixed it may follow from: never anything unexplained.
    new = [(f.rule, f.pointer) for f in fixed if (f.rule, f.pointer) not in before
           and not any(p.startswith(f.pointer + "/") for p in reported) and FOLLOWS not in f.message]
    assert new == [], f"fixing {problems_[0]} created {new}"
    assert not any(_on(f, places[:1]) for f in fixed), f"fixing {problems_[0]} left a finding where it was"
    assert sum(_on(f, places) for f in fixed) < sum(_on(f, places) for f in broken)


def test_a_finding_revealed_by_a_fix_names_the_problem_it_may_still_follow_from(checker):
    """Fixing UNMAS's matrix row reveals that it was never consulted, but only because its consultation
    (with a date in words) is left out: the revealed finding says so, at the consultation's line."""
    problems_ = [("/implementation_matrix", 13, "missing"), ("/consultations", 33, "wrong")]
    assert _at(BASE, "/implementation_matrix")[13]["lead"] == _at(BASE, "/consultations")[33]["actor"] == "unmas"
    data, places = _apply(problems_)
    assert not [f for f in _check(checker, data) if f.rule == "POC-FW-062"]
    revealed = [f for f in _check(checker, _apply(problems_[1:])[0]) if f.rule == "POC-FW-062"]
    assert [f.pointer for f in revealed] == ["/implementation_matrix/13/lead"]
    fixed = sources.parse(yaml.safe_dump(_apply(problems_[1:])[0], sort_keys=False, allow_unicode=True), "s.yaml")
    line, _ = fixed.locate("/consultations/33")
    assert f"{FOLLOWS} at line {line}:" in revealed[0].message

"""'Did you mean' hints stay bounded: 4,000 unknown 4,000-character keys took 166 s.

The hints are shared by the compiler, the ruleset loader, validation and references.
"""

from __future__ import annotations

from pocrules.errors import CANDIDATES, LISTED, did_you_mean


def test_a_near_miss_is_still_suggested():
    assert did_you_mean("perod", ["mission", "period", "drafting"]) == "; did you mean 'period'?"
    ids = [f"R{i:04d}" for i in range(5000)]
    assert did_you_mean("R0123x", ids) == "; did you mean 'R0123'?"


def test_a_long_name_is_not_compared_character_by_character():
    long = "x" * 4000
    assert did_you_mean(long + "a", [long + "b"]) == f"; expected one of: {long}b"


def test_only_options_near_the_name_are_compared():
    between = [f"c{i:05d}" for i in range(CANDIDATES * 4)]  # sort between 'b...' and 'm...'
    assert did_you_mean("mb0001", ["mb0001x", *between]) == "; did you mean 'mb0001x'?"
    assert "did you mean" not in did_you_mean("mb0001", ["b0001", *between])  # too far away in order


def test_a_long_list_of_options_is_cut_short():
    options = [f"option_{i:04d}" for i in range(500)]
    hint = did_you_mean("zzz", options)
    assert hint == "; expected one of: " + ", ".join(options[:LISTED]) + f" and {500 - LISTED} more"


def test_nothing_declared():
    assert did_you_mean("R1", [], what="risk") == "; no risk is declared"

"""The audit's findings files are written as ``json.dumps(..., indent=2)`` writes them, byte for byte."""

from __future__ import annotations

import enum
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pocrules.audit.jsontext import indented

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(st.text(), inner, max_size=4), max_leaves=30)


@given(values)
def test_indented_is_json_dumps_with_an_indent_of_two(value):
    assert indented(value) == json.dumps(value, indent=2)


def test_subclasses_of_text_and_numbers_are_written_as_their_base_type():
    class Level(enum.IntEnum):
        HIGH = 3

    class Code(str, enum.Enum):
        FINAL = "final"

    value = {"level": Level.HIGH, "status": Code.FINAL, "nested": [{"é\n": [Level.HIGH, []]}, {}]}
    assert indented(value) == json.dumps(value, indent=2)


@pytest.mark.parametrize("value", [{"set": {1, 2}}, [object()], {"nested": [1, b"bytes"]}])
def test_what_json_cannot_write_is_a_type_error_here_too(value):
    with pytest.raises(TypeError):
        json.dumps(value, indent=2)
    with pytest.raises(TypeError):
        indented(value)


def test_a_key_that_is_not_text_is_refused_not_converted():
    with pytest.raises(TypeError):
        indented({1: "json.dumps would write this key as the text 1"})

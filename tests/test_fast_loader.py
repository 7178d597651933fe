"""The rapidyaml reader against the PyYAML reference: same data, same errors, same line:column.

The fast reader may decline a text (it then falls back to the reference); what it
must never do is accept a text with different data, different positions, or where
the reference would refuse it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pocrules import sources
from pocrules.errors import InputError
from pocrules.sources import ryml_reader, yaml_reader

pytestmark = pytest.mark.skipif(ryml_reader.ryml is None, reason="rapidyaml is not installed")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*.yaml") if "corrupted" not in p.name)


def outcome(parse, text: str):  # noqa: ANN001, ANN201
    """Data and every position, or the error the reader raised."""
    try:
        doc = parse(text, "doc.yaml")
    except InputError as exc:
        return ("error", exc.render())
    return ("ok", doc.data, {pointer: doc.positions[pointer] for pointer in doc.positions})


def same(text: str) -> None:
    assert outcome(sources.parse, text) == outcome(yaml_reader.parse, text)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_takes_the_fast_path_and_matches_the_reference(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = ryml_reader.parse(text, path.name, max_nodes=sources.MAX_NODES, max_depth=sources.MAX_DEPTH)
    assert fast is not None, "the fast reader declined a plain strategy"
    reference = yaml_reader.parse(text, path.name)
    assert fast.data == reference.data
    assert dict(fast.positions) == reference.positions


@pytest.mark.parametrize("text", [
    "a: yes\nb: 'yes'\nc: 012\nd: '012'\ne: 1_000\nf: ~\ng: null\nh: 2026-03-15\ni: .inf\nj: 1e3\nk: 0x1F\n",
    "a: +1\nb: -0\nc: 0o17\nd: 1.50\ne: True\nf: 'True'\ng: NO\nh: off\n",
    "list:\n  - |\n    literal\n    block\n  - >-\n    folded\n  - \"quoted\"\n  - 'single'\n  - plain\n",
    "flow: {a: [1, 2, {b: c}], 'q': \"x\"}\nseq: [[1], [2, 3]]\n",
    "nested:\n  - - inner\n    - two\n  - key: value\n    other: 2\n",
    "multi: this plain scalar\n  goes on\n\n  and on\nnext: x\n",
    "base: &b {p: 1, q: 2}\nuse: *b\nmerged:\n  <<: *b\n  p: 3\n",
    "a: 1\na: 2\n",
    "a: !!python/object:os.system x\n",
    "a: 2026-13-01\n",
    "a: [1, 2\n",
    "1: one\ntrue: yes\n",
    "a:\n  -\n  - x\nempty: []\nalso: {}\n",
    "'quoted key': 1\n\"dq\": 2\n",
    "dé: café\nnom: \"Région de l'Ouest\"\n",
    "a: x\r\nb: y\r\n",
    "---\na: 1\n---\nb: 2\n",
    "just a scalar\n",
    "- a\n- b\n",
])
def test_tricky_texts_match_the_reference(text: str) -> None:
    same(text)


def test_the_fast_reader_writes_nothing_to_stderr_on_malformed_yaml(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError):
        sources.parse("a: [1, 2\nb: {\n", "bad.yaml")
    assert capfd.readouterr().err == ""


SCALARS = st.one_of(
    st.integers(-10**6, 10**6), st.booleans(), st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.sampled_from(["yes", "no", "on", "012", "0o17", "1_000", "~", "null", "2026-03-15", "1e3", ".inf",
                     "a: b", "# not a comment", "- dash", "[x]", "{y}", "'", '"', "&anchor", "*alias", "!tag",
                     "trailing ", " leading", "multi\nline", "tab\there", "Région de l'Ouest", "émoji 😀", ""]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
)
KEYS = st.one_of(st.sampled_from(["risk", "title", "gravity", "yes", "1", "a b", "a/b", "a~b", "é"]),
                 st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12))
DATA = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)), max_leaves=25)
STYLES = st.fixed_dictionaries({
    "default_flow_style": st.sampled_from([False, True, None]),
    "default_style": st.sampled_from([None, None, None, '"', "'"]),  # mostly plain, as people write
    "width": st.sampled_from([20, 80, 1000]),
    "allow_unicode": st.booleans(),
    "indent": st.sampled_from([2, 4]),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(KEYS, DATA, min_size=1, max_size=5), style=STYLES)
def test_generated_yaml_matches_the_reference(data: dict, style: dict) -> None:
    same(yaml.safe_dump(data, sort_keys=False, **style))

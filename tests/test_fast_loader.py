"""The rapidyaml reader against the PyYAML reference: same data, same errors, same line:column.

The fast reader may decline a text (it then falls back to the reference); what it
must never do is accept a text with different data, different positions, or where
the reference would refuse it.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pocrules import sources
from pocrules.errors import InputError
from pocrules.sources import ryml_reader, scalars, yaml_reader

pytestmark = pytest.mark.skipif(ryml_reader.ryml is None, reason="rapidyaml is not installed")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*.yaml") if "corrupted" not in p.name)


def typed(data):  # noqa: ANN001, ANN201
    """The data with each value's exact type beside it: 1, 1.0 and True are equal in Python, not in a strategy."""
    if isinstance(data, dict):
        return {key: typed(value) for key, value in data.items()}
    if isinstance(data, list):
        return [typed(value) for value in data]
    return (type(data).__name__, repr(data))


def outcome(parse, text: str):  # noqa: ANN001, ANN201
    """Data and every position, or the error the reader raised."""
    try:
        doc = parse(text, "doc.yaml")
    except InputError as exc:
        return ("error", exc.render())
    return ("ok", typed(doc.data), {pointer: doc.positions[pointer] for pointer in doc.positions})


def same(text: str) -> None:
    assert outcome(sources.parse, text) == outcome(yaml_reader.parse, text)


@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["unix", "windows"])
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_takes_the_fast_path_and_matches_the_reference(path: Path, line_end: str) -> None:
    text = path.read_text(encoding="utf-8").replace("\n", line_end)
    fast = ryml_reader.parse(text, path.name, max_nodes=sources.MAX_NODES, max_depth=sources.MAX_DEPTH)
    assert fast is not None, "the fast reader declined a plain strategy"
    reference = yaml_reader.parse(text, path.name)
    assert typed(fast.data) == typed(reference.data)
    assert dict(fast.positions) == reference.positions


@pytest.mark.parametrize("text", [
    "a: yes\nb: 'yes'\nc: 012\nd: '012'\ne: 1_000\nf: ~\ng: null\nh: 2026-03-15\ni: .inf\nj: 1e3\nk: 0x1F\n",
    "a: +1\nb: -0\nc: 0o17\nd: 1.50\ne: True\nf: 'True'\ng: NO\nh: off\n",
    # reals and infinities rapidyaml writes to JSON in its own words (.5 as 0.5, inf as ".inf")
    "a: nan\nb: inf\nc: -inf\nd: .5\ne: -.5\nf: .5e3\ng: 1.\nh: -Infinity\ni: NaN\nj: .NaN\nk: -.inf\nl: '.inf'\n",
    "reals: [0.5, -0.5, 1.0e+3, 1e3, -1., .Inf, infinity]\n",
    # a raw tab in rapidyaml's JSON, which only the standard library's lax decoder reads, beside reals
    "a: \"x\\ty\"\nb: 'tab\there'\nc: 1.50\nd: [.5, 1e3, 2026-01-01]\n",
    # integers beyond 64 bits, which orjson refuses and json reads
    "a: 12345678901234567890\nb: -9223372036854775809\nc: [18446744073709551616, 1]\n",
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
    # Windows line ends everywhere, in block, folded, quoted and multi-line plain scalars; and a CR on its own
    "a: |\r\n  one\r\n  two\r\n\r\nb: >-\r\n  folded\r\n  text\r\nc: \"quoted\r\n  on two\"\r\n"
    "d: 'single\r\n\r\n  kept'\r\n"
    "e: plain\r\n  goes on\r\nf: [1,\r\n  2]\r\ng: |+\r\n  kept\r\n\r\n",
    "a: x\r\nb: \"cr\ralone\"\r\n",
    "a: x\rb: y\r",
    "---\na: 1\n---\nb: 2\n",
    "just a scalar\n",
    "- a\n- b\n",
])
def test_tricky_texts_match_the_reference(text: str) -> None:
    same(text)


@pytest.mark.parametrize("text", ["a: [1, 2, 3]\nb: {c: 4}\n", "a: x\nb: y\nc: z\nd: w\ne: v\nf: u\ng: t\n"])
def test_the_fast_reader_leaves_a_document_over_the_value_cap_to_the_reference(text: str) -> None:
    count = len(yaml_reader.parse(text, "doc.yaml").positions)  # every value, and the root
    assert ryml_reader.parse(text, "doc.yaml", max_nodes=count, max_depth=64) is not None
    assert ryml_reader.parse(text, "doc.yaml", max_nodes=count - 1, max_depth=64) is None


def test_the_fast_reader_leaves_a_document_over_the_depth_cap_to_the_reference() -> None:
    text = "a: [[[x]]]\n"  # four levels below the root
    assert ryml_reader.parse(text, "doc.yaml", max_nodes=100, max_depth=4) is not None
    assert ryml_reader.parse(text, "doc.yaml", max_nodes=100, max_depth=3) is None


def test_a_parse_tree_is_reused_only_once_its_document_is_gone() -> None:
    first, second, third = (path.read_text(encoding="utf-8") for path in FIXTURES[:3])
    kept = sources.parse(first, "kept.yaml")
    dropped = sources.parse(second, "dropped.yaml")
    tree = dropped.positions.source.tree
    assert all(spare is not tree for spare in ryml_reader._SPARE_TREES)
    del dropped
    gc.collect()
    assert any(spare is tree for spare in ryml_reader._SPARE_TREES)
    reused = sources.parse(third, "reused.yaml")
    assert reused.positions.source.tree is tree
    assert kept.positions.source.tree is not tree
    assert dict(kept.positions) == yaml_reader.parse(first, "kept.yaml").positions  # located after the reuse
    assert dict(reused.positions) == yaml_reader.parse(third, "reused.yaml").positions


def test_a_spare_tree_far_larger_than_the_next_document_is_not_cleared_for_it() -> None:
    """Clearing a tree costs its whole capacity: one big strategy must not slow every later small one."""
    big = "items:\n" + "".join(f"- {i}\n" for i in range(20_000))
    doc = sources.parse(big, "big.yaml")
    tree = doc.positions.source.tree
    assert 4096 < tree.capacity() <= len(big) // 4
    del doc
    gc.collect()
    assert any(spare is tree for spare in ryml_reader._SPARE_TREES)
    small = sources.parse("a: 1\n", "small.yaml")
    assert small.positions.source.tree is not tree and small.positions.source.tree.capacity() <= 4096
    assert all(spare is not tree for spare in ryml_reader._SPARE_TREES)  # let go, not kept for later
    again = sources.parse(big, "again.yaml")  # a document its size would have reused it
    assert dict(again.positions) == yaml_reader.parse(big, "again.yaml").positions


@pytest.mark.parametrize("loader", [yaml.SafeLoader, yaml_reader._Base], ids=["SafeLoader", "reader's base"])
def test_plain_values_are_typed_by_pyyaml_own_table(loader: type) -> None:
    """The readers' copy of PyYAML's implicit typing (kept so that a check need not import PyYAML) is PyYAML's."""
    def table(resolvers: dict) -> dict:
        return {first: [(tag, regexp.pattern, regexp.flags) for tag, regexp in found] for first, found in resolvers.items()}

    assert table(scalars.RESOLVERS) == table(loader.yaml_implicit_resolvers)


def test_a_plain_strategy_is_read_without_importing_pyyaml() -> None:
    code = ("import sys; from pocrules import sources; doc = sources.read(sys.argv[1]); "
            "print(doc.data['mission']['acronym'], sorted(m for m in sys.modules if m.split('.')[0] == 'yaml'))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "fixtures" / "minuska-2026.yaml")],
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["MINUSKA", "[]"]


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
@given(data=st.dictionaries(KEYS, DATA, min_size=1, max_size=5), style=STYLES, windows=st.booleans())
def test_generated_yaml_matches_the_reference(data: dict, style: dict, windows: bool) -> None:
    text = yaml.safe_dump(data, sort_keys=False, **style)
    same(text.replace("\n", "\r\n") if windows else text)


PLAIN = st.sampled_from([
    "1", "-0", "+1", "012", "0o17", "0x1F", "1_000", "1:30", "1.5", ".5", "-.5", "1.", "-1.", "1e3", "1.0e+3", ".5e+3",
    "nan", "NaN", ".nan", "inf", "Inf", ".inf", "-.inf", "+.inf", "-inf", "infinity", "-Infinity",
    "yes", "No", "ON", "off", "true", "True", "FALSE", "null", "Null", "~", "", "2026-01-01", "2026-1-1", "2026-13-01",
    "2001-12-14 21:59:43.10 -5", "2001-12-14t21:59:43.10-05:00", "=", "y", "n", "0", "00", "0.", "-0.0", "0b101", "3.14_15",
    "text", "12 (2023)", "'yes'", '"2026-01-01"', "'1.5'", '"nan"', "'.inf'",
])
"""Values as people write them, unquoted: what YAML 1.1 reads as numbers, dates, booleans and null, and the
spellings rapidyaml writes to JSON in its own words (safe_dump would quote most of them)."""


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(st.tuples(st.sampled_from(["value", "block", "flow"]), st.lists(PLAIN, min_size=1, max_size=3)),
                        min_size=1, max_size=5))
def test_plain_values_as_people_write_them_match_the_reference(entries: list[tuple[str, list[str]]]) -> None:
    lines = []
    for i, (style, values) in enumerate(entries):
        if style == "value":
            lines.append(f"k{i}: {values[0]}")
        elif style == "block":
            lines += [f"k{i}:", *(f"  - {v}" for v in values)]
        else:
            lines.append(f"k{i}: [{', '.join(values)}]")
    same("\n".join(lines) + "\n")


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.sampled_from(" \t\n\u3000\x0c[]{},:-&*!ab#é"), min_size=1, max_size=12))
def test_an_anchor_alias_or_tag_is_left_to_the_reference_wherever_a_token_may_start(text: str) -> None:
    """The reader's scan for '&', '*' and '!' (with str.find, for speed) says what this expression says."""
    where_a_token_starts = re.compile(r"^[&*!]|[\s\[\]{},:-][&*!]\S")
    assert ryml_reader._refused(text) == bool(where_a_token_starts.search(text))


@pytest.mark.parametrize("tag, pattern", [(tag, pattern) for tag, pattern, _ in scalars._TABLE], ids=lambda x: str(x)[:30])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_typed_plain_value_longer_than_five_characters_starts_below_the_prose_screen(tag, pattern, data) -> None:
    """The fast reader passes over a long value that sorts after ``_TYPED_STARTS_BELOW`` without resolving it."""
    value = data.draw(st.from_regex(pattern, fullmatch=True))
    assert len(value) <= 5 or value < ryml_reader._TYPED_STARTS_BELOW, (tag, value)

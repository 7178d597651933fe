"""No input file can hang, exhaust or crash a check: FIFOs, devices, deep nesting, odd encodings.

Every file pocrules reads (strategy, ruleset, waivers, configuration, baseline) is a
regular file of bounded size and depth, or one clear located paragraph and exit 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from pocrules import sources
from pocrules.errors import InputError

from .conftest import COMPLIANT
from .test_bad_input import run

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")


def pocrules(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """Run the real command in a child process, so a read that blocks fails the test instead of hanging it."""
    result = subprocess.run([sys.executable, "-m", "pocrules.cli", *args], capture_output=True, text=True,
                            timeout=120, cwd=cwd)
    assert "Traceback" not in result.stderr + result.stdout
    return result


@needs_fifo
@pytest.mark.parametrize("option", ["check", "word", "--waivers", "--baseline", "--config", "--ruleset"])
def test_a_fifo_is_refused_not_read(tmp_path, option):
    fifo = tmp_path / ("pipe.docx" if option == "word" else "pipe.yaml")
    os.mkfifo(fifo)
    args = ["check", str(fifo)] if option in ("check", "word") else ["check", str(COMPLIANT), option, str(fifo)]
    result = pocrules(*args, "--as-of", "2026-12-01")
    assert result.returncode == 2
    assert f"{fifo}: this " in result.stderr + result.stdout  # check/audit discovery words it its own way
    assert "a named pipe (FIFO), not a" in result.stderr + result.stdout


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_named_as_such_not_as_too_large():
    result = run("check", str(COMPLIANT), "--baseline", "/dev/zero")
    assert result.exit_code == 2
    assert "/dev/zero: this is a device, not a regular file" in result.output
    assert "larger than" not in result.output
    assert "the baseline cannot be used" in result.output


def test_a_folder_given_as_a_file_is_named(tmp_path):
    with pytest.raises(InputError) as caught:
        sources.read(tmp_path)
    assert caught.value.render() == f"{tmp_path}: this is a folder, not a regular file; refusing to read it"


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="no /proc")
def test_a_file_longer_than_its_stated_size_is_read_whole_and_still_capped():
    """Files are read to the size the system states; one that holds more (it grew, or /proc) is read on to the cap."""
    raw = sources.read_bytes("/proc/self/status")  # a regular file whose stated size is 0
    assert os.stat("/proc/self/status").st_size == 0 and raw.startswith(b"Name:") and raw.endswith(b"\n")
    with pytest.raises(InputError, match="larger than 16 bytes"):
        sources.read_bytes("/proc/self/status", max_bytes=16)


def test_a_file_the_system_hands_over_in_short_pieces_is_read_whole(tmp_path, monkeypatch):
    """A read may return fewer bytes than asked before the end of a file (a network file system): it reads on."""
    path = tmp_path / "strategy.yaml"
    path.write_bytes(b"version: '2026.1'\n" * 500)
    read = os.read
    monkeypatch.setattr(os, "read", lambda fd, count: read(fd, min(count, 7)))
    assert sources.read_bytes(path) == path.read_bytes()


def test_every_user_file_is_capped_in_size(tmp_path):
    big = tmp_path / "waivers.yaml"
    big.write_text("waivers: []\n# " + "x" * (3 * 1024 * 1024) + "\n", encoding="utf-8")
    result = run("check", str(COMPLIANT), "--waivers", str(big))
    assert result.exit_code == 2
    assert "the waivers file cannot be used" in result.output and "larger than 2,097,152 bytes" in result.output


# --- nesting ---------------------------------------------------------------------------------

def nested_yaml(levels: int, kind: str) -> str:
    return ("[" * levels + "]" * levels) if kind == "list" else ("{a: " * levels + "1" + "}" * levels)


@pytest.mark.parametrize("levels", [65, 976, 999])
@pytest.mark.parametrize("kind", ["list", "map"])
def test_deep_yaml_is_refused_cleanly(tmp_path, levels, kind):
    path = tmp_path / "deep.yaml"
    path.write_text("version: " + nested_yaml(levels, kind) + "\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert f"{path}:1:" in result.output and "nested more than 64 levels deep" in result.output


def test_nesting_up_to_the_cap_still_loads():
    doc = sources.parse("a: " + nested_yaml(63, "list"), "ok.yaml")
    depth, node = 0, doc.data["a"]
    while node:
        depth, node = depth + 1, node[0]
    assert depth == 62


@pytest.mark.parametrize("name", ["deep.json", "waivers.json", "baseline.json", "pocrules.toml"])
def test_deep_json_waivers_baseline_and_configuration_are_refused(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".toml"):
        path.write_text("select = " + "[" * 999 + "]" * 999 + "\n", encoding="utf-8")
    else:
        path.write_text('{"waivers": ' + "[" * 999 + "]" * 999 + "}", encoding="utf-8")
    args = {"deep.json": [str(path)], "waivers.json": [str(COMPLIANT), "--waivers", str(path)],
            "baseline.json": [str(COMPLIANT), "--baseline", str(path)],
            "pocrules.toml": [str(COMPLIANT), "--config", str(path)]}[name]
    result = run("check", *args)
    assert result.exit_code == 2
    assert "nested more than 64 levels deep" in result.output


# --- encodings -------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path, encoding):
    text = COMPLIANT.read_text(encoding="utf-8")
    path = tmp_path / "wide.yaml"
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[encoding]
    path.write_bytes(bom + text.encode(encoding))
    result = run("check", str(path), "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "(MINUSKA): no findings" in result.output


def test_utf16_without_its_bom_is_named_binary_not_misread(tmp_path):
    path = tmp_path / "wide.yaml"
    path.write_bytes("version: x\n".encode("utf-16-le"))
    result = run("check", str(path))
    assert result.exit_code == 2 and "this is a binary file, not text" in result.output


# --- JSON ------------------------------------------------------------------------------------

def compliant_json(tmp_path, edit=lambda data: None, name="strategy.json"):
    data = yaml.safe_load(COMPLIANT.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, default=str, indent=2), encoding="utf-8")
    return path


def test_json_with_an_escaped_emoji_loads(tmp_path):
    def edit(data):
        data["mission"]["name"] = "MARKER"
    path = compliant_json(tmp_path, edit)
    path.write_text(path.read_text(encoding="utf-8").replace("MARKER", "Mission \\ud83d\\ude00"), encoding="utf-8")
    result = run("check", str(path), "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert sources.read(path).data["mission"]["name"] == "Mission \U0001F600"


def test_json_errors_are_located_by_line_and_column(tmp_path):
    def edit(data):
        data["risk_analysis"]["risks"][0]["likelyhood"] = 3
    path = compliant_json(tmp_path, edit)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if '"likelyhood"' in text)
    column = lines[line - 1].index('"likelyhood"') + 1
    result = run("check", str(path))
    assert result.exit_code in (1, 2)
    assert f"{path}:{line}:{column}" in result.output
    assert "unknown key 'likelyhood'; did you mean 'likelihood'?" in result.output


@pytest.mark.parametrize(("text", "expected"), [
    ('{"version": "1", "version": "2"}', "x.json:1:18: duplicate key 'version' (at /version)"),
    ('{"a": [1, 2,]}', "x.json:1:13: malformed JSON: expected a value, but found ']}'"),
    ('{"a": 1}\n{"b": 2}', "x.json:2:1: malformed JSON: expected the end of the file after the document"),
    ('{"a": "\\ud83d"}', "x.json:1:7: malformed JSON: a \\u escape is half of a UTF-16 surrogate pair"),
    ('{"a": NaN}', "x.json:1:7: malformed JSON: expected a value, but found 'NaN}'"),
    ("", "x.json:1:1: the file is empty"),
])
def test_json_problems_are_located(text, expected):
    with pytest.raises(InputError) as caught:
        sources.json_reader.parse(text, "x.json")
    assert expected in caught.value.render()


def test_json_positions_cover_every_pointer():
    doc = sources.json_reader.parse('{\n  "a": [\n    {"b~/c": null},\n    true\n  ]\n}', "x.json")
    assert doc.positions == {"": (1, 1), "/a": (2, 3), "/a/0": (3, 5), "/a/0/b~0~1c": (3, 6), "/a/1": (4, 5)}


# --- YAML keys -------------------------------------------------------------------------------

def test_a_merge_key_may_be_overridden_by_an_explicit_key():
    doc = sources.parse("base: &b {name: A, kind: ngo}\nactor:\n  <<: *b\n  name: B\n", "m.yaml")
    assert doc.data["actor"] == {"name": "B", "kind": "ngo"}
    assert doc.positions["/actor/name"] == (4, 3)


def test_merged_mappings_reused_through_an_alias_stay_valid():
    text = "base: &b {name: A}\nmid: &m {<<: *b, name: M}\none: *m\ntwo: {<<: [*m, *b], kind: x}\n"
    data = sources.parse(text, "m.yaml").data
    assert data["one"] == {"name": "M"} and data["two"] == {"kind": "x", "name": "M"}


@pytest.mark.parametrize(("text", "expected"), [
    ("actor:\n  name: A\n  name: B\n", "m.yaml:3:3: duplicate key 'name' (at /actor/name)"),
    ("actor:\n  <<: [1]\n", "m.yaml:2:8: a merge key (<<) must refer to a mapping or a list of mappings (at /actor)"),
    ("mission:\n  ~: x\n", "m.yaml:2:3: a key is empty (null); every key needs a name (at /mission)"),
])
def test_key_problems(text, expected):
    with pytest.raises(InputError) as caught:
        sources.parse(text, "m.yaml")
    assert caught.value.render() == expected


# --- whose file it is ------------------------------------------------------------------------

@pytest.mark.parametrize(("option", "header"), [("--ruleset", "the ruleset cannot be used"),
                                                ("--waivers", "the waivers file cannot be used")])
def test_an_unusable_ruleset_or_waivers_file_is_named_as_such(tmp_path, option, header):
    path = tmp_path / "broken.yaml"
    path.write_text("rules: [\n", encoding="utf-8")
    result = run("check", str(COMPLIANT), option, str(path))
    assert result.exit_code == 2
    assert f"pocrules: {header}:" in result.output and "strategy" not in result.output
    assert f"{path}:2:1: malformed YAML" in result.output

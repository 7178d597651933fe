"""The README's samples are real output: regenerate them with `python -m tests.readme_samples`."""

from __future__ import annotations

import json
import re

import pytest

from . import readme_samples


@pytest.fixture(scope="module")
def readme() -> str:
    return readme_samples.README.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(readme_samples.SAMPLES))
def test_readme_sample_is_what_pocrules_prints(readme, name):
    shown = readme_samples.blocks(readme)
    assert name in shown, f"README has no <!-- sample: {name} --> block"
    assert shown[name] == readme_samples.SAMPLES[name](), (
        f"README sample '{name}' is out of date: run `python -m tests.readme_samples`")


def test_readme_text_and_json_samples_agree(readme):
    """The JSON sample is the same run as the text sample: its first finding is the text report's first."""
    shown = readme_samples.blocks(readme)
    text = shown["check-text"]
    report = json.loads(re.search(r"```json\n(.*?)\n```", shown["check-json"], re.S).group(1))
    first = report["files"][0]["findings"][0]
    location = first["location"]
    first_line = next(line for line in text.splitlines() if re.search(r"\.yaml:\d+:\d+ ", line))
    assert f"{location['path']}:{location['line']}:{location['column']}" in first_line and first["rule"] in first_line
    counts = report["summary"]["findings"]
    assert f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info" in text


def test_rewrite_replaces_a_stale_sample(readme):
    body = readme_samples.blocks(readme)["check-text"]
    stale = readme.replace(body, body.replace(":835:5", ":823:5"))
    assert stale != readme and readme_samples.rewrite(stale) == readme

"""The README's sample outputs, made from real runs so they cannot drift from the product.

Each sample sits in the README between ``<!-- sample: NAME -->`` and ``<!-- /sample -->``;
tests/test_readme.py fails when one differs from what pocrules prints today, and

    python -m tests.readme_samples

rewrites them. The README shows the durable engine; where durable_rules is not installed the
pure-Python engine gives the same findings, and only the engine's name is put back.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from pocrules.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
STRATEGY = "fixtures/minuska-2026-matrix-gaps.yaml"
_BLOCK = re.compile(r"(<!-- sample: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- /sample -->)", re.S)


def _run(*args: str) -> str:
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(here)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _engine(text: str) -> str:
    return text.replace("engine python", "engine durable").replace('"engine": "python"', '"engine": "durable"')


def check_text() -> str:
    command = ["check", STRATEGY, "--as-of", "2026-12-01"]
    out = _engine(_run(*command))
    lines = [f"$ pocrules {' '.join(command)}", *out.rstrip("\n").splitlines()]
    return "".join(f"    {line}".rstrip() + "\n" for line in lines) + "\n"


def check_json() -> str:
    """The JSON report of the same run, its findings cut to the first (the rest have the same shape)."""
    report = json.loads(_engine(_run("check", STRATEGY, "--as-of", "2026-12-01", "--format", "json")))
    shown = len(report["files"][0]["findings"])
    report["files"][0]["findings"] = report["files"][0]["findings"][:1]
    text = json.dumps(report, indent=2, ensure_ascii=False)
    return (f"```json\n{text}\n```\n\n(The report lists all {shown} findings; the first is shown.)\n\n")


SAMPLES: dict[str, Callable[[], str]] = {"check-text": check_text, "check-json": check_json}


def blocks(readme: str) -> dict[str, str]:
    return {m.group("name"): m.group("body") for m in _BLOCK.finditer(readme)}


def rewrite(readme: str) -> str:
    return _BLOCK.sub(lambda m: m.group(1) + SAMPLES[m.group("name")]() + m.group(4), readme)


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    new = rewrite(text)
    README.write_text(new, encoding="utf-8")
    sys.stdout.write("README samples " + ("rewritten\n" if new != text else "already current\n"))

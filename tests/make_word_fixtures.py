"""Write the Word fixtures listed in tests/word_fixtures.yaml into fixtures/word/.

    python -m tests.make_word_fixtures

A rendered fixture is its YAML source through `pocrules.word.render`, the document a
mission gets from `pocrules render`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from pocrules.sources import read
from pocrules.word.render import render

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
LISTING = ROOT / "tests" / "word_fixtures.yaml"


def listing() -> dict[str, dict]:
    return yaml.safe_load(LISTING.read_text(encoding="utf-8"))["fixtures"]


def build(name: str, entry: dict):  # noqa: ANN201 - a python-docx Document
    """The document for one fixture entry."""
    if entry["made"] != "rendered":
        raise ValueError(f"{name}: unknown way of making a fixture '{entry['made']}'")
    return render(read(FIXTURES / entry["from"]).data)


def main() -> None:
    (FIXTURES / "word").mkdir(exist_ok=True)
    for name, entry in listing().items():
        build(name, entry).save(str(FIXTURES / "word" / name))
        print(f"wrote fixtures/word/{name}")


if __name__ == "__main__":
    main()

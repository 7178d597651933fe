"""Time the two YAML readers on the same files, and how reading scales with document size.

    python benchmarks/bench_loader.py [--repeat 20]

The reference reader is PyYAML (libyaml's parser, a Python builder); the fast one
is rapidyaml (C++ parse and JSON emit, pydantic-core's JSON decoder, positions on demand).
Both read the same text in the same run, so their ratio holds on a noisy machine
even where the absolute numbers do not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_check import median_ms  # noqa: E402 - one timing helper for every benchmark
from pocrules import sources  # noqa: E402
from pocrules.sources import yaml_reader  # noqa: E402


def scaled(text: str, factor: int) -> str:
    """The strategy with its long lists repeated ``factor`` times: a bigger document of the same shape."""
    data = yaml.safe_load(text)
    for section, key in (("risk_analysis", "risks"), ("monitoring", "indicators")):
        items = data[section][key]
        data[section][key] = [dict(item, id=f"{item.get('id', 'x')}-{n}") if "id" in item else item
                              for n in range(factor) for item in items]
    data["implementation_matrix"] = data["implementation_matrix"] * factor
    data["consultations"] = data["consultations"] * factor
    return yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)


class _NoAliases(yaml.SafeDumper):
    """Write repeated items out in full, as a person would, not as YAML anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:  # noqa: ARG002
        return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"{'document':38} {'lines':>7} {'PyYAML ms':>10} {'rapidyaml ms':>13} {'speed-up':>9}")
    base = (ROOT / "fixtures/missions/unmcor-2026.yaml").read_text(encoding="utf-8")  # the largest mission
    cases = [(p.name, p.read_text(encoding="utf-8")) for p in
             [ROOT / "fixtures/minuska-2026.yaml", ROOT / "fixtures/missions/unmcor-2026.yaml"]]
    cases.append(("unmcor-2026.yaml, Windows line ends", base.replace("\n", "\r\n")))
    cases += [(f"unmcor x{f}", scaled(base, f)) for f in (5, 10, 25, 50, 100)]
    for name, text in cases:
        if len(text.encode("utf-8")) > sources.MAX_BYTES:
            print(f"{name:38} {text.count(chr(10)):>7}  (over the {sources.MAX_BYTES:,}-byte cap: refused)")
            continue
        reference = median_ms(lambda: yaml_reader.parse(text, name), args.repeat)
        fast = median_ms(lambda: sources.parse(text, name), args.repeat)
        print(f"{name:38} {text.count(chr(10)):>7} {reference:>10.2f} {fast:>13.2f} {reference / fast:>8.1f}x")


if __name__ == "__main__":
    main()

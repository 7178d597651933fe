"""How checking one strategy scales with its size, from 600 to 60,000 lines.

    python benchmarks/bench_size.py [--repeat 5] [--engine durable]

The compliant example (about 600 lines), then a generated strategy (``pocrules generate``,
with defects, so findings grow with it) cut short, as it is, and scaled by repeating its
risks, matrix rows, consultations, indicators and coordination mechanisms, every copy
with its own ids and its references pointing at its own copies: a bigger document of
the same shape and density of findings. Each is checked in one process (the ruleset
compiled once, as in an audit's worker): load (parse), then check (validate, facts,
engine, findings, located), each also per line, so a cost that grows faster than the
document shows at once. Files above the 2 MiB cap (:data:`pocrules.sources.MAX_BYTES`,
about 80,000 lines of this shape) are refused by ``pocrules check``; they are timed
here all the same, read from memory.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import statistics
import sys
import time
from pathlib import Path
from typing import Any


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pocrules import engine as engines  # noqa: E402
from pocrules import sources  # noqa: E402
from pocrules.check import Checker  # noqa: E402
from pocrules.generator import dump, generate  # noqa: E402
from pocrules.rules import ruleset as rulesets  # noqa: E402

AS_OF = dt.date(2026, 12, 1)
TARGETS = (6_000, 12_000, 24_000, 36_000, 48_000, 60_000, 84_000)
"""Lines aimed at by scaling; each document is the nearest size the scaling gives."""


def _renamed(item: dict[str, Any], key: str, suffix: str) -> dict[str, Any]:
    """A copy of ``item`` (its own objects, so the YAML has no anchors) with ``suffix`` added to ``key``."""
    item = copy.deepcopy(item)
    if key in item:
        item[key] = f"{item[key]}{suffix}"
    return item


def scaled(data: dict[str, Any], copies: int) -> dict[str, Any]:
    """``data`` with its long lists repeated ``copies`` times, each copy referring to its own elements."""
    out = copy.deepcopy(data)
    risks, rows = data["risk_analysis"]["risks"], data["implementation_matrix"]
    mechanisms, indicators = data["coordination"]["mechanisms"], data["monitoring"]["indicators"]
    ids = {m["id"] for m in mechanisms}
    for k in range(1, copies):
        suffix = f"-c{k}"
        out["risk_analysis"]["risks"] += [_renamed(r, "id", suffix) for r in risks]
        out["implementation_matrix"] += [_renamed(r, "risk", suffix) for r in rows]
        out["consultations"] += copy.deepcopy(data["consultations"])
        out["monitoring"]["indicators"] += [_renamed(i, "id", suffix) for i in indicators]
        for m in mechanisms:
            clone = _renamed(m, "id", suffix)
            if m.get("reports_to") in ids:
                clone["reports_to"] += suffix
            out["coordination"]["mechanisms"].append(clone)
    return out


def shortened(data: dict[str, Any], keep: int) -> dict[str, Any]:
    """``data`` with its long lists cut to their first ``keep`` elements (the references kept valid)."""
    out = copy.deepcopy(data)
    risks = out["risk_analysis"]["risks"][:keep]
    ids = {r["id"] for r in risks}
    out["risk_analysis"]["risks"] = risks
    out["implementation_matrix"] = [r for r in out["implementation_matrix"] if r["risk"] in ids][:keep]
    out["capacities"]["by_risk"] = [r for r in out["capacities"]["by_risk"] if r["risk"] in ids]
    out["consultations"] = out["consultations"][:keep * 2]
    out["monitoring"]["indicators"] = out["monitoring"]["indicators"][:keep]
    return out


def documents() -> list[tuple[str, str]]:
    data, introduced = generate(3, defect_rate=0.3)
    texts = [(ROOT / "fixtures" / "minuska-2026.yaml").read_text(encoding="utf-8"),
             dump(shortened(data, 1), introduced, 3), dump(data, introduced, 3)]
    base = dump(data, introduced, 3).count("\n")
    per_copy = dump(scaled(data, 2), introduced, 3).count("\n") - base
    for target in TARGETS:
        texts.append(dump(scaled(data, max(1, 1 + round((target - base) / per_copy))), introduced, 3))
    seen: dict[int, str] = {}
    for text in texts:
        seen.setdefault(text.count("\n"), text)
    return [(f"{lines} lines", text) for lines, text in sorted(seen.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", default="durable", choices=("durable", "python"))
    args = parser.parse_args()
    if args.engine == "durable" and not engines.durable_available():
        sys.exit("durable_rules is not installed on this Python; use --engine python")
    ruleset = rulesets.load()
    checker = Checker(ruleset, engines.create(ruleset, args.engine), AS_OF, budget=600)  # time it, never cut it short
    print(f"engine {args.engine}; medians of {args.repeat}; per-line times in microseconds")
    print(f"{'lines':>7} {'KiB':>6} {'findings':>8} {'load ms':>9} {'check ms':>9} {'total ms':>9}"
          f" {'load/line':>10} {'check/line':>11}  note")
    for _, text in documents():
        lines, size = text.count("\n"), len(text.encode("utf-8"))
        loads, checks, found = [], [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            doc = sources.parse(text, "scaled.yaml")
            loaded = time.perf_counter()
            result = checker.check_document(doc)
            checks.append((time.perf_counter() - loaded) * 1000)
            loads.append((loaded - start) * 1000)
            found = len(result.findings)
        load, check = statistics.median(loads), statistics.median(checks)
        over = size > sources.MAX_BYTES
        note = f"over the {sources.MAX_BYTES // 1024 // 1024} MiB cap: `check` refuses it" if over else ""
        print(f"{lines:>7} {size // 1024:>6} {found:>8} {load:>9.1f} {check:>9.1f} {load + check:>9.1f}"
              f" {load * 1000 / lines:>10.1f} {check * 1000 / lines:>11.1f}  {note}")


if __name__ == "__main__":
    main()

"""Time compiling the ruleset and checking the fixtures, per engine.

    python benchmarks/bench_check.py [--repeat 200]

Prints medians. Compilation happens once per run of `pocrules check` (and once
per worker in batch work); checking happens once per document, so the per-
document figure is the one that scales.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pocrules import engine as engines  # noqa: E402
from pocrules import facts, loader  # noqa: E402
from pocrules.check import Checker  # noqa: E402
from pocrules.rules import ruleset as rulesets  # noqa: E402

AS_OF = dt.date(2026, 12, 1)
FIXTURES = sorted((ROOT / "fixtures").glob("minuska-2026*.yaml"))


def median_ms(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    compile_ms = median_ms(rulesets.load, max(args.repeat // 10, 5))
    ruleset = rulesets.load()
    print(f"ruleset: {len(ruleset.rules)} rules, {len(ruleset.queries)} queries")
    print(f"compile (load YAML + validate + compile): {compile_ms:8.2f} ms")

    docs = [loader.load(p) for p in FIXTURES]
    load_ms = median_ms(lambda: [loader.load(p) for p in FIXTURES], max(args.repeat // 10, 5)) / len(FIXTURES)
    print(f"load + validate one strategy:            {load_ms:8.2f} ms")
    all_facts = [facts.build(s, AS_OF) for s, _ in docs]
    results = {}
    for name in ("python", "durable"):
        if name == "durable" and not engines.durable_available():
            print("durable: not installed on this Python")
            continue
        start = time.perf_counter()
        engine = engines.create(ruleset, name)
        setup_ms = (time.perf_counter() - start) * 1000
        evaluate_ms = median_ms(lambda e=engine: [e.evaluate(f) for f in all_facts], args.repeat) / len(all_facts)
        checker = Checker(ruleset, engine, AS_OF)
        check_ms = median_ms(lambda c=checker: [c.check(p) for p in FIXTURES], max(args.repeat // 10, 5)) / len(FIXTURES)
        results[name] = evaluate_ms
        print(f"{name:>7}: engine setup {setup_ms:7.2f} ms | evaluate {evaluate_ms:6.3f} ms/doc "
              f"| full check (load+facts+engine+findings) {check_ms:6.2f} ms/doc")
    if len(results) == 2:
        print(f"durable/python evaluate ratio: {results['durable'] / results['python']:.2f}x")


if __name__ == "__main__":
    main()

"""Time compiling the ruleset and checking the fixtures, per engine; and `pocrules check` from process start.

    python benchmarks/bench_check.py [--repeat 200]
    python benchmarks/bench_check.py --startup [--runs 21]

Prints medians. Compilation happens once per run of `pocrules check` (and once
per worker in batch work); checking happens once per document, so the per-
document figure is the one that scales.

``--startup`` times whole ``pocrules check`` processes on the compliant fixture, with
the compiled-ruleset cache empty (cold) and filled (warm), beside the bare-import
floor, and breaks a warm run down into stages (``startup_stages.py``). Runs alternate
between the variants so that a busy machine slows them alike. Bytecode is compiled
first, as an installed wheel has it (``PYTHONDONTWRITEBYTECODE`` would otherwise make
every run compile the package afresh, about 0.1 s).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
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


def _elapsed_ms(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000


def startup(runs: int) -> None:
    """Whole `pocrules check` processes: cold and warm cache, the floor, and a warm run's stages."""
    compileall.compile_dir(ROOT / "pocrules", quiet=1)
    fixture = str(ROOT / "fixtures" / "minuska-2026.yaml")
    check = [sys.executable, "-c", "from pocrules.__main__ import main; main()", "check", fixture]  # as `pocrules`
    variants = {
        "python -c pass": [sys.executable, "-c", "pass"],
        # the durable engine drives durable's C core (durable_rules_engine), not its Python host
        "floor: import yaml, pydantic, durable_rules_engine": [sys.executable, "-c",
                                                               "import yaml, pydantic, durable_rules_engine"],
        "pocrules check, cold cache": check,
        "pocrules check, warm cache": check,
    }
    samples: dict[str, list[float]] = {name: [] for name in variants}
    stages: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as warm:
        env = {**os.environ, "POCRULES_CACHE_DIR": warm}
        subprocess.run(check, env=env, stdout=subprocess.DEVNULL, check=False)  # fills the warm cache
        for _ in range(runs):
            for name, argv in variants.items():
                with tempfile.TemporaryDirectory() as cold:
                    samples[name].append(_elapsed_ms(argv, {**env, "POCRULES_CACHE_DIR": cold} if "cold" in name else env))
            out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup_stages.py"), fixture], env=env,
                                 capture_output=True, text=True, check=True).stdout
            stages.append(json.loads(out))
    for name, values in samples.items():
        print(f"{name:<46} {statistics.median(values):7.1f} ms median (min {min(values):.1f}, {runs} runs)")
    print("a warm run, stage by stage (medians):")
    medians = {name: statistics.median(s[name] for s in stages) for name in stages[0]}
    for name, value in medians.items():
        print(f"  {name:<44} {value:7.1f} ms")
    rest = statistics.median(samples["pocrules check, warm cache"]) - statistics.median(samples["python -c pass"])
    print(f"  {'interpreter start (python -c pass)':<44} {statistics.median(samples['python -c pass']):7.1f} ms")
    print(f"  {'the rest (typer parsing, exit)':<44} {rest - sum(medians.values()):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--startup", action="store_true", help="time whole `pocrules check` processes instead")
    parser.add_argument("--runs", type=int, default=21, help="processes per variant with --startup")
    args = parser.parse_args()
    if args.startup:
        startup(args.runs)
        return

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

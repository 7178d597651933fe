"""Audit throughput and peak memory on generated strategies.

    python benchmarks/bench_audit.py [--count 1000] [--repeat 3] [--memory-count 10000]

Generates strategies once (cached in a temp folder), then times `pocrules audit`
as a user runs it (a fresh process) per engine and --jobs, reporting medians:
cold (--no-cache: every file checked) and warm (nothing changed since the last
audit, so every file's results and rendered report parts come from the cache).
Each line gives wall time and CPU time (user + system of the audit process and its
workers): on a machine shared with other work, wall time varies with the load,
while CPU time is what to compare between two versions.
Peak memory is the largest resident set of the audit process or any worker,
for --count files and for --memory-count files (symlinks to the same documents,
so only the count changes).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "pocrules-bench"


def strategies(count: int) -> Path:
    folder = CACHE / f"generated-{count}"
    if len(list(folder.glob("*.yaml"))) != count:
        subprocess.run(["pocrules", "generate", str(folder), "-n", str(count), "--defect-rate", "0.15"], check=True)
    return folder


def linked(source: Path, count: int) -> Path:
    folder = CACHE / f"linked-{count}"
    files = sorted(source.glob("*.yaml"))
    if len(list(folder.glob("*.yaml"))) != count:
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(count):
            target = folder / f"s{i:06d}.yaml"
            if not target.exists():
                target.symlink_to(files[i % len(files)])
    return folder


def run_audit(folder: Path, engine: str, jobs: int, cache: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS of one audit; with ``cache``, results are kept in (and reused from) it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "POCRULES_CACHE_DIR": str(cache)} if cache else os.environ
    with tempfile.TemporaryDirectory() as parent:
        start = time.perf_counter()
        subprocess.run(["pocrules", "audit", str(folder), "--as-of", "2026-12-01", "--out", f"{parent}/out",
                        "--engine", engine, "--jobs", str(jobs), "--fail-on", "never",
                        *([] if cache else ["--no-cache"])],
                       check=False, stdout=subprocess.DEVNULL, env=env)
        elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu, max(after.ru_maxrss, before.ru_maxrss)


def line(count: int, label: str, runs: list[tuple[float, float, int]]) -> str:
    wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    return (f"{label}: median {wall:6.2f} s = {count / wall:6.1f} strategies/s "
            f"(CPU {cpu:6.2f} s = {cpu * 1000 / count:5.2f} ms a strategy)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-count", type=int, default=10000)
    args = parser.parse_args()
    folder = strategies(args.count)
    print(f"{args.count} generated strategies in {folder}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set: unless pocrules' .pyc files exist already, every run compiles "
              "its modules from source (~0.07 s a process that an installed pocrules does not spend)")
    for engine in ("durable", "python"):
        for jobs in (1, 2):
            runs = [run_audit(folder, engine, jobs) for _ in range(args.repeat)]
            print(line(args.count, f"audit {engine:>7} --jobs {jobs} cold", runs))
            with tempfile.TemporaryDirectory() as cache:
                run_audit(folder, engine, jobs, Path(cache))  # fills the cache
                runs = [run_audit(folder, engine, jobs, Path(cache)) for _ in range(args.repeat)]
            print(line(args.count, f"audit {engine:>7} --jobs {jobs} warm", runs))
    # ru_maxrss of children only grows, so measure each size in its own interpreter.
    for count, path in ((args.count, folder), (args.memory_count, linked(folder, args.memory_count))):
        code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_audit as b, pathlib; "
                f"print(b.run_audit(pathlib.Path({str(path)!r}), 'durable', 2)[2])")
        kib = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        print(f"peak RSS, {count:>6} strategies, durable --jobs 2: {kib / 1024:7.1f} MiB")
    for _ in range(1):
        times = []
        for _ in range(max(args.repeat, 5)):
            start = time.perf_counter()
            subprocess.run(["pocrules", "check", str(Path(__file__).parent.parent / "fixtures" / "minuska-2026.yaml"),
                            "--as-of", "2026-12-01"], stdout=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - start)
        print(f"pocrules check one strategy, from process start: median {statistics.median(times):.3f} s")
    os.sync()


if __name__ == "__main__":
    main()

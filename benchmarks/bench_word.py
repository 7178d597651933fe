"""Word input: import of the rendered strategy, and `check strategy.docx` against `check strategy.yaml`.

    python benchmarks/bench_word.py [--repeat 7] [--strategy fixtures/minuska-2026.yaml]

Renders the strategy to .docx once, then reports medians: `pocrules check` on the .docx
and on the YAML as a user runs them (a fresh process, from process start), their ratio
(goal: the .docx within 1.5x of the YAML), the in-process import (open + read the
template) and the share of it spent inside python-docx and lxml (by profile: own time of
python-docx's functions and of lxml's built-ins).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def process(args: list[str], repeat: int) -> float:
    """Median wall time of a fresh `pocrules` process, from its start to its exit."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pocrules.cli", *args], stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imported(path: Path, repeat: int) -> tuple[float, float]:
    """Median in-process import time, and the share of one import spent in python-docx."""
    from pocrules.sources.word_reader import imported as read_word

    read_word(path)  # warm: modules and the template loaded once, as in a check
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read_word(path)
        times.append(time.perf_counter() - start)
    profile = cProfile.Profile()
    profile.runcall(read_word, path)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(timing[2] for timing in stats.values())
    in_docx = sum(timing[2] for (file, _, name), timing in stats.items()
                  if "/docx/" in file or (file == "~" and "lxml" in name))
    return statistics.median(times), in_docx / total if total else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--strategy", type=Path, default=ROOT / "fixtures" / "minuska-2026.yaml")
    options = parser.parse_args()
    from pocrules.sources import read
    from pocrules.word.render import write

    folder = Path(tempfile.mkdtemp(prefix="pocrules-bench-word-"))
    docx = folder / "strategy.docx"
    write(read(options.strategy).data, docx)
    common = ["--as-of", "2026-12-01", "--format", "json"]
    yaml_time = process(["check", str(options.strategy), *common], options.repeat)
    docx_time = process(["check", str(docx), *common], options.repeat)
    import_time, share = imported(docx, options.repeat)
    print(f"strategy: {options.strategy.name} -> {docx.stat().st_size:,} bytes of .docx")
    print(f"check strategy.yaml (process):  median {yaml_time * 1000:7.0f} ms")
    print(f"check strategy.docx (process):  median {docx_time * 1000:7.0f} ms  ({docx_time / yaml_time:.2f}x the YAML;"
          " goal <= 1.5x)")
    print(f"import strategy.docx (in-process): median {import_time * 1000:7.0f} ms, {share:.0%} of it in python-docx/lxml")


if __name__ == "__main__":
    main()

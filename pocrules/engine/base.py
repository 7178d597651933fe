"""What every engine takes and returns."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

DEFAULT_BUDGET = 10.0
"""Seconds one document may take in an engine before it is reported as stalled."""


@dataclass(frozen=True, order=True)
class Match:
    """One firing of a query: the fact id bound to each positive alias."""

    query: str
    bindings: tuple[tuple[str, str], ...]

    def fact(self, alias: str) -> str:
        return dict(self.bindings)[alias]


class EngineStalled(Exception):
    """The engine did not finish a document within its time budget."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread, POSIX); elsewhere, a no-op guard."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def stalled(signum, frame):  # noqa: ANN001, ARG001
        raise EngineStalled(f"the engine did not finish within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, stalled)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def deadline(seconds: float) -> float:
    return time.monotonic() + seconds

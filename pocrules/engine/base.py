"""What every engine takes and returns."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class _Budget:
    end: float
    message: str


_open: list[_Budget] = []
"""The budgets open on the main thread, outermost first; each one is nearer than the one before."""
_shields = 0
_previous_handler: Any = None


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


_AGAIN = 0.1
"""Seconds after which an expired budget interrupts again, until it is closed."""


def _expired(signum, frame):  # noqa: ANN001, ANN202, ARG001
    """The one SIGALRM handler while budgets are open; an alarm left over from a closed budget is ignored.

    The alarm is set again before interrupting: one that lands in a shielded block, or where
    Python swallows the exception (a ``__del__``, a garbage collector callback), comes back.
    """
    if not _open or time.monotonic() < _open[-1].end - 0.01:
        return
    signal.setitimer(signal.ITIMER_REAL, _AGAIN)
    if _shields == 0:
        raise EngineStalled(_open[-1].message)


@contextmanager
def time_budget(seconds: float, what: str = "the engine") -> Iterator[None]:
    """Interrupt the block with EngineStalled after ``seconds`` (main thread, POSIX); elsewhere, a no-op guard.

    Budgets nest: one that would end after the open one adds nothing; a nearer one
    interrupts first, and the outer one is re-armed when it closes. The alarm is
    held off while budgets are opened and closed, so a budget that expires then
    cannot leave the timer or the handler behind.
    """
    end = time.monotonic() + seconds
    if not _usable() or seconds <= 0 or (_open and end >= _open[-1].end):
        yield
        return
    budget = _Budget(end, f"{what} did not finish within {seconds:g} s")
    try:
        _change(lambda: _open.append(budget))
        yield
    finally:
        try:
            _change(lambda: budget in _open and _open.remove(budget))
        except EngineStalled:  # the alarm came before it could be held off: close again, then report it
            _change(lambda: budget in _open and _open.remove(budget))
            raise


def _change(update: Any) -> None:
    """Apply ``update`` to the open budgets with the alarm held off, then arm the nearest deadline."""
    global _previous_handler
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        signal.setitimer(signal.ITIMER_REAL, 0)
        was_open = bool(_open)
        update()
        if _open and not was_open:
            _previous_handler = signal.signal(signal.SIGALRM, _expired)
        elif was_open and not _open:
            if signal.SIGALRM in signal.sigpending():  # due as the last budget closed: nothing left to interrupt,
                signal.sigwait({signal.SIGALRM})       # and the previous handler may be the default (end the process)
            signal.signal(signal.SIGALRM, _previous_handler)
        if _open:
            signal.setitimer(signal.ITIMER_REAL, max(_open[-1].end - time.monotonic(), 1e-6))
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})


@contextmanager
def shielded() -> Iterator[None]:
    """Hold back an expiring budget while the block runs (cleaning up must not be cut short)."""
    global _shields
    if not _usable():
        yield
        return
    _shields += 1
    try:
        yield
    finally:
        _shields -= 1
    if _open and _shields == 0 and time.monotonic() >= _open[-1].end - 0.01:
        raise EngineStalled(_open[-1].message)


def deadline(seconds: float) -> float:
    return time.monotonic() + seconds

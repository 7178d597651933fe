"""Check many files in worker processes, in order, losing none.

durable_rules holds the GIL and must not be shared between threads, so the
work is spread over processes; each compiles the ruleset once (initializer)
and keeps its engine for every file it is given. Files go out in small chunks
with a bounded number in flight, so memory stays flat however many files
there are, and results come back in input order so reports are deterministic.
A worker that dies (a crash in the C engine) breaks the pool: the chunks in
flight are then re-run one file at a time in a fresh pool, so only the file
that crashes it becomes an error row; any other failure on a file becomes
that file's error row too. Workers ignore Ctrl-C (the parent stops them) and
exit on their own when the parent dies, so a killed audit leaves no orphans.
Ctrl-C and SIGTERM only set a flag, checked between files (never an exception
raised in the middle of the pool's own bookkeeping), so the run stops in a
known state and its caller can clean up. The workers are then asked to stop
after the file each is checking, never killed: a worker killed while sending
its results leaves half a message in the pool's pipe, on which the pool waits forever.
Given a :class:`Post`, each worker also turns its outcomes into what the caller
keeps of them (the audit's rendered report parts), so that work is spread over
the workers too instead of queueing in the parent; and the post may hand back
what an earlier run made of a file unchanged since, without checking it. Such files
are served in the parent, from the first file until one that must be checked: for
them a pool costs more than it saves (starting the workers, sending each part through
a pipe), so an audit of unchanged files starts none. Given the parent's own checker,
the parent readies it (engine, strategy validator) before starting workers, which are
forked with it: no worker then reads the ruleset or registers it with durable again.
Otherwise (or where workers are not forked) a worker builds its checker only for the
first file it has to check.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from ..cache import lasts
from ..cover import Cover
from ..errors import InputError, Problem
from ..findings import Finding
from ..session import Job, Session
from ..sources import open_regular
from .discover import Found

CHUNK = 8


@dataclass(frozen=True)
class Outcome:
    """One file's result, small and picklable."""

    path: str
    mission: str | None
    findings: tuple[Finding, ...] = ()
    problems: tuple[Problem, ...] = ()
    cover: Cover | None = None
    on_purpose: str | None = None
    """For a file that could not be checked: why it is broken on purpose, if its header says so."""
    lasting: bool = False
    """Checking the same bytes again would give the same outcome (not a crash, a checker failure or a timeout)."""

    @property
    def failed(self) -> bool:
        return bool(self.problems)


class Post(Protocol):
    """Picklable; bound in each worker to its ruleset, it maps (outcome, tag, key) to what the caller receives.

    :meth:`reuse` comes first, with no ruleset: what an earlier run made of the file as it is now
    (or None), and a key for it that the bound post is then given to keep what it makes (or None).
    """

    def bind(self, ruleset: Any) -> Callable[[Outcome, Any, str | None], Any]: ...

    def reuse(self, path: str, tag: Any) -> tuple[Any, str | None]: ...


_job: Job | None = None
_spec: Post | None = None  # this process's post, not yet bound to a ruleset
_checker: Any = None  # built, with the bound post, for the first file that has to be checked
_post: Callable[[Outcome, Any, str | None], Any] | None = None
_stop: list[int] = []  # the signal that asked the run to stop, if one did
_halt: Any = None  # in a worker: the parent's event asking it to stop after the file it is checking
_ON_PURPOSE = re.compile(rb"^#[^\r\n]*?\bpocrules:\s*(broken on purpose\b[^\r\n]{0,120})",
                         re.MULTILINE | re.IGNORECASE)


class Interrupted(Exception):
    """The run was stopped by Ctrl-C or SIGTERM; carries the exit status to use."""

    def __init__(self, signum: int) -> None:
        self.status = 128 + signum
        super().__init__(signal.Signals(signum).name)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Within this block, Ctrl-C and SIGTERM make :func:`run` stop and raise :class:`Interrupted`."""
    def note(signum: int, frame: object) -> None:
        _stop.append(signum)

    _stop.clear()
    previous = {s: signal.signal(s, note) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _stopping() -> None:
    if _stop:
        raise Interrupted(_stop[0])


def _init(job: Job, post: Post | None, halt: Any) -> None:
    """A worker's start: Ctrl-C is the parent's to handle (it sets ``halt``), the parent's death ends it."""
    global _halt
    _halt = halt
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited through fork
    _die_with(os.getppid())
    _prepare(job, post)


def _prepare(job: Job, post: Post | None) -> None:
    """What this process will check with, built by :func:`_build` only once a file has to be checked.

    A checker this process already has for this very job and post is kept: a forked
    worker is given the parent's objects themselves, and with them the parent's checker.
    """
    global _job, _spec, _checker, _post
    if _job is not job or _spec is not post:
        _job, _spec, _checker, _post = job, post, None, None


def _adopt(job: Job, post: Post | None, checker: Any) -> None:
    """Check ``job`` with ``checker`` (the caller's own) in this process and in workers forked from it."""
    global _job, _spec, _checker, _post
    if _job is not job or _spec is not post or _checker is not checker:
        _job, _spec, _checker = job, post, checker
        _post = post.bind(checker.ruleset) if post is not None else None


def _build(job: Job, post: Post | None) -> None:
    global _checker, _post
    _prepare(job, post)
    _checker = Session.rebuild(job).checker(use_waivers=job.use_waivers, use_cache=job.use_cache)
    _post = post.bind(_checker.ruleset) if post is not None else None


def _die_with(parent: int) -> None:
    """Exit as soon as the parent is gone (reparented), instead of waiting forever for work."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _check(paths: list[str], tags: list[Any] | None = None) -> list[Any]:
    """What the post makes of each file (an earlier run's, if the file is unchanged), else its outcome.

    The files of a chunk are all checked first and their outcomes posted after: checking and
    rendering in turn, file by file, each evicted the other's code and data from the processor's
    caches (in an audit both ran about half as fast again: 0.5 ms CPU a file lost).
    """
    done: list[Any] = []
    for start in range(0, len(paths), CHUNK):  # so memory stays bounded for any caller
        posting = []  # (where in done, outcome, tag, key)
        for path, tag in zip(paths[start:start + CHUNK], tags[start:start + CHUNK] if tags else [None] * CHUNK):
            if _halt is not None and _halt.is_set():
                break  # the parent is stopping: the rest of this chunk would never be read
            if _spec is None or tags is None:
                done.append(_check_one(path))
                continue
            earlier, key = _spec.reuse(path, tag)
            done.append(earlier)
            if earlier is None:
                posting.append((len(done) - 1, _check_one(path), tag, key))
        for at, outcome, tag, key in posting:
            done[at] = _post(outcome, tag, key)
    return done


def _check_one(path: str) -> Outcome:
    if _checker is None:
        _build(_job, _spec)
    try:
        result = _checker.check(path)
    except Exception as exc:  # noqa: BLE001 - one file's fault must not end the audit
        return failed(path, f"the checker failed on this file ({type(exc).__name__}: {exc}); "
                            "the audit went on with the other files")
    lasting = lasts(result.findings)
    if not result.error:
        return Outcome(result.path, result.mission, result.findings, cover=result.cover, lasting=lasting)
    return Outcome(result.path, result.mission, problems=tuple(result.error.problems), on_purpose=on_purpose(path),
                   lasting=lasting)


def on_purpose(path: str) -> str | None:
    """'broken on purpose …' when the file's header comment says so (test and tutorial files)."""
    try:
        with open_regular(path) as handle:  # a file swapped for a pipe must not block
            head = handle.read(2048)
    except (InputError, OSError):
        return None
    match = _ON_PURPOSE.search(head)
    return match.group(1).decode("utf-8", "replace").strip() if match else None


def failed(path: str, reason: str) -> Outcome:
    return Outcome(path, None, problems=(Problem(reason),))


def crashed(path: str) -> Outcome:
    return failed(path, "the checker crashed on this file (its worker process died); "
                        "it was isolated and the other files were checked")


def run(job: Job, found: list[Found], jobs: int, progress: Callable[[int], None] = lambda n: None,
        post: Post | None = None, tags: list[Any] | None = None, checker: Any = None) -> Iterator[Any]:
    """Outcomes for ``found``, in its order; a path discovery could not use is an error row as it is.

    With ``post``, what it makes of each outcome and the file's tag (``tags``, one per file of ``found``) instead.
    ``checker``: the caller's checker for ``job``, used here and by forked workers rather than built again.
    """
    tags = tags if post is not None and tags is not None else [None] * len(found)
    usable = [i for i, f in enumerate(found) if f.problem is None]
    if checker is not None:
        _adopt(job, post, checker)
    here = _Here(job, post)
    checked = _run(job, [str(found[i].path) for i in usable], [tags[i] for i in usable], jobs, progress, post, here)
    try:
        for f, tag in zip(found, tags):
            if f.problem is None:
                yield next(checked)
            else:
                yield here(failed(str(f.path), f"this path {f.problem}"), tag)
                progress(1)
        next(checked, None)  # let the workers finish and shut down in order
    finally:
        checked.close()


class _Here:
    """``post`` in the parent, for the files no worker returned (bound to a ruleset only if one is needed)."""

    def __init__(self, job: Job, post: Post | None) -> None:
        self.job, self.post = job, post
        self.bound: Callable[[Outcome, Any, str | None], Any] | None = None

    def __call__(self, outcome: Outcome, tag: Any) -> Any:
        if self.post is None:
            return outcome
        if self.bound is None:
            self.bound = self.post.bind(Session.rebuild(self.job).ruleset)
        return self.bound(outcome, tag, None)


def _run(job: Job, names: list[str], tags: list[Any], jobs: int, progress: Callable[[int], None],
         post: Post | None, here: _Here) -> Iterator[Any]:
    if not names:
        return
    if jobs <= 1:
        _prepare(job, post)
        for start in range(0, len(names), CHUNK):  # in chunks, as a worker checks them (see _check)
            _stopping()
            done = _check(names[start:start + CHUNK], tags[start:start + CHUNK])
            yield from done
            progress(len(done))
        return
    served = 0
    for name, tag in zip(names, tags) if post is not None else ():
        _stopping()
        earlier, _ = post.reuse(name, tag)
        if earlier is None:
            break  # this file and the rest go to the workers, which reuse what they can too
        yield earlier
        progress(1)
        served += 1
    names, tags = names[served:], tags[served:]
    if not names:
        return
    if _checker is not None and _job is job and _spec is post:
        # before the fork, so that each worker starts with the engine and validator built; if building
        # fails, each worker fails to build it again on its files, which report the failure as before
        with contextlib.suppress(Exception):
            _checker.ready()
    chunks = [(names[i:i + CHUNK], tags[i:i + CHUNK]) for i in range(0, len(names), CHUNK)]
    halt = multiprocessing.Event()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(job, post, halt))
    in_flight: dict[int, Future] = {}
    next_submit = 0
    try:
        for index in range(len(chunks)):
            while next_submit < len(chunks) and len(in_flight) < jobs * 4:
                in_flight[next_submit] = pool.submit(_check, *chunks[next_submit])
                next_submit += 1
            future = in_flight.pop(index)
            while not wait([future], timeout=0.2).done:
                _stopping()
            _stopping()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                outcomes = _isolate(job, post, here, halt, *chunks[index])
                pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(job, post, halt))
                resubmit = sorted(in_flight)
                in_flight = {i: pool.submit(_check, *chunks[i]) for i in resubmit}
            yield from outcomes
            progress(len(outcomes))
    except BaseException:  # interrupted, or the consumer stopped: the workers stop after their current file
        halt.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolate(job: Job, post: Post | None, here: _Here, halt: Any, chunk: list[str], tags: list[Any]) -> list[Any]:
    """Re-run a chunk whose worker died, one file per fresh worker, to find the culprit."""
    out = []
    for path, tag in zip(chunk, tags):
        with ProcessPoolExecutor(max_workers=1, initializer=_init, initargs=(job, post, halt)) as single:
            try:
                out.extend(single.submit(_check, [path], [tag]).result())
            except BrokenProcessPool:
                out.append(here(crashed(path), tag))
    return out

"""From effective settings to a compiled ruleset and a checker: shared by every command.

Kept apart from the CLI so that commands stay thin and tests can build the same
objects the command line does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .config import Effective
from .errors import UsageError


@dataclass(frozen=True)
class Job:
    """Everything a batch worker needs to rebuild a session in its own process."""

    ruleset: list[str]
    params: dict[str, dict[str, Any]]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    engine: str
    as_of: dt.date
    severities: dict[str, str]
    waivers: str | None
    use_waivers: bool = True
    use_cache: bool = False


@dataclass
class Session:
    settings: Effective

    @property
    def as_of(self) -> dt.date:
        return self.settings["as_of"] or dt.date.today()

    @cached_property
    def ruleset(self) -> Any:
        from . import cache
        from .policy import Selection
        from .rules import stored

        s = self.settings
        selection = Selection(tuple(s["select"]), tuple(s["ignore"]))
        full = stored.load(s["ruleset"], params=s["params"], severities=s["rules"])
        unknown = selection.unknown(r.rule for r in full.rules)
        if unknown:
            raise UsageError(f"--select/--ignore '{unknown[0]}' matches no rule id, requirement id or tag "
                             "(see `pocrules rules`)")
        if not (s["select"] or s["ignore"]):
            return full
        # the rules kept are known as well as the ruleset (so the durable engine's translation is kept for them too)
        source = None if full.source is None else cache.fingerprint(full.source, selection)
        return replace(full.only(selection), source=source)

    @cached_property
    def engine(self) -> Any:
        """The engine, its name checked now but built only when a document is evaluated."""
        from . import engine as engines

        return engines.Deferred(self.ruleset, self.settings["engine"])

    def checker(self, *, use_waivers: bool = True, use_cache: bool = False) -> Any:
        from . import waivers
        from .check import Checker

        entries = waivers.load_file(self.settings["waivers"]) if (use_waivers and self.settings["waivers"]) else []
        checker = Checker(self.ruleset, self.engine, self.as_of, waivers=entries, use_waivers=use_waivers)
        if use_cache:
            from . import cache

            context = cache.fingerprint(self.ruleset.rules, self.engine.name, self.as_of, entries, use_waivers)
            checker.results = cache.ResultsCache(cache.directory(), context)
        return checker

    @classmethod
    def rebuild(cls, job: Job) -> Session:
        """The session a :class:`Job` describes, in a worker process."""
        from .config import DEFAULTS

        return cls(Effective({**DEFAULTS, "ruleset": job.ruleset, "params": job.params, "select": list(job.select),
                              "ignore": list(job.ignore), "engine": job.engine, "as_of": job.as_of,
                              "rules": job.severities, "waivers": job.waivers}))

    def job(self, *, use_waivers: bool = True, use_cache: bool = False) -> Job:
        """What batch workers need to rebuild this session in their own process."""
        s = self.settings
        return Job(s["ruleset"], s["params"], tuple(s["select"]), tuple(s["ignore"]), s["engine"], self.as_of,
                   s["rules"], s["waivers"], use_waivers, use_cache)


def config_path(explicit: Path | None, inputs: list[Any]) -> Path | None:
    from .config import find

    if explicit is not None:
        if not explicit.exists():
            raise UsageError(f"no configuration file '{explicit}'")
        return explicit
    start = Path(str(inputs[0])) if inputs else Path.cwd()
    return find(start if start.exists() else Path.cwd())

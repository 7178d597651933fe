"""Engines that evaluate a compiled ruleset over one document's facts.

``durable`` (durable_rules, the default where it imports) and ``python`` (the
reference evaluator) run the same intermediate form and must agree.
"""

from __future__ import annotations

import importlib
from functools import cached_property
from typing import Any

from ..errors import UsageError
from ..rules.ruleset import Ruleset
from .base import EngineStalled, Match

ENGINES = ("durable", "python")


def _durable_missing() -> str | None:
    """What the durable engine needs and cannot import here: durable's C core (all of durable it uses) or orjson."""
    for module in ("durable_rules_engine", "orjson"):
        try:
            importlib.import_module(module)
        except ImportError:
            return module
    return None


def durable_available() -> bool:
    return _durable_missing() is None


def resolve(name: str = "auto") -> str:
    """The engine 'auto' stands for, or ``name`` itself once known to be usable here (UsageError if not)."""
    if name == "auto":
        return "durable" if durable_available() else "python"
    missing = _durable_missing() if name == "durable" else None
    if missing == "durable_rules_engine":
        raise UsageError("the durable engine needs durable-rules, which does not install on this "
                         "Python (3.13+); use --engine python")
    if missing:
        raise UsageError("the durable engine needs orjson, which is not installed: install pocrules again, "
                         "or use --engine python")
    if name not in ENGINES:
        raise UsageError(f"unknown engine '{name}'; expected one of: {', '.join(ENGINES)}")
    return name


def create(ruleset: Ruleset, name: str = "auto"):  # noqa: ANN201 - DurableEngine | ReferenceEngine
    """An engine for ``ruleset``: 'durable', 'python', or 'auto' (durable where available)."""
    if resolve(name) == "durable":
        from .durable import DurableEngine

        return DurableEngine(ruleset)
    from .reference import ReferenceEngine

    return ReferenceEngine(ruleset)


class Deferred:
    """An engine whose name is checked now but which is built on first use.

    Building a durable engine registers every rule with durable; an audit whose
    results all come from the results cache never needs it, in any process.
    """

    def __init__(self, ruleset: Ruleset, name: str = "auto") -> None:
        self.ruleset, self.name = ruleset, resolve(name)

    @cached_property
    def built(self) -> Any:
        return create(self.ruleset, self.name)


def built(engine: Any) -> Any:
    """``engine`` itself, built now if it was deferred."""
    return engine.built if isinstance(engine, Deferred) else engine


__all__ = ["ENGINES", "Deferred", "EngineStalled", "Match", "built", "create", "durable_available", "resolve"]

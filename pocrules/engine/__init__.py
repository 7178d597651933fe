"""Engines that evaluate a compiled ruleset over one document's facts.

``durable`` (durable_rules, the default where it imports) and ``python`` (the
reference evaluator) run the same intermediate form and must agree.
"""

from __future__ import annotations

from ..errors import UsageError
from ..rules.ruleset import Ruleset
from .base import EngineStalled, Match

ENGINES = ("durable", "python")


def durable_available() -> bool:
    try:
        import durable.engine  # noqa: F401
    except ImportError:
        return False
    return True


def create(ruleset: Ruleset, name: str = "auto"):  # noqa: ANN201 - DurableEngine | ReferenceEngine
    """An engine for ``ruleset``: 'durable', 'python', or 'auto' (durable where available)."""
    if name == "auto":
        name = "durable" if durable_available() else "python"
    if name == "durable":
        if not durable_available():
            raise UsageError("the durable engine needs durable-rules, which does not install on this "
                             "Python (3.13+); use --engine python")
        from .durable import DurableEngine

        return DurableEngine(ruleset)
    if name == "python":
        from .reference import ReferenceEngine

        return ReferenceEngine(ruleset)
    raise UsageError(f"unknown engine '{name}'; expected one of: {', '.join(ENGINES)}")


__all__ = ["ENGINES", "EngineStalled", "Match", "create", "durable_available"]

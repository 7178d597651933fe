"""One finding per cause: drop findings that another rule's finding already explains.

A rule lists in ``depends_on`` the rules whose failure is its cause (an empty
implementation matrix explains every "this risk has no activity"). While a
parent reports a finding, the dependant's findings are suppressed and counted
against the parent, so a report shows the cause once. Rules marked
``final_only`` (endorsement, dissemination) are deferred while the strategy is
a draft. Both are decided here, after the engine, so both engines agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .findings import Finding
from .rules.ruleset import Ruleset


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    suppressed: tuple[tuple[str, str, int], ...] = ()
    """(rule, the parent rule that explains it, how many findings were suppressed)."""
    deferred: tuple[str, ...] = ()
    """Rules not judged because the strategy is a draft."""


def settle(found: Iterable[Finding], ruleset: Ruleset, *, draft: bool) -> Outcome:
    found = list(found)
    deferred = ruleset.final_only if draft else ()
    failing = {f.rule for f in found}
    causes = ruleset.causes
    kept, counted = [], Counter()
    for f in found:
        if f.rule in deferred:
            continue
        parent = next((p for p in causes.get(f.rule, ()) if p in failing), None)
        if parent is not None:
            counted[(f.rule, parent)] += 1
        else:
            kept.append(f)
    suppressed = tuple((rule, parent, n) for (rule, parent), n in sorted(counted.items()))
    return Outcome(tuple(kept), suppressed, deferred)

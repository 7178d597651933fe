"""The strategy model: what a POC strategy document may contain, and nothing else."""

from .strategy import Strategy

# The models build their validators when first used (see base.StrictModel); the strategy's own is
# built here, once, so that it is never built inside a document's time budget.
Strategy.model_rebuild()

__all__ = ["Strategy"]

"""The strategy model: what a POC strategy document may contain, and nothing else."""

from .strategy import Strategy

__all__ = ["Strategy"]

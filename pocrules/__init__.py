"""pocrules: check UN peacekeeping POC strategies against the 2011 DPKO/DFS Framework."""

__version__ = "0.1.0"

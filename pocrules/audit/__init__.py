"""Batch audits: many strategies, checked in parallel, summarised across missions."""

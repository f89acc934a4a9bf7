"""Writes that span several models: create a report, draft it from the records, submit it."""

"""Forms: the report forms (reports.py) and the review queue filter (filters.py)."""

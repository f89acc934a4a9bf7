"""Views of the yearly reports and their review (reports.py)."""

"""Reads: statistics of a period (statistics.py), the draft of section 一 (drafts.py), version diffs
(diffing.py), links from a figure to the branch pages (links.py), earlier reports (reports.py)."""

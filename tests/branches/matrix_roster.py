"""Permission-matrix cases of the roster pages."""

CASES = []

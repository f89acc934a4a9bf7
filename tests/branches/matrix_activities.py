"""Permission-matrix cases of the activity pages."""

CASES = []

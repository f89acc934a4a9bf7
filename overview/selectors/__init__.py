"""Reads of the district overview: the compliance matrix (matrix.py), the district figures and
charts (figures.py, see its docstring for the query budget) and the records behind a figure
(drilldown.py)."""

"""The district overview for the education office (see figures.py for the query budget)."""

from .drilldown import records_for
from .figures import SORTS, Overview, build_overview, organizations_in
from .matrix import CELL_LEGEND, CODE_LABELS, as_of, parse_month

__all__ = [
    "CELL_LEGEND",
    "CODE_LABELS",
    "SORTS",
    "Overview",
    "as_of",
    "build_overview",
    "organizations_in",
    "parse_month",
    "records_for",
]

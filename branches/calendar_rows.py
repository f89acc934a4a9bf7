"""Monthly rows that apps above `branches` add to the compliance calendar (e.g. 党费).

Each installed app may have a `calendar_rows` module with
`monthly_cells(request, organization, months, today) -> dict[month start, MonthlyCell]`, where
`months` are the calendar's month windows (branches.periods.Period). They are collected in
INSTALLED_APPS order, the way portal.home collects home panels, so `branches` never imports the
apps above it. A provider runs a fixed number of queries for the whole period and returns {} for
an organisation or a viewer it has nothing for.

The cells are shown next to the required records of each month but do not count towards the
calendar's kept/missing figures: those are the records' (compliance_for), shared with the to-do
list and the district matrix.
"""

import datetime
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

# Besides the compliance states (branches.selectors.compliance.State): nothing is required.
NOT_APPLICABLE = "na"


@dataclass
class MonthlyCell:
    label: str  # e.g. 党费
    state: str  # a compliance State (kept, missing, due, future) or NOT_APPLICABLE
    figure: str = ""  # e.g. "20/21 人"
    status: str = ""  # the state in words, e.g. 已收齐 (never colour alone)
    url: str | None = None  # where the month is kept; None when the viewer may not open it


@cache
def row_providers():
    providers = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.calendar_rows"
        if config.name != "branches" and find_spec(module_name) is not None:
            providers.append(import_module(module_name).monthly_cells)
    return tuple(providers)


def monthly_cells(request, organization, months, today=None):
    """{month start: [MonthlyCell, ...]} from every provider, for each of `months`."""
    today = today or datetime.date.today()
    result = {window.start: [] for window in months}
    for provider in row_providers():
        for month, cell in provider(request, organization, months, today).items():
            if month in result:
                result[month].append(cell)
    return result

"""Panels that apps above `branches` add to a record's page (e.g. members' own confirmations).

Each installed app may have a `record_panels` module with
`panels(request, activity, rows) -> list[str]` (rendered HTML), where `rows` are the record's
attendance rows already loaded by the page. They are collected in INSTALLED_APPS order, the way
portal.home collects home panels, so `branches` never imports the apps above it. A provider runs
a fixed number of queries and returns [] for a record or a viewer it has nothing for.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@cache
def panel_providers():
    providers = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.record_panels"
        if config.name != "branches" and find_spec(module_name) is not None:
            providers.append(import_module(module_name).panels)
    return tuple(providers)


def record_panels(request, activity, rows):
    panels = []
    for provider in panel_providers():
        panels.extend(provider(request, activity, rows))
    return panels

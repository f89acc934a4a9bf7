"""Home-page panels contributed by the apps.

Each installed app may have a `home` module with `panels(request) -> list[str]` (rendered HTML).
The portal collects them in INSTALLED_APPS order, so `portal` never imports the apps above it.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@cache
def panel_providers():
    providers = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.home"
        if config.name != "portal" and find_spec(module_name) is not None:
            providers.append(import_module(module_name).panels)
    return tuple(providers)


def collect_panels(request):
    panels = []
    for provider in panel_providers():
        panels.extend(provider(request))
    return panels

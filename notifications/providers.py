"""Reminder items from the installed apps: every app with a `reminders` module providing
`reminders(organizations, today)` -> a list of dicts

    {"organization": Organization, "kind": str, "title": str, "due": date | None,
     "overdue": bool, "url": str (a path of the portal)}

(branches: the secretary's to-do; dues: arrears; reports: a returned report; any later app the
same way). They are collected in INSTALLED_APPS order, the way portal.home collects home panels,
so the apps never import this one. Each provider runs a fixed number of queries for any number
of organisations, so the reminders of every branch are gathered once and split per user.
"""

import hashlib
from collections import defaultdict
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

FIELDS = ("organization", "kind", "title", "due", "overdue", "url")


@cache
def providers():
    result = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.reminders"
        if config.name != "notifications" and find_spec(module_name) is not None:
            module = import_module(module_name)
            if callable(getattr(module, "reminders", None)):
                result.append(module.reminders)
    return tuple(result)


def collect(organizations, today):
    """{organization id: [item, ...]} from every provider, for each of `organizations`."""
    organizations = list(organizations)
    result = {org.id: [] for org in organizations}
    if not organizations:
        return result
    for provider in providers():
        for item in provider(organizations, today):
            org = item["organization"]
            if org is not None and org.id in result:
                result[org.id].append({name: item.get(name) for name in FIELDS})
    return result


def item_key(item):
    """What names an item from one sync to the next: its kind, organisation, due date, title."""
    org = item["organization"]
    raw = "|".join(
        (item["kind"], str(org.id if org else ""), str(item["due"] or ""), item["title"])
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def by_organization(items):
    grouped = defaultdict(list)
    for item in items:
        grouped[item["organization"]].append(item)
    return grouped

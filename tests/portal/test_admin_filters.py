"""Every admin changelist answers a tampered filter (a huge, negative or non-numeric id, a date
beyond the calendar) with the admin's own "invalid filter" handling or a list, never a 500."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.urls import reverse

from tests.factories import MemberFactory

CHANGELISTS = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)
BAD_VALUES = [
    "99999999999999999999",  # past every 64-bit integer column
    "-99999999999999999999",
    "9223372036854775808",  # one past the largest 64-bit integer
    "2147483648",  # one past the largest 32-bit integer
    "abc",
    "1.5",
    "",
    "1,99999999999999999999",  # a list, as __in filters take it
]
DATE_VALUES = [
    {"__year": "99999999999999999999"},
    {"__year": "9999"},
    {"__year": "9999", "__month": "12"},
    {"__year": "9999", "__month": "12", "__day": "31"},
    {"__year": "0"},
    {"__year": "2025", "__month": "13"},
    {"__year": "2025", "__month": "2", "__day": "30"},
]


def filter_parameters(model_admin, changelist):
    """The query-string names the changelist's filters read, and the bare field of each filter
    (`?group=` as well as the sidebar's `?group__id__exact=`)."""
    names = set()
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    for entry in model_admin.list_filter:
        if isinstance(entry, str):
            names.add(entry)
        elif isinstance(entry, tuple | list):
            names.add(entry[0])
    names.update({"id", "pk"})
    return sorted(names)


def mishandled(client, url):
    """None when the page is a list or the admin's "invalid filter" redirect; else what it was."""
    response = client.get(url)
    if response.status_code == 302 and response["Location"].endswith(f"?{ERROR_FLAG}=1"):
        response = client.get(response["Location"])
    return None if response.status_code == 200 else (url, response.status_code)


@pytest.mark.parametrize(("app_label", "model_name"), CHANGELISTS)
def test_every_admin_filter_refuses_out_of_range_and_non_numeric_values(
    world, client_for, app_label, model_name
):
    MemberFactory(organization=world.branch_a, group=world.group_a)
    client = client_for(world.admin)
    client.raise_request_exception = False
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    page = client.get(url)
    assert page.status_code == 200
    model_admin = page.context["cl"].model_admin
    queries = [
        f"{name}={value}"
        for name in filter_parameters(model_admin, page.context["cl"])
        for value in BAD_VALUES
    ]
    if model_admin.date_hierarchy:
        queries += [
            "&".join(f"{model_admin.date_hierarchy}{k}={v}" for k, v in values.items())
            for values in DATE_VALUES
        ]
    failures = [failure for q in queries if (failure := mishandled(client, f"{url}?{q}"))]
    assert failures == []


def test_the_reported_huge_group_id_is_an_invalid_filter_not_a_500(world, client_for):
    client = client_for(world.admin)
    response = client.get(
        reverse("admin:branches_member_changelist") + "?group=99999999999999999999"
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?{ERROR_FLAG}=1")

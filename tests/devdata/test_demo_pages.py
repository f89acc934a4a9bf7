"""Every demo record opens: the edit page and the page of each record of each kind, as the site
admin (who may edit everything), on the data `manage.py load_demo` builds.

Loading the demo takes a while, so this module loads it ONCE inside a transaction that is rolled
back when the module ends (as tests/devdata/test_demo_data.py does); each test runs in a savepoint on top.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from branches.models import Activity, Committee, Honour, Member
from branches.models.activities import Kind
from reports.models import Report


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def admin_client(demo, db, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def assert_opens(client, urls):
    broken = []
    for url in urls:
        status = client.get(url).status_code
        if status != 200:
            broken.append((url, status))
    assert not broken


def sample(queryset, *shape):
    """The first and the last row of each combination of the `shape` fields: every kind of row
    the demo has (all ~1,300 records take minutes to open; their shapes are few)."""
    seen = {}
    for row in queryset.order_by("pk"):
        key = tuple(getattr(row, name) for name in shape)
        seen.setdefault(key, []).append(row)
    return [
        row
        for rows in seen.values()
        for row in {rows[0].pk: rows[0], rows[-1].pk: rows[-1]}.values()
    ]


@pytest.mark.parametrize("kind", Kind.values)
def test_demo_records_of_each_kind_open_for_editing_and_reading(admin_client, kind):
    records = Activity.objects.filter(kind=kind)
    shape = ("organization_id", "status", "group_id", "end_date_is_set")
    records = records.annotate(end_date_is_set=Q(end_date__isnull=False))
    picked = sample(records, *shape)
    assert picked, f"the demo has no {kind} record"
    names = ("branches:activity_edit", "branches:activity")
    assert_opens(admin_client, [reverse(name, args=[r.pk]) for r in picked for name in names])


def test_demo_members_open_for_editing_reading_and_a_movement(admin_client):
    members = Member.objects.annotate(has_left=Q(left_on__isnull=False))
    picked = sample(members, "organization_id", "has_left", "group_id")
    assert len(picked) > 10
    names = ("branches:member_edit", "branches:member", "branches:movement_create")
    assert_opens(admin_client, [reverse(name, args=[m.pk]) for m in picked for name in names])


def test_every_demo_committee_and_honour_opens_for_editing(admin_client):
    urls = [
        reverse("branches:committee_edit", args=[pk])
        for pk in Committee.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("branches:honour_edit", args=[pk])
        for pk in Honour.objects.values_list("pk", flat=True)
    ]
    assert len(urls) > 2
    assert_opens(admin_client, urls)


def test_every_demo_report_opens_and_every_editable_one_for_editing(admin_client):
    reports = list(Report.objects.all())
    urls = [reverse("reports:detail", args=[r.pk]) for r in reports]
    urls += [reverse("reports:edit", args=[r.pk]) for r in reports if r.is_editable]
    assert any(r.is_editable for r in reports)
    assert_opens(admin_client, urls)

"""The development pages run a constant number of queries however many people and steps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.development.helpers import (
    D,
    applicant,
    full_members,
    pipeline_for,
    record,
    voted_meeting,
)
from tests.factories import committee


def _people(branch, n, start):
    for i in range(start, start + n):
        pipeline = pipeline_for(applicant(branch, f"申请{i}"))
        record(pipeline, 1, D(2024, 1, 5))
        record(pipeline, 2, D(2024, 1, 20))
        _m, item = voted_meeting(branch, "committee_meeting", D(2024, 3, 1 + i % 20))
        record(pipeline, 3, None, agenda_item=item, meeting=item.activity)
        record(pipeline, 6, D(2024, 9, 1))


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page",
    ["index", "district", "home", "person", "record", "lists", "admin_pipelines", "admin_steps"],
)
def test_pages_keep_their_query_count_as_data_grows(world, client_for, page):
    committee(world.branch_a, full_members(world.branch_a, 3))
    _people(world.branch_a, 2, 0)
    first = world.branch_a.members.filter(pipeline__isnull=False).order_by("id").first()
    user = world.reviewer_d1 if page == "district" else world.secretary_a
    client = client_for(user)
    urls = {
        "index": reverse("development:index", args=[world.branch_a.pk]),
        "district": reverse("development:district", args=[world.district1.pk]),
        "home": reverse("home"),
        "person": reverse("development:person", args=[first.pk]),
        "record": reverse("development:record", args=[first.pk]),
        "lists": reverse("development:lists", args=[world.branch_a.pk, "activists", "xlsx"]),
        "admin_pipelines": reverse("admin:development_pipeline_changelist"),
        "admin_steps": reverse("admin:development_step_changelist"),
    }
    small = _count(client, urls[page])
    _people(world.branch_a, 6, 2)
    for _i in range(4):  # more steps of the first person too
        record(first.pipeline, 6, D(2025, 3, 1))
    assert _count(client, urls[page]) == small

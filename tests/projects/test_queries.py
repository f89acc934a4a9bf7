"""The projects pages run a number of queries that does not grow with the projects, their records,
people, milestones and honours (each page is rendered with a little and with much more data)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Milestone, ProjectRecord
from tests.factories import HonourFactory, member, record
from tests.projects.helpers import project_of


def _grow(world, project, n):
    """n more members, records tagged with the project, milestones, honours and projects."""
    for i in range(n):
        person = member(world.branch_a, f"成员{project.pk}-{i:02d}")
        project.team.add(person)
        day = datetime.date(2026, 5, 1) + datetime.timedelta(days=i)
        activity = record(world.branch_a, "volunteer", day, hours=Decimal("2"), topic=f"服务{i}")
        ProjectRecord.objects.create(project=project, activity=activity)
        Milestone.objects.create(project=project, date=day, title=f"节点{i}")
        honour = HonourFactory(organization=world.branch_a, recipient="organization", member=None)
        project.honours.add(honour)
    project_of(world, title=f"另一个项目{n}", records=False)


PAGES = [
    # (user role, url name, kwargs(world, project)) -> the same number of queries with more data
    ("secretary_a", "projects:list", lambda w, p: {"pk": w.branch_a.pk}),
    ("secretary_a", "projects:detail", lambda w, p: {"pk": p.pk}),
    ("secretary_a", "projects:tag_records", lambda w, p: {"pk": p.pk}),
    ("secretary_a", "projects:link_honours", lambda w, p: {"pk": p.pk}),
    ("reviewer_d1", "projects:district", lambda w, p: {"pk": w.district1.pk}),
    ("reviewer_d1", "projects:district_export", lambda w, p: {"pk": w.district1.pk}),
]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("role", "name", "kwargs"), PAGES, ids=[p[1] for p in PAGES])
def test_projects_pages_run_the_same_queries_for_little_and_much_data(
    world, client_for, role, name, kwargs
):
    project = project_of(world)
    client = client_for(getattr(world, role))
    url = reverse(name, kwargs=kwargs(world, project))
    _grow(world, project, 1)
    few = _count(client, url)
    _grow(world, project, 12)
    for _i in range(5):  # records of the branch not tagged yet (the tag page lists them)
        record(world.branch_a, "study", datetime.date(2026, 6, 1), topic="未关联的学习")
    assert _count(client, url) == few
    assert few <= 30

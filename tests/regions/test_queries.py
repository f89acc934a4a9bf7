"""The roll-up and 党内统计 pages run the same number of queries whatever the size of the area."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Movement, Organization
from branches.services.roster import record_movement
from dues.models import DuesBase
from tests import factories


def grow(world, n):
    """Add a district of 常州市 with two schools: a 党委 with a branch, and a branch; members,
    a committee, a movement, a 党费 base and a report."""
    district = factories.DistrictFactory(city="常州市", name=f"增长{n}区")
    for s in range(2):
        school = factories.SchoolFactory(district=district, name=f"增长{n}-{s}学校")
        top = factories.OrganizationFactory(
            school=school, name=f"党委{n}{s}", kind=Organization.Kind.COMMITTEE
        )
        branch = factories.OrganizationFactory(school=school, name=f"支部{n}{s}", parent=top)
        people = [
            factories.member(branch, f"党员{n}{s}{i}", birth_date=datetime.date(1970 + i, 1, 1))
            for i in range(4)
        ]
        factories.committee(branch, people[:3])
        record_movement(
            member=people[3], kind=Movement.Kind.TRANSFER_OUT, date=datetime.date(2026, 3, 1)
        )
        DuesBase.objects.create(
            member=people[0], effective_month=datetime.date(2026, 1, 1), wage=4000
        )
        factories.make_report(branch, world.admin, year=datetime.date.today().year)
    return district


def count(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def pages(region_world):
    w = region_world
    return [
        (w.province, reverse("regions:rollup_province", args=["江苏省"])),
        (w.city, reverse("regions:rollup_city", args=["江苏省", "常州市"])),
        (w.city, reverse("regions:rollup_district", args=[w.district1.pk])),
        (w.city, reverse("regions:rollup_school", args=[w.school_a.pk])),
        (w.province, reverse("regions:stats_province", args=["江苏省"])),
        (w.city, reverse("regions:stats_city", args=["江苏省", "常州市"])),
        (w.city, reverse("regions:stats_district", args=[w.district1.pk])),
        (w.secretary_a, reverse("regions:stats_organization", args=[w.branch_a.pk])),
        (w.province, reverse("regions:stats_province_people", args=["江苏省"])),
    ]


def test_query_counts_do_not_grow_with_the_area(region_world, pages, client):
    w = region_world
    factories.member(w.branch_a, "甲一", birth_date=datetime.date(1980, 1, 1))
    drill = {"table": "age", "cell": "41—45岁"}
    before = []
    for user, url in pages:
        client.force_login(user)
        before.append(count(client, url, drill if "people" in url else None))
    for n in range(3):
        grown = grow(w, n)
        # the school and district pages grow inside them too
        school = factories.SchoolFactory(district=w.district1, name=f"新校{n}")
        factories.member(factories.OrganizationFactory(school=school, name=f"新支部{n}"), f"新{n}")
        for i in range(3):
            factories.member(w.branch_a, f"甲{n}{i}", birth_date=datetime.date(1982, 1, 1))
        factories.OrganizationFactory(school=w.school_a, name=f"甲校支部{n}")
        assert grown.province == "江苏省"
    after = []
    for user, url in pages:
        client.force_login(user)
        after.append(count(client, url, drill if "people" in url else None))
    assert after == before, list(zip([url for _u, url in pages], before, after, strict=True))

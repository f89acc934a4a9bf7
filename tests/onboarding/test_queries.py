"""The district administrator's pages run the same number of queries for 1 school or 7."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import OrganizationRole
from onboarding.models import AccountContact
from onboarding.services import hand_over
from tests import factories


def _grow(world, n):
    for i in range(n):
        school = factories.SchoolFactory(district=world.district1, name=f"学校{i}")
        parent = factories.OrganizationFactory(school=school, name=f"学校{i}党委", kind="committee")
        for j in range(2):
            org = factories.OrganizationFactory(
                school=school, name=f"学校{i}第{j}支部", parent=parent
            )
            user = factories.UserFactory(username=f"sec_{i}_{j}")
            AccountContact.objects.create(user=user, phone="13812345678")
            factories.OrganizationRoleFactory(user=user, organization=org)
            factories.OrganizationRoleFactory(
                user=factories.UserFactory(username=f"cm_{i}_{j}"),
                organization=org,
                role=OrganizationRole.Role.COMMITTEE,
            )
            successor = factories.UserFactory(username=f"next_{i}_{j}")
            hand_over(
                organization=world.branch_a,
                successor=successor,
                on=datetime.date.today(),
                actor=None,
            )
            hand_over(  # dated ahead: listed as pending on the district page
                organization=org,
                successor=factories.UserFactory(username=f"later_{i}_{j}"),
                on=datetime.date.today() + datetime.timedelta(days=30),
                actor=None,
            )
    hand_over(
        organization=world.branch_a,
        successor=factories.UserFactory(username="later_a"),
        on=datetime.date.today() + datetime.timedelta(days=30),
        actor=None,
    )
    school = world.branch_a.school
    for k in range(3):  # history rows of the correction pages
        school.name = f"{school.name}{k}"
        school.save()
        world.branch_a.name = f"{world.branch_a.name}{k}"
        world.branch_a.save()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_district_pages_have_constant_query_counts(world, district_admin, client_for):
    client = client_for(district_admin)
    urls = [
        reverse("onboarding:district", args=[world.district1.pk]),
        reverse("onboarding:handover", args=[world.district1.pk, world.branch_a.pk]),
        reverse("home"),
        reverse("onboarding:organization", args=[world.district1.pk, world.branch_a.pk]),
        reverse("onboarding:school_edit", args=[world.district1.pk, world.branch_a.school_id]),
        reverse("onboarding:organization_edit", args=[world.district1.pk, world.branch_a.pk]),
    ]
    few = [_count(client, url) for url in urls]
    _grow(world, 6)
    client = client_for(district_admin)
    many = [_count(client, url) for url in urls]
    assert few == many
    # district page: session, user, 2 role rows, district, schools, organisations, roles (with
    # user and contact), accounts, pending hand-overs; hand-over page: session, user, 2 role
    # rows, district, organisation, hand-overs, pending; organisation page: + accounts check,
    # roles, pending, groups; correction pages: + the row, its history with users, their diffs.
    assert few == [10, 8, 6, 9, 9, 9]

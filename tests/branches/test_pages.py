from django.urls import reverse

from tests import factories
from tests.utils import get_ok


def test_organisation_page_shows_groups_and_roles(world, client_for):
    body = (
        client_for(world.secretary_a)
        .get(reverse("branches:organization", args=[world.branch_a.pk]))
        .content.decode()
    )
    assert "第一党小组" in body
    assert "甲书记" in body


def test_reviewer_reads_organisation_page_as_read_only(world, client_for):
    body = (
        client_for(world.reviewer_d1)
        .get(reverse("branches:organization", args=[world.branch_a.pk]))
        .content.decode()
    )
    assert "只读" in body


def test_district_page_lists_schools_and_organisations(world, client_for):
    body = (
        client_for(world.reviewer_d1)
        .get(reverse("branches:district", args=[world.district1.pk]))
        .content.decode()
    )
    assert "龙虎塘第二实验小学党支部" in body
    assert "大坪小学" not in body


# Session, user, role rows (2), organisations under the user's, the organisation with school and
# district, its child organisations with group counts, its party groups, its people's roles.
ORGANISATION_PAGE_QUERIES = 9


def test_organisation_page_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    client = client_for(world.secretary_a)
    url = reverse("branches:organization", args=[world.branch_a.pk])
    with django_assert_num_queries(ORGANISATION_PAGE_QUERIES):
        get_ok(client, url)
    for _ in range(6):
        factories.PartyGroupFactory(organization=world.branch_a)
        factories.OrganizationRoleFactory(organization=world.branch_a)
    client = client_for(world.secretary_a)
    with django_assert_num_queries(ORGANISATION_PAGE_QUERIES):
        get_ok(client, url)


# Session, user, role rows (2), the district, its schools, their organisations with group counts.
DISTRICT_PAGE_QUERIES = 7


def test_district_page_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    client = client_for(world.reviewer_d1)
    url = reverse("branches:district", args=[world.district1.pk])
    with django_assert_num_queries(DISTRICT_PAGE_QUERIES):
        get_ok(client, url)
    for _ in range(6):
        org = factories.OrganizationFactory(
            school=factories.SchoolFactory(district=world.district1)
        )
        factories.PartyGroupFactory(organization=org)
    client = client_for(world.reviewer_d1)
    with django_assert_num_queries(DISTRICT_PAGE_QUERIES):
        get_ok(client, url)

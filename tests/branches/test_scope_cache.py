"""The scope of a user kept between requests (branches.scope_cache): read without a query while
nothing changed, never read after a change of their roles or of the organisation tree."""

import pytest
from django.contrib import admin
from django.urls import reverse

from branches.models import DistrictReviewer, Organization, OrganizationRole
from branches.scope import scope_for
from portal.models import User
from tests import factories

pytestmark = pytest.mark.usefixtures("scope_cache")


@pytest.fixture
def scope_cache(settings):
    settings.SCOPE_CACHE = True  # on in production; the other tests load scopes every time


def _fresh(user):
    """The user as the next request loads them (the session's user query)."""
    return User.objects.get(pk=user.pk)


def test_the_scope_is_read_without_a_query_on_the_next_request(world, django_assert_num_queries):
    first = scope_for(_fresh(world.secretary_a))
    user = _fresh(world.secretary_a)
    with django_assert_num_queries(0):
        assert scope_for(user) == first
    assert first.own_org_ids == {world.branch_a.id}


def test_a_role_granted_or_removed_is_seen_on_the_next_request(world):
    assert world.branch_b.id not in scope_for(_fresh(world.secretary_a)).member_org_ids
    role = OrganizationRole.objects.create(user=world.secretary_a, organization=world.branch_b)
    assert world.branch_b.id in scope_for(_fresh(world.secretary_a)).member_org_ids
    role.delete()
    assert world.branch_b.id not in scope_for(_fresh(world.secretary_a)).member_org_ids


def test_a_reviewer_row_removed_in_bulk_is_seen_on_the_next_request(world):
    assert scope_for(_fresh(world.reviewer_d1)).is_reviewer
    DistrictReviewer.objects.filter(user=world.reviewer_d1).delete()
    assert not scope_for(_fresh(world.reviewer_d1)).is_reviewer


def test_a_new_branch_under_a_committee_joins_its_secretary_s_scope(world):
    committee = factories.OrganizationFactory(
        school=world.school_b, name="大坪小学党委", kind=Organization.Kind.COMMITTEE
    )
    head = factories.UserFactory(username="committee_head")
    OrganizationRole.objects.create(user=head, organization=committee)
    assert world.branch_b.id not in scope_for(_fresh(head)).member_org_ids
    world.branch_b.parent = committee
    world.branch_b.save()
    assert world.branch_b.id in scope_for(_fresh(head)).member_org_ids
    second = factories.OrganizationFactory(
        school=world.school_b, name="大坪小学第二党支部", parent=committee
    )
    assert second.id in scope_for(_fresh(head)).member_org_ids


def test_a_role_removed_in_admin_closes_the_branch_on_the_next_request(world, client):
    client.force_login(world.secretary_a)
    page = reverse("branches:compliance_calendar", args=[world.branch_a.pk])
    assert client.get(page).status_code == 200
    client.force_login(world.admin)
    role = OrganizationRole.objects.get(user=world.secretary_a)
    url = reverse(f"admin:{role._meta.app_label}_{role._meta.model_name}_delete", args=[role.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    client.force_login(world.secretary_a)
    assert client.get(page).status_code in (403, 404)


def test_every_role_model_renews_the_token():
    labels = {model._meta.label for model in __import__("branches").scope_cache.role_models()}
    assert {"branches.OrganizationRole", "branches.DistrictReviewer"} <= labels
    assert admin.site.is_registered(OrganizationRole)

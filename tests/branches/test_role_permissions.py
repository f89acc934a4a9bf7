"""A role is enough: a secretary's or 支委's role brings the roster upkeep in /admin/ (and the wage
upkeep where they keep personal data), without a staff flag or a group; removing the role removes it."""

import pytest
from django.urls import reverse

from branches.models import OrganizationRole
from tests import factories

MEMBERS = "admin:branches_member_changelist"
IMPORT = "admin:branches_member_import"
EXPORT = "admin:branches_member_export"


@pytest.mark.parametrize("role", [OrganizationRole.Role.SECRETARY, OrganizationRole.Role.COMMITTEE])
def test_a_role_opens_the_roster_upkeep_in_admin(role, world, client_for):
    user = factories.UserFactory(username=f"new_{role}")
    factories.OrganizationRoleFactory(user=user, organization=world.branch_a, role=role)
    factories.MemberFactory(organization=world.branch_a, name="本支部党员")
    factories.MemberFactory(organization=world.branch_b, name="外支部党员")
    assert not user.is_staff and not user.groups.exists()
    client = client_for(user)
    page = client.get(reverse(MEMBERS))
    assert page.status_code == 200
    assert "本支部党员" in page.content.decode()
    assert "外支部党员" not in page.content.decode()
    assert client.get(reverse(IMPORT)).status_code == 200
    assert client.get(reverse(EXPORT)).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_removing_the_role_removes_the_admin_access(world, client_for):
    user = factories.UserFactory(username="leaving")
    role = factories.OrganizationRoleFactory(user=user, organization=world.branch_a)
    assert client_for(user).get(reverse(MEMBERS)).status_code == 200
    role.delete()
    user = type(user).objects.get(pk=user.pk)  # a new request: no cached permissions
    response = client_for(user).get(reverse(MEMBERS))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not user.has_perm("branches.change_member")


@pytest.mark.parametrize("role", ["reviewer_d1", "outsider"])
def test_no_roster_role_no_admin(role, world, client_for):
    response = client_for(world.user(role)).get(reverse(MEMBERS))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_wage_upkeep_comes_with_the_secretary_role_only(world):
    committee = factories.UserFactory(username="plain_committee")
    factories.OrganizationRoleFactory(
        user=committee, organization=world.branch_a, role=OrganizationRole.Role.COMMITTEE
    )
    assert world.secretary_a.has_perm("dues.change_duesbase")
    assert not committee.has_perm("dues.change_duesbase")
    assert committee.has_perm("branches.change_member")


def test_a_role_holder_logs_in_to_admin_with_the_portal_login(world, client):
    response = client.post(
        reverse("admin:login"),
        {"username": "secretary_a", "password": "pass-for-tests-2026", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get(reverse(MEMBERS)).status_code == 200

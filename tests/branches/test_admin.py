import pytest
from django.urls import reverse

ADMIN_PAGES = [
    "admin:portal_user_changelist",
    "admin:branches_district_changelist",
    "admin:branches_school_changelist",
    "admin:branches_organization_changelist",
    "admin:branches_partygroup_changelist",
    "admin:branches_organizationrole_changelist",
    "admin:branches_districtreviewer_changelist",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_open_in_chinese(name, world, client_for):
    response = client_for(world.admin).get(reverse(name))
    assert response.status_code == 200
    assert "党建台账 管理后台" in response.content.decode()


def test_admin_user_page_shows_roles_inline(world, client_for):
    response = client_for(world.admin).get(
        reverse("admin:portal_user_change", args=[world.secretary_a.pk])
    )
    body = response.content.decode()
    assert "党组织角色" in body and "龙虎塘第二实验小学党支部" in body


def test_an_account_without_a_role_cannot_open_admin(world, client_for):
    response = client_for(world.outsider).get(reverse("admin:index"))
    assert response.status_code == 302
    # A secretary's role brings the roster upkeep (branches.backends): no staff flag needed.
    assert client_for(world.secretary_a).get(reverse("admin:index")).status_code == 200

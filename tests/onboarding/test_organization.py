"""An organisation's roles and party groups, kept by the district administrator."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from branches.models import OrganizationRole, PartyGroup

User = get_user_model()


def _url(world, org=None):
    return reverse("onboarding:organization", args=[world.district1.pk, (org or world.branch_a).pk])


def test_add_a_committee_member_with_a_new_account(world, district_admin, client_for):
    client = client_for(district_admin)
    data = {
        "action": "role",
        "role": "committee",
        "username": "cm_new",
        "name": "新支委",
        "phone": "13800002222",
    }
    assert client.post(_url(world), data).status_code == 302
    role = OrganizationRole.objects.get(organization=world.branch_a, user__username="cm_new")
    assert role.role == OrganizationRole.Role.COMMITTEE
    page = client.get(_url(world)).content.decode()
    assert "新支委" in page and "138****2222" in page and "13800002222" not in page
    # The new account appears among those to print a slip for.
    district = client.get(
        reverse("onboarding:district", args=[world.district1.pk])
    ).content.decode()
    assert "cm_new" in district


def test_role_form_refuses_in_chinese(world, district_admin, client_for):
    client = client_for(district_admin)
    cases = [
        (
            {"role": "secretary", "username": "sec_two", "name": "二", "phone": "13800002223"},
            "该党组织已有书记",
        ),
        ({"role": "committee", "username": "secretary_a"}, "此人在该党组织已有角色"),
        ({"role": "committee", "username": "secretary_b"}, "本区以外"),
        ({"role": "committee", "username": "brand_new"}, "新账号须填写姓名"),
        (
            {"role": "boss", "username": "brand_new", "name": "某", "phone": "13800002224"},
            "选择一个有效的选项",
        ),
    ]
    before = (User.objects.count(), OrganizationRole.objects.count())
    for data, message in cases:
        response = client.post(_url(world), {"action": "role", **data})
        assert response.status_code == 200, data
        assert message in response.content.decode(), data
    assert (User.objects.count(), OrganizationRole.objects.count()) == before


def test_remove_a_role_takes_the_access_away(world, district_admin, client_for):
    role = OrganizationRole.objects.get(organization=world.branch_a)
    response = client_for(district_admin).post(
        reverse("onboarding:role_remove", args=[world.district1.pk, role.pk])
    )
    assert response.status_code == 302
    assert not OrganizationRole.objects.filter(pk=role.pk).exists()
    page = reverse("branches:organization", args=[world.branch_a.pk])
    assert client_for(User.objects.get(pk=world.secretary_a.pk)).get(page).status_code == 404
    assert (
        OrganizationRole.history.filter(id=role.pk, history_type="-").get().history_user
        == district_admin
    )


def test_add_a_party_group_and_refuse_a_duplicate(world, district_admin, client_for):
    client = client_for(district_admin)
    data = {"action": "group", "group-group_name": "第二党小组"}
    assert client.post(_url(world), data).status_code == 302
    assert PartyGroup.objects.filter(organization=world.branch_a, name="第二党小组").exists()
    response = client.post(_url(world), {"action": "group", "group-group_name": "第一党小组"})
    assert response.status_code == 200
    assert "该党支部已有名为“第一党小组”的党小组" in response.content.decode()
    assert PartyGroup.objects.filter(organization=world.branch_a).count() == 2

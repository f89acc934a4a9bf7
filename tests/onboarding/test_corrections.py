"""A district administrator corrects a school's name and an organisation's name, kind or parent, of
their own district only: a stale edit is refused (409) with the input kept, the history says who
changed what, a duplicate or blank name gets a Chinese message next to the field."""

import pytest
from django.urls import reverse

from branches.models import Organization, PartyGroup, School
from tests import factories
from tests.forms import form_data


def _school_url(world, school=None):
    return reverse(
        "onboarding:school_edit", args=[world.district1.pk, (school or world.school_a).pk]
    )


def _org_url(world, org=None):
    return reverse(
        "onboarding:organization_edit", args=[world.district1.pk, (org or world.branch_a).pk]
    )


@pytest.fixture
def admin_client(district_admin, client):
    client.force_login(district_admin)
    return client


def test_a_school_is_renamed_and_the_history_says_by_whom(world, district_admin, admin_client):
    data = form_data(admin_client.get(_school_url(world)), field="lock_version")
    response = admin_client.post(_school_url(world), {**data, "name": "龙虎塘实验小学"})
    assert response.status_code == 302
    world.school_a.refresh_from_db()
    assert world.school_a.name == "龙虎塘实验小学"
    assert world.school_a.history.latest().history_user == district_admin
    page = admin_client.get(_school_url(world)).content.decode()
    assert "修改记录" in page and "新北管理员" in page and "龙虎塘实验小学" in page
    district = admin_client.get(reverse("onboarding:district", args=[world.district1.pk]))
    assert "龙虎塘实验小学" in district.content.decode()


def test_a_stale_rename_is_refused_with_the_input_kept(world, admin_client):
    data = form_data(admin_client.get(_school_url(world)), field="lock_version")
    other = School.objects.get(pk=world.school_a.pk)
    other.name = "另一个窗口改的校名"
    other.save()
    response = admin_client.post(_school_url(world), {**data, "name": "我改的校名"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "另一个窗口改的校名" in page and 'value="我改的校名"' in page
    world.school_a.refresh_from_db()
    assert world.school_a.name == "另一个窗口改的校名"
    # Posting the page that came back applies the user's input over the latest version.
    again = form_data(response, field="lock_version")
    assert admin_client.post(_school_url(world), again).status_code == 302
    world.school_a.refresh_from_db()
    assert world.school_a.name == "我改的校名"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "请填写学校名称"),
        ("   ", "请填写学校名称"),
        ("另一所学校", "本区已有名为“另一所学校”的学校"),
    ],
)
def test_a_blank_or_taken_school_name_is_refused_in_chinese(world, admin_client, name, message):
    factories.SchoolFactory(district=world.district1, name="另一所学校")
    data = form_data(admin_client.get(_school_url(world)), field="lock_version")
    response = admin_client.post(_school_url(world), {**data, "name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert School.objects.get(pk=world.school_a.pk).name == world.school_a.name


def test_a_name_taken_in_another_district_is_fine(world, admin_client):
    data = form_data(admin_client.get(_school_url(world)), field="lock_version")
    response = admin_client.post(_school_url(world), {**data, "name": world.school_b.name})
    assert response.status_code == 302


def test_an_organisation_is_renamed_and_placed_under_a_new_committee(
    world, district_admin, admin_client
):
    committee = factories.OrganizationFactory(
        school=world.school_a, name="龙虎塘小学党委", kind=Organization.Kind.COMMITTEE
    )
    data = form_data(admin_client.get(_org_url(world)), field="lock_version")
    response = admin_client.post(
        _org_url(world), {**data, "name": "龙虎塘小学第一党支部", "parent": committee.pk}
    )
    assert response.status_code == 302
    org = Organization.objects.get(pk=world.branch_a.pk)
    assert (org.name, org.parent) == ("龙虎塘小学第一党支部", committee)
    latest = org.history.latest()
    assert latest.history_user == district_admin and latest.name == "龙虎塘小学第一党支部"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "请填写党组织名称"),
        ({"name": "同校另一支部"}, "这所学校已有名为“同校另一支部”的党组织"),
        ({"kind": "committee"}, "党小组只能设在党支部之下"),
    ],
)
def test_bad_organisation_corrections_are_refused_in_chinese(world, admin_client, change, message):
    factories.OrganizationFactory(school=world.school_a, name="同校另一支部")
    PartyGroup.objects.get_or_create(organization=world.branch_a, name="第一党小组")
    data = form_data(admin_client.get(_org_url(world)), field="lock_version")
    response = admin_client.post(_org_url(world), {**data, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    org = Organization.objects.get(pk=world.branch_a.pk)
    assert (org.name, org.kind) == (world.branch_a.name, "branch")


def test_a_committee_with_branches_cannot_become_a_branch(world, admin_client):
    committee = factories.OrganizationFactory(
        school=world.school_a, name="龙虎塘小学党委", kind=Organization.Kind.COMMITTEE
    )
    Organization.objects.filter(pk=world.branch_a.pk).update(parent=committee)
    data = form_data(admin_client.get(_org_url(world, committee)), field="lock_version")
    response = admin_client.post(_org_url(world, committee), {**data, "kind": "branch"})
    assert response.status_code == 400
    assert "下级党组织层级须低于它" in response.content.decode()


def test_a_parent_of_another_school_or_below_it_is_not_offered(world, admin_client):
    committee = factories.OrganizationFactory(
        school=world.school_a, name="龙虎塘小学党委", kind=Organization.Kind.COMMITTEE
    )
    Organization.objects.filter(pk=world.branch_a.pk).update(parent=committee)
    data = form_data(admin_client.get(_org_url(world, committee)), field="lock_version")
    for parent in (world.branch_a, world.branch_b):
        response = admin_client.post(_org_url(world, committee), {**data, "parent": parent.pk})
        assert response.status_code == 400
        assert "选择一个有效的选项" in response.content.decode()
    assert Organization.objects.get(pk=committee.pk).parent is None


def test_another_district_s_school_and_organisation_are_not_found(world, admin_client):
    assert admin_client.get(_school_url(world, world.school_b)).status_code == 404
    assert admin_client.get(_org_url(world, world.branch_b)).status_code == 404
    response = admin_client.post(
        _school_url(world, world.school_b), {"name": "改名", "lock_version": "0"}
    )
    assert response.status_code == 404
    assert School.objects.get(pk=world.school_b.pk).name == world.school_b.name

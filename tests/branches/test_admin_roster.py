"""Roster upkeep in /admin/: a staff secretary sees and edits only their own organisation's rows."""

import pytest
from django.urls import reverse

from branches.models import Member
from branches.services.roster import grant_roster_admin
from tests.factories import CommitteeFactory, HonourFactory, MemberFactory


@pytest.fixture
def rows(world):
    grant_roster_admin(user=world.secretary_a)
    return {
        "own_member": MemberFactory(organization=world.branch_a, name="本支部党员"),
        "other_member": MemberFactory(organization=world.branch_b, name="外支部党员"),
        "own_committee": CommitteeFactory(organization=world.branch_a),
        "other_committee": CommitteeFactory(organization=world.branch_b),
        "own_honour": HonourFactory(organization=world.branch_a, title="本支部荣誉"),
        "other_honour": HonourFactory(organization=world.branch_b, title="外支部荣誉"),
    }


@pytest.mark.parametrize("model", ["member", "committee", "honour"])
def test_secretary_changelist_lists_only_their_own_rows(world, client_for, rows, model):
    response = client_for(world.secretary_a).get(reverse(f"admin:branches_{model}_changelist"))
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [rows[f"own_{model}"]]


@pytest.mark.parametrize("model", ["member", "committee", "honour"])
def test_secretary_can_open_their_own_row(world, client_for, rows, model):
    url = reverse(f"admin:branches_{model}_change", args=[rows[f"own_{model}"].pk])
    assert client_for(world.secretary_a).get(url).status_code == 200


@pytest.mark.parametrize("model", ["member", "committee", "honour"])
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_another_branchs_row_by_url_is_404(world, client_for, rows, model, view):
    url = reverse(f"admin:branches_{model}_{view}", args=[rows[f"other_{model}"].pk])
    assert client_for(world.secretary_a).get(url).status_code == 404


def test_posting_to_another_branchs_member_changes_nothing(world, client_for, rows):
    other = rows["other_member"]
    url = reverse("admin:branches_member_change", args=[other.pk])
    response = client_for(world.secretary_a).post(
        url, {"name": "被改", "organization": world.branch_a.pk}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "外支部党员"


def test_organisation_and_group_choices_are_limited_to_their_own(world, client_for, rows):
    response = client_for(world.secretary_a).get(reverse("admin:branches_member_add"))
    form = response.context["adminform"].form
    assert list(form.fields["organization"].queryset) == [world.branch_a]
    assert list(form.fields["group"].queryset) == [world.group_a]


def test_secretary_cannot_move_a_member_into_another_branch(world, client_for, rows):
    own = rows["own_member"]
    url = reverse("admin:branches_member_change", args=[own.pk])
    data = {
        "organization": world.branch_b.pk,
        "name": own.name,
        "gender": "F",
        "ethnicity": "汉族",
        "probation_extension_months": 0,
        "movements-TOTAL_FORMS": 0,
        "movements-INITIAL_FORMS": 0,
    }
    response = client_for(world.secretary_a).post(url, data)
    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    own.refresh_from_db()
    assert own.organization == world.branch_a


def test_secretary_may_not_delete_members(world, client_for, rows):
    url = reverse("admin:branches_member_delete", args=[rows["own_member"].pk])
    assert client_for(world.secretary_a).get(url).status_code == 403
    assert Member.objects.filter(pk=rows["own_member"].pk).exists()


def test_admin_member_list_masks_personal_data(world, client_for, rows):
    member = rows["own_member"]
    member.phone = "13912345678"
    member.save()
    body = (
        client_for(world.secretary_a)
        .get(reverse("admin:branches_member_changelist"))
        .content.decode()
    )
    assert "139****5678" in body and "13912345678" not in body


def test_import_form_offers_only_their_own_organisation(world, client_for, rows):
    response = client_for(world.secretary_a).get(reverse("admin:branches_member_import"))
    assert response.status_code == 200
    assert list(response.context["form"].fields["organization"].queryset) == [world.branch_a]


def test_a_staff_account_without_a_role_cannot_open_the_roster_admin(world, client_for, rows):
    # The role brings the roster permissions (branches.backends), not the staff flag.
    world.outsider.is_staff = True
    world.outsider.save()
    client = client_for(world.outsider)
    assert client.get(reverse("admin:branches_member_changelist")).status_code == 403
    assert client.get(reverse("admin:branches_member_import")).status_code == 403


def test_site_admin_sees_every_branch(world, client_for, rows):
    response = client_for(world.admin).get(reverse("admin:branches_member_changelist"))
    assert len(response.context["cl"].result_list) == 2


def test_granting_roster_admin_twice_changes_nothing(world):
    group = grant_roster_admin(user=world.secretary_a)
    again = grant_roster_admin(user=world.secretary_a)
    assert group == again and world.secretary_a.groups.count() == 1
    assert world.secretary_a.has_perm("branches.change_member")
    assert not world.secretary_a.has_perm("branches.delete_member")


def test_admin_export_holds_only_their_own_members_with_personal_data_masked(
    world, client_for, rows
):
    import io

    import openpyxl

    from branches.exports.resources import MemberResource

    member = rows["own_member"]
    member.phone, member.id_number = "13912345678", "11010519491231002X"
    member.save()
    fields = MemberResource().get_export_order()
    data = {"format": "0", "resource": "0", **{f"memberresource_{name}": "on" for name in fields}}
    response = client_for(world.secretary_a).post(reverse("admin:branches_member_export"), data)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.values]
    assert [row[values[0].index("姓名")] for row in values[1:]] == ["本支部党员"]
    row = values[1]
    assert row[values[0].index("身份证号")] == "1101**********002X"
    assert row[values[0].index("联系电话")] == "139****5678"

"""Audit trail: role changes are recorded, shown as before -> after, and deleted roles restored."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from branches.models import DistrictReviewer, OrganizationRole
from portal.history import history_rows
from tests import factories


def change_role(client, role, new_role):
    url = reverse("admin:branches_organizationrole_change", args=[role.pk])
    data = {"user": role.user_id, "organization": role.organization_id, "role": new_role}
    return client.post(url, data)


def test_admin_role_change_is_recorded_with_who_and_before_after(world, client_for):
    role = world.secretary_a.organization_roles.get()
    response = change_role(client_for(world.admin), role, OrganizationRole.Role.COMMITTEE)
    assert response.status_code == 302
    rows = history_rows(role)
    assert [r.action for r in rows] == ["修改", "新建"]
    latest = rows[0]
    assert latest.who == "管理员"
    assert [(c.label, c.before, c.after) for c in latest.changes] == [("角色", "书记", "支委")]
    # The creation names the related objects, not their ids.
    created = {c.label: c.after for c in rows[1].changes}
    assert created["用户"] == "甲书记"
    assert created["党组织"] == "龙虎塘第二实验小学党支部"


def test_reviewer_roles_have_history_too(world):
    reviewer = DistrictReviewer.objects.get(user=world.reviewer_d1)
    reviewer.district = world.district2
    reviewer.save()
    (change,) = history_rows(reviewer)[0].changes
    assert (change.before, change.after) == ("常州市新北区", "重庆市渝中区")


def test_deleted_role_shows_what_was_removed(world):
    role = world.secretary_b.organization_roles.get()
    role.delete()
    deletion = history_rows(OrganizationRole.history.filter(user=world.secretary_b))[0]
    assert deletion.action == "删除"
    assert {c.label: c.before for c in deletion.changes}["党组织"] == "大坪小学第一党支部"
    assert {c.after for c in deletion.changes} == {"—"}


def test_masked_fields_never_show_the_full_value(world):
    role = world.secretary_a.organization_roles.get()
    rows = history_rows(role, masked_fields={"role": lambda v: "***"})
    assert {c.after for c in rows[0].changes if c.label == "角色"} == {"***"}
    rows = history_rows(role, masked_fields=["user"])
    # Short values are hidden entirely; longer ones keep their last four characters.
    assert {c.after for c in rows[0].changes if c.label == "用户"} == {"****"}


def test_history_rows_query_count_does_not_grow_with_rows(world, django_assert_num_queries):
    # records + users, earlier versions, users named in FKs, organisations named in FKs
    with django_assert_num_queries(4):
        history_rows(OrganizationRole.history.all())
    for _ in range(6):
        role = factories.OrganizationRoleFactory()
        role.role = OrganizationRole.Role.COMMITTEE
        role.save()
    with django_assert_num_queries(4):
        history_rows(OrganizationRole.history.all())


def test_history_partial_renders_rows_and_empty_state(world):
    role = world.secretary_a.organization_roles.get()
    role.role = OrganizationRole.Role.COMMITTEE
    role.save()
    html = render_to_string("partials/history.html", {"history": history_rows(role)})
    assert "修改记录" in html and "书记" in html and "支委" in html and "history-before" in html
    assert "style=" not in html
    assert "还没有修改记录" in render_to_string("partials/history.html", {"history": []})


# --- Admin: restore a deleted role ---------------------------------------------------------------


def test_admin_restores_a_deleted_role_with_its_old_id(world, client_for):
    client = client_for(world.admin)
    role = world.secretary_a.organization_roles.get()
    old_pk = role.pk
    delete_url = reverse("admin:branches_organizationrole_delete", args=[old_pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not OrganizationRole.objects.filter(pk=old_pk).exists()
    home = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert "龙虎塘第二实验小学党支部" not in home
    client = client_for(world.admin)

    changelist = client.get(reverse("admin:branches_organizationrole_changelist"))
    recover_url = reverse("admin:branches_organizationrole_recoverlist")
    assert recover_url in changelist.content.decode()
    listing = client.get(recover_url)
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "甲书记" in body and "管理员" in body
    version_url = listing.context["rows"][0]["url"]

    form = client.get(version_url)
    assert form.status_code == 200
    response = client.post(
        version_url,
        {"user": world.secretary_a.pk, "organization": world.branch_a.pk, "role": "secretary"},
    )
    assert response.status_code == 302
    restored = OrganizationRole.objects.get(pk=old_pk)
    assert restored.user == world.secretary_a and restored.organization == world.branch_a
    assert "没有已删除的记录" in client.get(recover_url).content.decode()
    # The secretary has her branch back.
    home = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert "龙虎塘第二实验小学党支部" in home


@pytest.mark.parametrize("role", ["secretary_a", "reviewer_d1", "outsider"])
def test_only_admins_see_deleted_records(role, world, client_for):
    response = client_for(world.user(role)).get(
        reverse("admin:branches_organizationrole_recoverlist")
    )
    if role == "secretary_a":  # her role lets her into /admin/ (the roster), not to the roles
        assert response.status_code == 403
        return
    assert response.status_code == 302  # the admin sends users without a role to its login page
    assert "/admin/login/" in response["Location"]


def test_staff_without_permissions_cannot_recover(world, client_for):
    staff = factories.UserFactory(username="staff_plain", is_staff=True)
    response = client_for(staff).get(reverse("admin:branches_organizationrole_recoverlist"))
    assert response.status_code == 403

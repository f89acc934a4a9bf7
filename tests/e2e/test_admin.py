"""The Django admin works under the Content-Security-Policy (no console errors), desktop + phone."""

from django.urls import reverse


def test_admin_pages_work_under_the_csp_and_a_deleted_role_is_restored(
    world, page, login, live_server
):
    login(page, world.admin)
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_role("link", name="党组织角色").first.wait_for()

    # A change form with inlines and autocomplete widgets (jQuery + select2 from the admin).
    page.goto(
        live_server.url + reverse("admin:branches_organization_change", args=[world.branch_a.pk])
    )
    page.locator("#organization_form").wait_for()
    page.locator(".add-row a").first.click()  # admin's inline JS adds a row
    page.locator(".select2-selection").first.click()  # autocomplete dropdown opens
    page.locator(".select2-search__field").last.wait_for()
    page.keyboard.press("Escape")

    # Delete secretary B's role, then restore it from the list of deleted records.
    role = world.secretary_b.organization_roles.get()
    page.goto(live_server.url + reverse("admin:branches_organizationrole_delete", args=[role.pk]))
    page.locator("input[type=submit]").first.click()
    page.get_by_role("link", name="已删除记录").click()
    page.get_by_role("link", name=str(role)).click()
    page.locator("input[name=_save]").click()
    page.locator(".messagelist .success").wait_for()
    assert world.secretary_b.organization_roles.filter(pk=role.pk).exists()
    page.goto(live_server.url + reverse("admin:branches_organizationrole_history", args=[role.pk]))
    page.locator("#change-history").wait_for()

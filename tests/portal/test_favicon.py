"""/favicon.ico (asked for by browsers where a page names no icon) leads to the portal's icon."""

from django.templatetags.static import static


def test_favicon_ico_redirects_to_the_portal_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.svg")


def test_admin_pages_name_the_portal_icon(admin_client):
    body = admin_client.get("/admin/").content.decode()
    assert f'rel="icon" href="{static("img/favicon.svg")}"' in body
    assert "css/admin.css" in body

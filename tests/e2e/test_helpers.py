"""The journey helpers themselves work: file upload input, download, phone navigation."""

from tests.e2e.helpers import is_phone


def test_helpers_upload_a_photo_and_open_the_phone_menu(world, page, login, sample_photo, open_nav):
    login(page, world.secretary_a)
    # A file input accepts the sample photo (set_input_files is how journeys attach files).
    page.set_content('<input type="file" id="f">')
    page.locator("#f").set_input_files(sample_photo)
    assert (
        page.evaluate("document.getElementById('f').files[0].size") == sample_photo.stat().st_size
    )
    page.go_back()
    open_nav(page)
    nav = page.get_by_role("link", name="我的支部")
    assert nav.is_visible()
    assert is_phone(page) == (page.viewport_size["width"] == 390)

"""Every role logs in through the real form, sees its own home page, and logs out (desktop + phone)."""

import pytest

# role -> text the home page must show, text it must not show
HOMES = {
    "secretary_a": ("龙虎塘第二实验小学党支部", "大坪小学"),
    "reviewer_d1": ("常州市新北区教育局", "大坪小学"),
    "admin": ("全部区县", "还没有分配"),
    "outsider": ("还没有分配", "龙虎塘"),
}


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_logs_in_sees_own_home_and_logs_out(
    role, world, page, login, url, open_nav, snapshot
):
    shown, hidden = HOMES[role]
    login(page, world.user(role))
    body = page.locator("main")
    assert shown in body.inner_text()
    assert hidden not in body.inner_text()
    # The page fits the screen: nothing forces sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    snapshot(page, "home")

    open_nav(page)
    page.locator(".navbar .dropdown-toggle").click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(url("login"))
    page.goto(url("home"))
    assert page.url.startswith(url("login")), "after logging out, home asks for a login again"
    page.get_by_role("heading", name="登录党建台账").wait_for()


def test_wrong_password_shows_chinese_error(world, page, url):
    page.goto(url("login"))
    page.get_by_label("用户名").fill("secretary_a")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    page.locator(".alert-danger, .invalid-feedback").first.wait_for()
    assert "请输入一个正确的" in page.locator("main").inner_text()
    assert page.url.startswith(url("login"))


def test_repeated_wrong_passwords_lock_the_login_with_a_chinese_message(world, page, url):
    from django.conf import settings

    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(url("login"))
        page.get_by_label("用户名").fill("secretary_a")
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="登录已暂时锁定").wait_for()
    assert "密码连续输错 5 次" in page.locator("main").inner_text()
    # The right password does not get in while the lock lasts.
    page.get_by_role("link", name="返回登录页").click()
    page.get_by_label("用户名").fill("secretary_a")
    page.get_by_label("密码").fill("pass-for-tests-2026")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="登录已暂时锁定").wait_for()

"""A refused save is seen at once, on a phone too: the error summary is in the viewport with the
focus on it, and its links lead to the fields at fault (desktop + phone, 390x844)."""

from playwright.sync_api import expect

from branches.models import Activity
from tests.factories import member


def focused(page, attribute):
    return page.evaluate(f"document.activeElement.hasAttribute({attribute!r})")


def test_a_refused_filing_shows_the_error_summary_focused_at_the_top(
    world, page, login, url, snapshot
):
    for name in ("王芳", "李强", "张敏", "陈静", "刘洋"):
        member(world.branch_a, name)
    login(page, world.secretary_a)
    page.goto(url("branches:activity_create", world.branch_a.pk, "theme_day"))
    page.get_by_label("刘洋", exact=True).uncheck()  # absent, and no reason chosen
    page.get_by_role("button", name="保存").click()  # and no topic either

    summary = page.get_by_role("alert").filter(has_text="请修改以下 2 处")
    expect(summary).to_be_in_viewport()
    assert focused(page, "data-error-summary")
    assert "主题" in summary.inner_text() and "请选择刘洋的缺席原因" in summary.inner_text()
    snapshot(page, "summary")

    summary.get_by_role("link", name="请选择刘洋的缺席原因", exact=False).click()
    reason = page.get_by_label("刘洋的缺席原因")
    expect(reason).to_be_focused()
    expect(reason).to_be_in_viewport()
    assert reason.get_attribute("aria-invalid") == "true"
    reason.select_option(label="病假")
    page.get_by_label("主题").fill("学习党章")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="主题党日：学习党章").wait_for()
    assert Activity.objects.get().attendances.get(present=False).absence_reason == "sick"

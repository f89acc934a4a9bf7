"""Journey: a secretary shows a meeting's QR page; a member, on a phone in another browser,
follows the code's link, logs in and confirms "我参加了"; the secretary's record page shows the
confirmation next to their own tick (a conflict, resolved in one click); an expired code and a
code of another branch are refused with a message."""

import datetime

from selfservice.models import AttendanceCode
from tests import factories
from tests.clock import TODAY

PASSWORD = "pass-for-tests-2026"  # tests/factories.py UserFactory


def test_a_member_confirms_by_qr_link_and_the_secretary_sees_it(
    world, page, phone_page, login, url, snapshot
):
    wang = factories.member(world.branch_a, "王芳")
    factories.member(world.branch_a, "李强")
    account = factories.member_account(wang, username="wangfang")
    meeting = factories.record(
        world.branch_a, "theme_day", TODAY, topic="重温入党誓词", absences={wang.pk: "personal"}
    )
    yesterday = factories.record(
        world.branch_a, "lecture", TODAY - datetime.timedelta(days=1), topic="昨天的党课"
    )
    expired = AttendanceCode.objects.create(activity=yesterday, code="EXP234").code
    foreign = factories.record(world.branch_b, "theme_day", TODAY, status="planned")
    foreign_code = AttendanceCode.objects.create(activity=foreign, code="FRN567").code

    # The secretary opens the record and its QR page.
    login(page, world.secretary_a)
    page.goto(url("branches:activity", pk=meeting.pk))
    page.get_by_role("link", name="签到二维码").click()
    page.locator("svg.checkin-qr").wait_for()
    code = page.locator("#checkin-code").inner_text().strip()
    link = page.locator("#checkin-link").inner_text().strip()
    assert len(code) == 6 and link.endswith(f"/c/{code}/")
    snapshot(page, "qr")

    # The member, on a phone, follows the link, logs in and confirms.
    member = phone_page
    member.goto(link)
    member.get_by_label("用户名").fill(account.user.username)
    member.get_by_label("密码").fill(PASSWORD)
    member.get_by_role("button", name="登录").click()
    member.get_by_text("重温入党誓词").wait_for()
    member.get_by_role("button", name="我参加了").click()
    member.get_by_text("已确认你参加了").wait_for()
    assert member.locator("#checkin-done").is_visible()

    # An expired code and a code of another branch are refused, with the reason.
    member.goto(url("selfservice:confirm", code=expired))
    assert "已过期" in member.locator("#checkin-refusal").inner_text()
    member.goto(url("selfservice:confirm", code=foreign_code))
    assert f"你不是{world.branch_b.name}的党员" in member.locator("#checkin-refusal").inner_text()
    # A mistyped code on the code form.
    member.goto(url("selfservice:enter"))
    member.get_by_label("签到码（6 位）").fill("ABCDEF")
    member.get_by_role("button", name="下一步").click()
    assert "签到码不正确" in member.locator("#checkin-refusal").inner_text()
    # The member's own page lists the meeting as confirmed.
    member.goto(url("selfservice:mine"))
    assert "本人已确认" in member.locator("#own-attendance").inner_text()

    # The secretary's record page shows the confirmation beside their own mark.
    page.goto(url("branches:activity", pk=meeting.pk))
    row = page.locator(".confirmation-row", has_text="王芳")
    assert "与本人确认不一致" in row.inner_text()
    snapshot(page, "conflict")
    row.get_by_role("button", name="将王芳登记为出席").click()
    page.get_by_text("已将王芳登记为出席。").wait_for()
    assert "书记登记：出席" in page.locator(".confirmation-row", has_text="王芳").inner_text()

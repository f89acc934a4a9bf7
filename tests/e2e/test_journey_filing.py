"""Journey 1: a secretary files this month's 支部委员会会议 from the home to-do, with two absentees
and a photo of the sign-in sheet, then finds it in the ledger, in the compliance calendar and
no longer due in the to-do (desktop + phone)."""

from branches.models import Activity
from tests.clock import TODAY
from tests.e2e.helpers import is_phone
from tests.factories import committee, member

COMMITTEE = ["王芳", "李强", "张敏", "刘洋", "陈静"]


def due_items(page):
    """The home to-do's "应开展" items, e.g. "11月 · 支部委员会会议" (exact texts: in January
    "1月 · …" is a substring of last November's overdue "11月 · …")."""
    return page.locator(".activity-todo .todo-due li > span:first-child").all_inner_texts()


def test_secretary_files_committee_meeting_and_finds_it_in_ledger_calendar_and_todo(
    world, page, login, url, sample_photo, snapshot
):
    today = TODAY
    people = [member(world.branch_a, name) for name in COMMITTEE]
    committee(world.branch_a, people, start=today.replace(year=today.year - 1, day=1))
    due_item = f"{today.month}月 · 支部委员会会议"

    # Home: this month's 支委会 is due, with a link to file it.
    login(page, world.secretary_a)
    assert due_item in due_items(page)
    due = page.locator(".activity-todo .todo-due li")
    due.filter(has=page.get_by_text(due_item, exact=True)).get_by_role("link", name="登记").click()
    page.get_by_role("heading", name="登记支部委员会会议").wait_for()

    # The form lists the sitting committee, all present by default; two are unticked.
    page.get_by_label("主题").fill("研究十二月主题党日安排")
    page.get_by_label("地点").fill("学校党员活动室")
    assert page.locator("input.activity-present:checked").count() == len(COMMITTEE)
    page.get_by_label("刘洋", exact=True).uncheck()
    page.get_by_label("刘洋的缺席原因").select_option(label="病假")
    page.get_by_label("陈静", exact=True).uncheck()
    page.get_by_label("陈静的缺席原因").select_option(label="公假")
    page.get_by_label("照片或签到表扫描件（可选）").set_input_files(sample_photo)
    snapshot(page, "form")
    page.get_by_role("button", name="保存").click()

    # The record's page: 应到 5 / 实到 3, the absentees with reasons, the photo attached.
    page.get_by_role("heading", name="支部委员会会议：研究十二月主题党日安排").wait_for()
    facts = page.locator(".activity-facts")
    assert facts.locator(".activity-expected").inner_text() == "5"
    assert facts.locator(".activity-present").inner_text() == "3"
    assert "刘洋（病假）" in facts.inner_text() and "陈静（公假）" in facts.inner_text()
    page.get_by_role("link", name=sample_photo.name).wait_for()
    activity = Activity.objects.get(organization=world.branch_a, kind="committee_meeting")
    assert activity.attachments.count() == 1
    snapshot(page, "record")

    # The ledger lists it with 5/3 and both absentees.
    page.locator(".breadcrumb").get_by_role("link", name="台账").click()
    # (a phone shows it as a card, a wider screen as a table row)
    listing = ".activity-ledger-cards li" if is_phone(page) else "table.activity-ledger tbody tr"
    row = page.locator(listing, has_text="研究十二月主题党日安排")
    row.wait_for()
    assert "5/3" in row.inner_text()
    assert "刘洋（病假）" in row.inner_text() and "陈静（公假）" in row.inner_text()

    # The compliance calendar: this month's 支委会 is kept.
    page.get_by_role("link", name="合规日历").click()
    page.get_by_role("heading", name=f"{today.year}年度合规日历", exact=False).wait_for()
    header = page.get_by_text(f"{today.year}年{today.month}月", exact=True)
    month = page.locator(".compliance-month").filter(has=header)
    month.locator(".slot-kept", has_text="支部委员会会议").wait_for()
    snapshot(page, "calendar")

    # Home: the to-do no longer lists this month's 支委会 as due.
    page.goto(url("home"))
    page.locator(".activity-todo").wait_for()
    assert due_item not in due_items(page)
    assert due_item not in page.locator(".activity-todo .todo-overdue li").all_inner_texts()

"""Changing the date of a record being filed reloads the list of expected members (htmx) and keeps
the absences already typed: two people are unticked with their reasons, the date is moved back a
month (one person had not yet left then, another had not yet come), and the saved record has
those two absences (desktop + phone)."""

import datetime

from branches.models import Activity
from branches.services.roster import record_movement
from tests.clock import TODAY
from tests.factories import member

EARLIER = TODAY - datetime.timedelta(days=30)
MOVED = TODAY - datetime.timedelta(days=10)


def test_changing_the_date_keeps_the_absences_typed_so_far(world, page, login, url, snapshot):
    branch = world.branch_a
    for name in ("王芳", "李强", "张敏", "陈静"):
        member(branch, name)
    record_movement(member=member(branch, "刘洋"), kind="out", date=MOVED)  # left 10 days ago
    member(branch, "赵新", joined_on=MOVED)  # came 10 days ago

    login(page, world.secretary_a)
    page.goto(url("branches:activity_create", branch.pk, "theme_day"))
    page.get_by_label("主题").fill("学习党的二十届四中全会精神")
    page.get_by_label("张敏", exact=True).uncheck()
    page.get_by_label("张敏的缺席原因").select_option(label="病假")
    page.get_by_label("陈静", exact=True).uncheck()
    page.get_by_label("陈静的缺席原因").select_option(label="事假")

    with page.expect_response(lambda response: "date=" in response.url):
        page.locator("#id_date").fill(EARLIER.isoformat())
    notice = page.locator(".activity-roster-change")
    notice.wait_for()
    assert "以下人员不在应到名单：赵新" in notice.inner_text()
    assert "新增应到" in notice.inner_text() and "刘洋" in notice.inner_text()
    assert not page.get_by_label("张敏", exact=True).is_checked()
    assert page.get_by_label("张敏的缺席原因").input_value() == "sick"
    assert page.get_by_label("陈静的缺席原因").input_value() == "personal"
    assert page.get_by_label("刘洋", exact=True).is_checked()
    snapshot(page, "reloaded")
    page.get_by_role("button", name="保存").click()

    page.get_by_role("heading", name="主题党日：学习党的二十届四中全会精神").wait_for()
    activity = Activity.objects.get(organization=branch)
    assert activity.date == EARLIER
    absent = activity.attendances.filter(present=False)
    assert sorted(absent.values_list("member__name", "absence_reason")) == [
        ("张敏", "sick"),
        ("陈静", "personal"),
    ]
    assert activity.attendances.count() == 5  # 刘洋 counts again, 赵新 not yet

"""Filing at phone speed (issue 14): the scenarios of bench/burden.py, at 390x844 with touch,
against the test cast: each within its number of interactions, each saved as filed
(participants, hours, absences and reasons), no page wider than the phone."""

import datetime
import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

from branches.models import Activity
from tests.clock import TODAY
from tests.factories import committee, member, record

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("burden", ROOT / "bench" / "burden.py")
burden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(burden)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑"
GIVEN = "芳强敏洋静伟丽军杰娟涛明超秀霞平刚桂英华玲"


@pytest.fixture
def viewport():
    return "phone"  # the burden is measured on a phone only


def _branch(world):
    people = [member(world.branch_a, s + g) for s, g in zip(SURNAMES, GIVEN, strict=True)]
    committee(world.branch_a, people[:5], start=TODAY.replace(year=TODAY.year - 1, day=1))
    return people


def _no_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def test_common_records_are_filed_within_their_interaction_targets(
    world, page, live_server, login, snapshot
):
    people = _branch(world)
    login(page, world.secretary_a)

    def shoot(p, label):
        _no_overflow(p)
        snapshot(p, label)

    results = {
        r.scenario: r for r in burden.run_scenarios(page, live_server.url, screenshots=shoot)
    }
    counts = {name: r.interactions for name, r in results.items()}
    assert counts == {
        "committee": 6,
        "theme_day": 8,
        "volunteer": 9,
        "study": 5,
        "complete_plan": 4,
    }
    assert all(counts[name] <= target for name, target in burden.TARGETS.items())

    records = {
        a.topic: a
        for a in Activity.objects.filter(organization=world.branch_a).prefetch_related(
            "attendances__member", "agenda_items"
        )
    }

    def saved(name):
        activity = records[results[name].details["topic"]]
        assert activity.is_held and activity.date == TODAY
        return activity, {row.member.name: row for row in activity.attendances.all()}

    meeting, rows = saved("committee")
    assert len(rows) == 5 and all(row.present for row in rows.values())
    assert meeting.host == people[0].name  # the secretary, by default
    item = meeting.agenda_items.get()
    assert (item.title, item.decision) == ("确定下月主题党日内容", "同意开展重温入党誓词活动")

    _day, rows = saved("theme_day")
    absent = {
        name: row.get_absence_reason_display() for name, row in rows.items() if not row.present
    }
    assert absent == results["theme_day"].details["absent"] and len(rows) == 21

    service, rows = saved("volunteer")
    chosen = results["volunteer"].details["chosen"]
    assert sorted(name for name, row in rows.items() if row.present) == sorted(chosen)
    assert service.hours == Decimal("2")
    assert rows[chosen[-1]].hours == Decimal("3.5")
    assert rows[chosen[0]].hours is None

    lesson, rows = saved("study")
    assert lesson.hours == Decimal("2") and all(row.present for row in rows.values())

    _plan, rows = saved("complete_plan")
    absent = {
        name: row.get_absence_reason_display() for name, row in rows.items() if not row.present
    }
    assert absent == results["complete_plan"].details["absent"]


def test_volunteers_are_found_by_pinyin_initials_and_shown_as_chips(
    world, page, live_server, login, url
):
    _branch(world)
    login(page, world.secretary_a)
    page.goto(url("branches:activity_create", pk=world.branch_a.pk, kind="volunteer"))
    assert page.locator("input.activity-present:checked").count() == 0
    picker = page.get_by_label("添加参加人员", exact=False)
    picker.fill("zm")  # 张敏
    assert page.locator(".activity-attendee:visible").count() == 1
    picker.press("Enter")
    chips = page.locator(".activity-chips .activity-chip")
    assert chips.all_inner_texts() == ["张敏 ×"]
    picker.fill("刘")
    page.get_by_label("刘洋", exact=True).check()
    assert chips.all_inner_texts() == ["刘洋 ×", "张敏 ×"] or sorted(chips.all_inner_texts()) == [
        "刘洋 ×",
        "张敏 ×",
    ]
    chips.filter(has_text="张敏").click()
    assert chips.all_inner_texts() == ["刘洋 ×"]
    assert page.get_by_label("张敏", exact=True).is_checked() is False


def test_district_matrix_shows_compliance_colours_at_phone_width(world, page, login, url, snapshot):
    login(page, world.reviewer_d1)
    page.goto(url("overview:district", pk=world.district1.pk))
    cells = page.locator("#overview-matrix-table td.ov-cell")
    cells.first.wait_for()
    colours = cells.evaluate_all(
        "cells => cells.map(c => [c.className, getComputedStyle(c).backgroundColor])"
    )
    white = {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}
    painted = [c for c in colours if "ov-future" not in c[0]]
    assert painted and all(colour not in white for _cls, colour in painted)
    first = page.locator("#overview-matrix-table tbody .ov-org").first
    assert first.evaluate("c => getComputedStyle(c).position") == "sticky"
    page.get_by_text("可左右滑动", exact=False).wait_for()
    snapshot(page, "matrix")


def test_phone_menu_reaches_ledger_as_cards(world, page, login, url, open_nav, snapshot):
    _branch(world)
    for kind, hour in (("study", 9), ("committee_meeting", 15)):  # long kinds, with a time
        record(world.branch_a, kind, TODAY, start_time=datetime.time(hour), topic=f"{kind} 记录")
    login(page, world.secretary_a)
    page.goto(url("branches:roster"))
    open_nav(page)
    page.locator("#mainNav").get_by_role("link", name="台账", exact=True).click()
    page.wait_for_url(url("branches:ledger", pk=world.branch_a.pk))
    page.locator(".activity-ledger-cards").wait_for()
    _no_overflow(page)
    open_nav(page)
    page.locator("#mainNav").get_by_role("link", name="登记活动", exact=True).click()
    page.wait_for_url(url("branches:activity_choose", pk=world.branch_a.pk))
    snapshot(page, "choose")

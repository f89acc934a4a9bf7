"""Filing at phone speed (issue 14): participants picked for volunteering, own hours, defaults
for host, recorder and place, the agenda row template, toggles for study records."""

import datetime
from decimal import Decimal

import lxml.html
from django.urls import reverse

from branches.models import Activity
from branches.selectors import ledger
from tests.clock import TODAY
from tests.factories import committee, member, record

NAMES = ["张三", "李四", "王五", "赵六", "钱七", "孙八"]


def _people(world):
    return sorted((member(world.branch_a, name) for name in NAMES), key=lambda p: p.name)


def _post(client, url, people, present, **extra):
    data = {
        "status": "held",
        "date": TODAY.isoformat(),
        "topic": "社区垃圾分类宣传",
        "hours": "2",
        "listed": ",".join(str(p.id) for p in people),
        "present": [str(p.id) for p in present],
    }
    data.update(extra)
    return client.post(url, data)


def test_volunteer_form_starts_with_nobody_and_offers_pinyin_keys(world, client_for):
    _people(world)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "volunteer"])
    page = lxml.html.fromstring(client_for(world.secretary_a).get(url).content)
    boxes = page.xpath("//input[contains(@class, 'activity-present')]")
    assert len(boxes) == len(NAMES)
    assert not [box for box in boxes if box.get("checked") is not None]
    zhang = page.xpath('//li[@data-name="张三"]')[0]
    assert zhang.get("data-pinyin").split() == ["zs", "zhangsan"]
    assert page.xpath("//input[@id='activity-pick']")  # the picker (shown by the script)
    # Nobody is "due" at a volunteer record: the list says how many may be picked.
    title = page.xpath("//span[@id='attendance-title']")[0].text_content()
    assert f"名册 {len(boxes)} 人可选" in title and "应到" not in title


def test_volunteer_participants_and_own_hours_are_saved_and_counted(world, client_for):
    people = _people(world)
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "volunteer"])
    chosen = people[:3]
    response = _post(client, url, people, chosen, **{f"hours_{chosen[2].id}": "3.5"})
    assert response.status_code == 302
    activity = Activity.objects.get()
    rows = {row.member_id: row for row in activity.attendances.all()}
    assert {pk for pk, row in rows.items() if row.present} == {p.id for p in chosen}
    assert rows[chosen[2].id].hours == Decimal("3.5")
    assert rows[chosen[0].id].hours is None
    totals = {
        t.member.name: t.volunteer_hours
        for t in ledger.member_totals(world.branch_a, TODAY.replace(month=1, day=1), TODAY)
    }
    assert totals[chosen[0].name] == Decimal("2")
    assert totals[chosen[2].name] == Decimal("3.5")
    assert totals[people[5].name] == 0

    # The record lists its participants, not those who did not take part.
    detail = lxml.html.fromstring(client.get(response["Location"]).content)
    listed = [
        li.text_content() for li in detail.xpath("//ul[contains(@class, 'activity-people')]/li")
    ]
    assert len(listed) == 3
    assert any(chosen[2].name in text and "3.5" in text for text in listed)
    assert "未参加" not in detail.text_content()


def test_own_hours_equal_to_the_records_are_not_stored_and_bad_ones_are_refused(world, client_for):
    people = _people(world)
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "volunteer"])
    response = _post(client, url, people, people[:1], **{f"hours_{people[0].id}": "-1"})
    assert response.status_code == 200
    assert not Activity.objects.exists()
    response = _post(client, url, people, people[:1], **{f"hours_{people[0].id}": "2"})
    assert response.status_code == 302
    assert Activity.objects.get().attendances.get(present=True).hours is None


def test_new_record_starts_with_secretary_last_recorder_and_place(world, client_for):
    people = _people(world)
    committee(world.branch_a, [people[3], people[0]])  # people[3] is 书记
    record(
        world.branch_a,
        "theme_day",
        TODAY - datetime.timedelta(days=3),
        recorder="李四",
        place="学校报告厅",
    )
    record(world.branch_a, "lecture", TODAY - datetime.timedelta(days=9), place="党员活动室")
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "committee_meeting"])
    page = lxml.html.fromstring(client_for(world.secretary_a).get(url).content)
    assert page.get_element_by_id("id_host").get("value") == people[3].name
    assert page.get_element_by_id("id_recorder").get("value") == "李四"
    assert page.get_element_by_id("id_place").get("value") == "学校报告厅"
    places = [o.get("value") for o in page.xpath("//datalist[@id='activity-places']/option")]
    assert places == ["学校报告厅", "党员活动室"]
    people_options = [
        o.get("value") for o in page.xpath("//datalist[@id='activity-people']/option")
    ]
    assert sorted(people_options) == sorted([people[3].name, people[0].name])
    # The agenda grows without a reload: a template row with the formset's placeholder index.
    assert page.xpath("//template[@id='agenda-empty']//input[@name='agenda-__prefix__-title']")


def test_study_form_keeps_everyone_expected_with_toggles(world, client_for):
    _people(world)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "study"])
    page = lxml.html.fromstring(client_for(world.secretary_a).get(url).content)
    boxes = page.xpath("//input[contains(@class, 'activity-present')]")
    assert len(boxes) == len(NAMES)
    assert all(box.get("checked") is not None for box in boxes)
    toggles = [
        b.text_content() for b in page.xpath("//div[contains(@class, 'activity-toggles')]/button")
    ]
    assert toggles == ["全部出席", "全部清空"]


def test_phone_menu_reaches_filing_ledger_and_calendar_of_the_branch(world, client_for):
    client = client_for(world.secretary_a)
    home = client.get(reverse("home")).content.decode()
    for page, target in (
        ("file", "branches:activity_choose"),
        ("ledger", "branches:ledger"),
        ("calendar", "branches:compliance_calendar"),
    ):
        shortcut = reverse("branches:my_shortcut", args=[page])
        assert f'href="{shortcut}"' in home
        response = client.get(shortcut)
        assert response["Location"] == reverse(target, args=[world.branch_a.pk])


def test_todo_offers_one_tap_completion_of_this_months_plan(world, client_for):
    _people(world)
    day = TODAY.replace(day=1)
    plan = record(world.branch_a, "theme_day", day, status="planned", topic="重温入党誓词")
    home = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert reverse("branches:activity_edit", args=[plan.pk]) + "?complete=1" in home
    assert "登记开展情况" in home


def test_overview_year_box_shows_the_year_and_the_matrix_says_it_scrolls(world, client_for):
    client = client_for(world.reviewer_d1)
    page = lxml.html.fromstring(
        client.get(reverse("overview:district", args=[world.district1.pk])).content
    )
    assert page.get_element_by_id("id_year").get("value") == str(TODAY.year)
    assert (
        "可左右滑动"
        in page.xpath("//p[contains(@class, 'overview-scroll-hint')]")[0].text_content()
    )


def test_ledger_filters_offer_all_not_dashes(world, client_for):
    body = (
        client_for(world.secretary_a)
        .get(reverse("branches:ledger", args=[world.branch_a.pk]))
        .content.decode()
    )
    assert "---------" not in body
    assert '<option value="" selected>全部</option>' in body


def test_ledger_searches_pages_and_orders_same_day_records_by_time(world, client_for):
    day = datetime.date(2026, 3, 10)
    late = record(world.branch_a, "lecture", day, topic="下午党课", start_time=datetime.time(15))
    early = record(
        world.branch_a, "theme_day", day, topic="上午主题党日", start_time=datetime.time(9)
    )
    client = client_for(world.secretary_a)
    url = reverse("branches:ledger", args=[world.branch_a.pk])
    page = lxml.html.fromstring(client.get(url, {"year": 2026}).content)
    cards = [
        li.text_content() for li in page.xpath("//ul[contains(@class, 'activity-ledger-cards')]/li")
    ]
    assert "上午主题党日" in cards[0] and "下午党课" in cards[1]
    assert "09:00" in cards[0]
    found = client.get(url, {"year": 2026, "q": "党课"}).content.decode()
    assert late.topic in found and early.topic not in found
    for n in range(55):
        record(world.branch_a, "other", datetime.date(2026, 4, 1), topic=f"其他活动{n}")
    second = client.get(url, {"year": 2026, "page": 2}).content.decode()
    assert "2 / 2" in second and "其他活动54" in second


def _plan_rows(rows, total=None):
    data = {
        "plan-TOTAL_FORMS": str(total or len(rows)),
        "plan-INITIAL_FORMS": "0",
        "plan-MIN_NUM_FORMS": "0",
        "plan-MAX_NUM_FORMS": "60",
    }
    for n, (month, kind, topic) in enumerate(rows):
        data.update({f"plan-{n}-month": month, f"plan-{n}-kind": kind, f"plan-{n}-topic": topic})
    return data


def test_year_plan_saves_planned_records_that_the_todo_offers_to_complete(world, client_for):
    _people(world)
    client = client_for(world.secretary_a)
    url = reverse("branches:year_plan", args=[world.branch_a.pk])
    year = TODAY.year
    rows = [
        (str(TODAY.month), "theme_day", "重温入党誓词"),
        ("12", "lecture", "书记讲党课"),
        ("", "", ""),  # an empty row is skipped
    ]
    response = client.post(f"{url}?year={year}", _plan_rows(rows))
    assert response.status_code == 302
    plans = Activity.objects.planned().order_by("date")
    assert [(a.date, a.kind, a.topic) for a in plans] == [
        (datetime.date(year, TODAY.month, 1), "theme_day", "重温入党誓词"),
        (datetime.date(year, 12, 1), "lecture", "书记讲党课"),
    ]
    page = client.get(f"{url}?year={year}").content.decode()
    assert "重温入党誓词" in page and "书记讲党课" in page
    home = client.get(reverse("home")).content.decode()
    this_month = plans[0] if TODAY.month != 12 else plans[1]
    assert reverse("branches:activity_edit", args=[this_month.pk]) + "?complete=1" in home
    # Completing it: held today, everyone expected present.
    form = client.get(reverse("branches:activity_edit", args=[this_month.pk]) + "?complete=1")
    doc = lxml.html.fromstring(form.content)
    assert doc.get_element_by_id("id_date").get("value") == TODAY.isoformat()
    assert doc.xpath("//select[@id='id_status']/option[@selected]")[0].get("value") == "held"


def test_year_plan_half_filled_row_is_refused_and_nothing_saved(world, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:year_plan", args=[world.branch_a.pk])
    rows = [("3", "theme_day", "学雷锋"), ("4", "", "缺类型")]
    response = client.post(url, _plan_rows(rows))
    assert response.status_code == 200
    assert "请填写月份、类型和主题。" in response.content.decode()
    assert not Activity.objects.exists()


def test_year_plan_copies_last_years_records(world, client_for):
    last = TODAY.year - 1
    record(world.branch_a, "theme_day", datetime.date(last, 3, 5), topic="学雷锋志愿服务")
    record(world.branch_a, "lecture", datetime.date(last, 7, 1), topic="七一党课")
    record(world.branch_a, "study", datetime.date(last, 7, 9), topic="读书")
    url = reverse("branches:year_plan", args=[world.branch_a.pk])
    page = lxml.html.fromstring(client_for(world.secretary_a).get(url, {"copy": 1}).content)
    topics = [
        i.get("value") for i in page.xpath("//input[contains(@name, '-topic')]") if i.get("value")
    ]
    assert topics == ["学雷锋志愿服务", "七一党课", "读书"]
    months = page.xpath("//select[@name='plan-1-month']/option[@selected]")
    assert months[0].get("value") == "7"


def test_study_absentees_may_go_without_a_reason(world, client_for):
    people = _people(world)
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "study"])
    response = _post(client, url, people, people[:2])
    assert response.status_code == 302
    rows = Activity.objects.get().attendances.all()
    assert (
        sorted((r.present, r.absence_reason) for r in rows) == [(False, "")] * 4 + [(True, "")] * 2
    )

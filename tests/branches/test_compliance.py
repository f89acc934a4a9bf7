"""The compliance service and calendar: required records per month/quarter/year, silent branches."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from branches.periods import calendar_year, period_containing, school_year
from branches.selectors.compliance import (
    State,
    compliance_for,
    compute_compliance,
    secretary_todo,
)
from branches.selectors.talks import talk_pairs
from tests import factories
from tests.factories import committee, member, record
from tests.utils import get_ok

TODAY = datetime.date(2026, 11, 21)


def _result(org, year=2026, school_year=False, today=TODAY):
    return compliance_for([org], year=year, school_year=school_year, today=today)[org.id]


def _slot(rows, month, kind):
    row = next(r for r in rows if r.window.start.month == month)
    return next(s for s in row.slots if s.kind == kind)


def test_held_theme_day_keeps_its_month_and_a_missed_month_is_missing(world):
    member(world.branch_a, "王芳")
    record(world.branch_a, "theme_day", datetime.date(2026, 3, 10))
    result = _result(world.branch_a)
    assert _slot(result.months, 3, "theme_day").state == State.KEPT
    assert _slot(result.months, 4, "theme_day").state == State.MISSING
    assert _slot(result.months, 11, "theme_day").state == State.DUE
    assert _slot(result.months, 12, "theme_day").state == State.FUTURE
    assert "4月未开展主题党日" in result.warnings()


def test_planned_meeting_does_not_count_as_kept(world):
    record(world.branch_a, "theme_day", datetime.date(2026, 11, 25), status="planned")
    slot = _slot(_result(world.branch_a).months, 11, "theme_day")
    assert (slot.state, slot.planned) == (State.DUE, 1)


def test_committee_meeting_is_required_only_while_a_committee_is_in_office(world):
    people = [member(world.branch_a, n) for n in ("王芳", "李强", "张敏")]
    committee(world.branch_a, people, start=datetime.date(2026, 5, 15))
    months = _result(world.branch_a).months
    kinds_in = {row.window.start.month: {s.kind for s in row.slots} for row in months}
    assert "committee_meeting" not in kinds_in[4]
    assert "committee_meeting" in kinds_in[5]


def test_no_committee_slot_for_a_branch_without_committee(world):
    assert all(
        slot.kind != "committee_meeting"
        for row in _result(world.branch_a).months
        for slot in row.slots
    )


def test_each_group_needs_its_own_group_meeting(world):
    second = factories.PartyGroupFactory(organization=world.branch_a, name="第二党小组")
    member(world.branch_a, "王芳", group=world.group_a)
    record(world.branch_a, "group_meeting", datetime.date(2026, 2, 10), group=world.group_a)
    row = next(r for r in _result(world.branch_a).months if r.window.start.month == 2)
    states = {slot.group_id: slot.state for slot in row.slots if slot.kind == "group_meeting"}
    assert states == {world.group_a.id: State.KEPT, second.id: State.MISSING}


def test_quarterly_general_meeting_and_lecture(world):
    record(world.branch_a, "general_meeting", datetime.date(2026, 2, 10))
    record(world.branch_a, "lecture", datetime.date(2026, 6, 30), lecturer="钱志林")
    quarters = _result(world.branch_a).quarters
    assert [s.state for s in quarters[0].slots] == [State.KEPT, State.MISSING]
    assert [s.state for s in quarters[1].slots] == [State.MISSING, State.KEPT]
    assert quarters[3].slots[0].state == State.DUE


def test_yearly_requirements_and_study_hours(world):
    wang = member(world.branch_a, "王芳")
    li = member(world.branch_a, "李强")
    record(world.branch_a, "life_meeting", datetime.date(2026, 1, 20))
    record(world.branch_a, "study", datetime.date(2026, 4, 1), hours=Decimal("30"))
    record(
        world.branch_a,
        "study",
        datetime.date(2026, 5, 1),
        hours=Decimal("4"),
        absences={li.id: "sick"},
    )
    result = _result(world.branch_a)
    yearly = {slot.kind: slot.state for slot in result.yearly}
    assert yearly["life_meeting"] == State.KEPT
    assert yearly["appraisal"] == State.DUE
    assert yearly["study_hours"] == State.DUE
    hours = {m.name: m.hours for m in result.study}
    assert hours == {"王芳": Decimal("34"), "李强": Decimal("30")}
    assert [m.name for m in result.study_short] == ["李强"]
    assert wang.id not in [m.member_id for m in result.study_short]
    closed = _result(world.branch_a, today=datetime.date(2027, 1, 10))
    assert {s.kind: s.state for s in closed.yearly}["study_hours"] == State.MISSING


def test_branch_without_a_record_for_thirty_days_is_silent(world):
    record(world.branch_a, "theme_day", datetime.date(2026, 10, 15))
    assert _result(world.branch_a).silent
    record(world.branch_a, "theme_day", datetime.date(2026, 11, 2))
    assert not _result(world.branch_a).silent
    assert _result(world.branch_b).silent  # never recorded anything


def test_school_year_runs_september_to_august_with_quarters_from_september():
    period = school_year(2019)
    assert (period.start, period.end) == (datetime.date(2019, 9, 1), datetime.date(2020, 8, 31))
    assert [q.start.month for q in period.quarters] == [9, 12, 3, 6]
    assert period.label == "2019学年度"
    assert period_containing(datetime.date(2020, 3, 1), school_year=True).year == 2019


def test_school_year_counts_records_of_both_calendar_years(world):
    record(world.branch_a, "theme_day", datetime.date(2025, 9, 10))
    record(world.branch_a, "theme_day", datetime.date(2026, 8, 10))
    result = _result(world.branch_a, year=2025, school_year=True)
    kept = [row.window.start for row in result.months if row.slots[-1].state == State.KEPT]
    assert kept == [datetime.date(2025, 9, 1), datetime.date(2026, 8, 1)]


@pytest.mark.parametrize("branches", [1, 12])
def test_service_runs_a_constant_number_of_queries(
    world, branches, django_assert_num_queries, settings
):
    orgs = [world.branch_a, world.branch_b]
    for _ in range(branches):
        org = factories.OrganizationFactory(school=world.school_a)
        factories.PartyGroupFactory(organization=org)
        member(org, "党员")
        record(org, "theme_day")
        orgs.append(org)
    # groups, committees, record counts by month, last record, study hours and talks per member,
    # party members
    with django_assert_num_queries(6):
        results = compute_compliance(orgs, year=2026, today=TODAY)
        [r.kept_count for r in results.values()]
    # Through the kept figures: their data versions, then the six; the next time the versions only.
    settings.KEPT_FIGURES = True
    cache.clear()
    with django_assert_num_queries(7):
        compliance_for(orgs, year=2026, today=TODAY)
    with django_assert_num_queries(1):
        assert compliance_for(orgs, year=2026, today=TODAY) == results


# Session, user, role rows (2), organisations under the user's, the branch; compliance_for's six
# (party groups, committees in office, record counts per month, last held record, study hours and
# talks per member, party members); planned records of the period; the talk pairs' three (held
# talks, party members, committee in office); the 党费 row's dues book (members, bases,
# reductions, payments of the period; dues.calendar_rows).
CALENDAR_QUERIES = 20


def test_calendar_page_shows_kept_and_missing_and_never_grows_in_queries(
    world, client_for, django_assert_num_queries
):
    url = reverse("branches:compliance_calendar", args=[world.branch_a.pk]) + "?year=2026"
    record(world.branch_a, "theme_day", datetime.date(2026, 3, 10))
    client = client_for(world.secretary_a)
    with django_assert_num_queries(CALENDAR_QUERIES):
        response = get_ok(client, url)
    body = response.content.decode()
    assert "合规日历" in body and "slot-kept" in body and "slot-missing" in body
    for month in range(1, 11):
        record(world.branch_a, "theme_day", datetime.date(2026, month, 5))
        factories.PartyGroupFactory(organization=world.branch_a)
    record(world.branch_a, "lecture", datetime.date(2026, 12, 1), status="planned")
    client = client_for(world.secretary_a)
    with django_assert_num_queries(CALENDAR_QUERIES):
        get_ok(client, url)


@pytest.mark.parametrize(
    "query", ["?year=abc", "?year=99999", "?school=maybe", "?year=-1&school=1"]
)
def test_calendar_survives_bad_period_parameters(world, client_for, query):
    url = reverse("branches:compliance_calendar", args=[world.branch_a.pk]) + query
    assert client_for(world.secretary_a).get(url).status_code == 200


def test_calendar_of_a_party_committee_is_404(world, client_for):
    committee_org = factories.OrganizationFactory(school=world.school_a, kind="committee")
    url = reverse("branches:compliance_calendar", args=[committee_org.pk])
    assert client_for(world.admin).get(url).status_code == 404


def test_warnings_name_each_missed_window_and_silence(world):
    record(world.branch_a, "theme_day", datetime.date(2026, 1, 10))
    record(world.branch_a, "general_meeting", datetime.date(2026, 1, 20))
    warnings = _result(world.branch_a).warnings()
    assert "2月未开展主题党日" in warnings
    assert "第二季度（4–6月）未开展支部党员大会" in warnings
    assert "第一季度（1–3月）未开展党课" in warnings
    assert "已超过 30 天没有活动记录" in warnings
    assert not any("组织生活会" in w for w in warnings)  # the year is not over: due, not missed


def test_missed_requirements_only_warn_filing_still_works(world, client_for):
    # A branch that missed every month can still file; nothing blocks on frequency.
    assert _result(world.branch_a).missing_count > 0
    activity = record(world.branch_a, "theme_day", datetime.date(2026, 11, 20))
    assert activity.pk


def test_talks_are_kept_only_when_every_member_had_one(world):
    wang, li, zhang = (member(world.branch_a, n) for n in ("王芳", "李强", "张敏"))
    record(world.branch_a, "talk", datetime.date(2026, 3, 1), talker=wang, talkee=li)
    result = _result(world.branch_a, today=datetime.date(2027, 1, 5))
    talks = next(s for s in result.yearly if s.kind == "talk")
    assert (talks.state, talks.held) == (State.MISSING, 2)
    assert [m.name for m in result.without_talk] == ["张敏"]
    record(world.branch_a, "talk", datetime.date(2026, 4, 1), talker=wang, talkee=zhang)
    result = _result(world.branch_a, today=datetime.date(2027, 1, 5))
    assert next(s for s in result.yearly if s.kind == "talk").state == State.KEPT


def test_talk_pairs_are_information_and_never_change_the_compliance_item(world, client_for):
    wang, li, zhang, chen = (member(world.branch_a, n) for n in ("王芳", "李强", "张敏", "陈静"))
    committee(world.branch_a, [wang], start=datetime.date(2025, 1, 1))  # 王芳 is 书记
    record(world.branch_a, "talk", datetime.date(2026, 3, 1), talker=wang, talkee=li)
    record(world.branch_a, "talk", datetime.date(2026, 3, 2), talker=zhang, talkee=chen)
    pairs = talk_pairs(world.branch_a, calendar_year(2026), datetime.date(2027, 1, 5))
    # 王芳 with each of three members: 1 of 3; among 李强, 张敏, 陈静: 1 of 3.
    assert (pairs.committee_members.covered, pairs.committee_members.total) == (1, 3)
    assert (pairs.members.covered, pairs.members.total) == (1, 3)
    result = _result(world.branch_a, today=datetime.date(2027, 1, 5))
    assert next(s for s in result.yearly if s.kind == "talk").state == State.KEPT
    url = reverse("branches:compliance_calendar", args=[world.branch_a.pk]) + "?year=2026"
    body = get_ok(client_for(world.secretary_a), url).content.decode()
    assert "支委与党员 1/3 对，党员之间 1/3 对" in body


def test_warns_when_the_secretary_gave_no_lecture_in_a_finished_year(world):
    people = [member(world.branch_a, n) for n in ("钱志林", "卞亮平", "严国俊")]
    committee(world.branch_a, people)  # 钱志林 is 书记
    record(world.branch_a, "lecture", datetime.date(2026, 4, 20), lecturer="赵伟琴")
    after_year = datetime.date(2027, 1, 5)
    result = _result(world.branch_a, today=after_year)
    assert result.secretary_lectured is False
    assert "2026年度支部书记没有讲党课" in result.warnings()
    record(world.branch_a, "lecture", datetime.date(2026, 5, 20), lecturer="钱志林")
    assert _result(world.branch_a, today=after_year).secretary_lectured is True
    assert _result(world.branch_b).secretary_lectured is None  # no secretary on record


def test_overdue_means_the_last_three_calendar_months_not_93_days(world):
    # On 1 May the last three calendar months are February, March and April: January's theme
    # day is not listed although it ended fewer than 93 days ago (31 January).
    (todo,) = secretary_todo([world.branch_a], today=datetime.date(2026, 5, 1))
    months = [slot.window.label for slot in todo.overdue if slot.kind == "theme_day"]
    assert months == ["2月", "3月", "4月"]


def _overdue(todo, kind):
    return [window for window, slot in todo.overdue_items if slot.kind == kind]


def test_overdue_in_january_reaches_back_into_last_years_october_to_december(world):
    record(world.branch_a, "theme_day", datetime.date(2025, 11, 12))
    (todo,) = secretary_todo([world.branch_a], today=datetime.date(2026, 1, 15))
    # November's theme day was held; September ended before the three months.
    assert _overdue(todo, "theme_day") == ["2025年10月", "2025年12月"]
    assert _overdue(todo, "group_meeting") == ["2025年10月", "2025年11月", "2025年12月"]
    assert "2025年9月" not in str(todo.overdue_items)


def test_overdue_on_1_april_is_january_to_march_with_the_first_quarter(world):
    record(world.branch_a, "general_meeting", datetime.date(2026, 2, 10))
    (todo,) = secretary_todo([world.branch_a], today=datetime.date(2026, 4, 1))
    assert _overdue(todo, "theme_day") == ["1月", "2月", "3月"]
    assert _overdue(todo, "lecture") == ["第一季度（1–3月）"]
    assert _overdue(todo, "general_meeting") == []  # held in February


def test_a_quarter_missed_at_the_end_of_last_year_is_overdue_on_10_january(world):
    record(world.branch_a, "lecture", datetime.date(2025, 11, 5))
    (todo,) = secretary_todo([world.branch_a], today=datetime.date(2026, 1, 10))
    # Q4 2025's 党员大会 is missing, its 党课 was given; Q3 ended in September.
    assert _overdue(todo, "general_meeting") == ["2025年第四季度（10–12月）"]
    assert _overdue(todo, "lecture") == []


def test_last_years_committee_meetings_are_overdue_only_while_it_was_in_office(world):
    people = [member(world.branch_a, n) for n in ("王芳", "李强", "张敏")]
    committee(world.branch_a, people, start=datetime.date(2025, 11, 20))
    (todo,) = secretary_todo([world.branch_a], today=datetime.date(2026, 2, 3))
    assert _overdue(todo, "committee_meeting") == ["2025年11月", "2025年12月", "1月"]

"""Attendance confirmation by code: valid on the meeting's day only (Asia/Shanghai), bound to its
meeting, refused with a Chinese message to other branches, non-members, wrong or expired codes,
rate-limited; a confirmation never changes the secretary's attendance, and a conflict is resolved
through the normal save with stale-edit protection."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from branches.models import Attendance
from branches.services.activities import Filing, file_activity
from selfservice.models import AttendanceCode, AttendanceConfirmation
from selfservice.services import checkin
from tests import factories
from tests.clock import SHANGHAI, TODAY


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(world):
    mine = factories.member(world.branch_a, "王芳")
    other = factories.member(world.branch_a, "李强")
    return mine, other


@pytest.fixture
def meeting(world, people):
    """A theme day held today at which the secretary marked 王芳 absent."""
    mine, _other = people
    return factories.record(world.branch_a, "theme_day", TODAY, absences={mine.pk: "personal"})


def _code(activity, code="K7M4P9"):
    return AttendanceCode.objects.create(activity=activity, code=code).code


def _confirm(client, code):
    return client.post(reverse("selfservice:confirm", args=[code]))


def test_a_member_confirms_with_the_code_and_the_secretary_marks_stay(
    world, people, meeting, client_for
):
    mine, _other = people
    account = factories.member_account(mine)
    code = _code(meeting)
    client = client_for(account.user)
    page = client.get(reverse("selfservice:confirm", args=[code.lower()]))
    assert page.status_code == 200
    assert "我参加了" in page.content.decode()
    response = _confirm(client, code)
    assert response.status_code == 302
    assert AttendanceConfirmation.objects.filter(activity=meeting, member=mine).count() == 1
    # The secretary's tick is untouched: still absent, with the reason they gave.
    row = Attendance.objects.get(activity=meeting, member=mine)
    assert (row.present, row.absence_reason) == (False, "personal")
    # Confirming again changes nothing.
    _confirm(client, code)
    assert AttendanceConfirmation.objects.filter(activity=meeting).count() == 1
    again = client.get(reverse("selfservice:confirm", args=[code])).content.decode()
    assert "你已于" in again


def test_the_record_page_shows_the_conflict_and_one_click_marks_present(
    world, people, meeting, client_for
):
    mine, _other = people
    AttendanceConfirmation.objects.create(activity=meeting, member=mine)
    client = client_for(world.secretary_a)
    page = client.get(reverse("branches:activity", args=[meeting.pk])).content.decode()
    assert "与本人确认不一致" in page
    assert "将王芳登记为出席" in page
    meeting.refresh_from_db()
    url = reverse("selfservice:mark_present", args=[meeting.pk, mine.pk])
    response = client.post(url, {"lock_version": meeting.lock_version}, follow=True)
    assert "已将王芳登记为出席。" in response.content.decode()
    assert Attendance.objects.get(activity=meeting, member=mine).present
    # The record was saved through the filing service: its history names the change.
    assert Attendance.history.filter(member=mine, present=True).exists()
    page = client.get(reverse("branches:activity", args=[meeting.pk])).content.decode()
    assert "书记登记：出席" in page
    assert "与本人确认不一致" not in page


def test_marking_present_from_a_stale_page_is_refused(world, people, meeting, client_for):
    mine, other = people
    AttendanceConfirmation.objects.create(activity=meeting, member=mine)
    meeting.refresh_from_db()
    opened_at = meeting.lock_version
    # Someone saves the record meanwhile (李强 now absent too).
    file_activity(
        actor=None,
        organization=world.branch_a,
        kind=meeting.kind,
        values={"status": "held", "date": meeting.date, "topic": meeting.topic},
        filing=Filing(absences={mine.pk: "personal", other.pk: "sick"}),
        activity=meeting,
        today=TODAY,
    )
    client = client_for(world.secretary_a)
    url = reverse("selfservice:mark_present", args=[meeting.pk, mine.pk])
    response = client.post(url, {"lock_version": opened_at}, follow=True)
    assert "已被修改" in response.content.decode()
    assert not Attendance.objects.get(activity=meeting, member=mine).present
    assert not Attendance.objects.get(activity=meeting, member=other).present


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "现在还不能确认"), (1, "已过期"), (30, "已过期")],
    ids=["day-before", "day-after", "a-month-later"],
)
def test_a_code_works_on_the_meeting_day_only(
    world, people, client_for, time_machine, days, message
):
    mine, _other = people
    activity = factories.record(world.branch_a, "general_meeting", TODAY, status="planned")
    code = _code(activity)
    account = factories.member_account(mine)
    at = datetime.datetime.combine(TODAY + datetime.timedelta(days=days), datetime.time(9))
    time_machine.move_to(at.replace(tzinfo=SHANGHAI))
    client = client_for(account.user)  # logged in that day (sessions last a working day)
    response = _confirm(client, code)
    assert response.status_code == 410
    assert message in response.content.decode()
    assert not AttendanceConfirmation.objects.exists()


def test_the_day_is_shanghai_s_not_utc(world, people, client_for, time_machine):
    """At 07:30 in Shanghai it is still the day before in UTC: the code already works."""
    mine, _other = people
    activity = factories.record(world.branch_a, "theme_day", TODAY, status="planned")
    code = _code(activity)
    account = factories.member_account(mine)
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(7, 30), tzinfo=SHANGHAI))
    client = client_for(account.user)
    assert _confirm(client, code).status_code == 302
    time_machine.move_to(
        datetime.datetime.combine(TODAY, datetime.time(23, 59), tzinfo=SHANGHAI)
        + datetime.timedelta(minutes=2)
    )
    client = client_for(account.user)
    assert checkin.normalize(code) == code
    assert client.get(reverse("selfservice:confirm", args=[code])).status_code == 410


def test_a_code_is_bound_to_its_meeting(world, people, client_for):
    mine, _other = people
    first = factories.record(world.branch_a, "theme_day", TODAY, status="planned", topic="甲")
    second = factories.record(world.branch_a, "lecture", TODAY, status="planned", topic="乙")
    code = _code(first)
    assert checkin.code_for(activity=second, actor=None).code != code
    assert checkin.code_for(activity=first, actor=None).code == code  # the same code again
    client = client_for(factories.member_account(mine).user)
    _confirm(client, code)
    assert list(AttendanceConfirmation.objects.values_list("activity_id", flat=True)) == [first.pk]


def test_a_member_of_another_branch_is_refused(world, client_for, meeting):
    stranger = factories.member_account(factories.member(world.branch_b, "赵六"))
    response = _confirm(client_for(stranger.user), _code(meeting))
    assert response.status_code == 403
    assert f"你不是{world.branch_a.name}的党员" in response.content.decode()
    assert not AttendanceConfirmation.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "secretary_a", "admin"])
def test_an_account_without_a_member_row_is_refused(world, client_for, meeting, role):
    response = _confirm(client_for(world.user(role)), _code(meeting))
    assert response.status_code == 403
    assert "只有党员本人的账号可以确认参加" in response.content.decode()


@pytest.mark.parametrize("typed", ["ZZZZZZ", "K7M4", "k7m4p9x", "' OR 1=1", "一二三四五六"])
def test_a_wrong_code_gets_a_clear_message(world, people, client_for, meeting, typed):
    _code(meeting)
    client = client_for(factories.member_account(people[0]).user)
    response = client.get(reverse("selfservice:enter"), {"code": typed}, follow=True)
    assert response.status_code == 404
    assert "签到码不正确" in response.content.decode()


def test_typed_codes_are_rate_limited(world, people, client_for, meeting):
    code = _code(meeting)
    client = client_for(factories.member_account(people[0]).user)
    for n in range(checkin.FAILURE_LIMIT):
        assert _confirm(client, f"WRNG{n:02d}"[:6]).status_code == 404
    response = _confirm(client, code)  # even the right code waits now
    assert response.status_code == 429
    assert "输错次数过多" in response.content.decode()
    assert not AttendanceConfirmation.objects.exists()


def test_the_code_page_shows_a_qr_code_the_link_and_the_code(world, client_for):
    activity = factories.record(world.branch_a, "theme_day", TODAY, status="planned")
    response = client_for(world.secretary_a).get(reverse("selfservice:code", args=[activity.pk]))
    page = response.content.decode()
    code = AttendanceCode.objects.get(activity=activity).code
    assert "<svg" in page and "签到二维码" in page
    assert f"/c/{code}/" in page
    assert code in page


def test_talks_have_no_code(world, client_for):
    a, b = factories.member(world.branch_a, "甲"), factories.member(world.branch_a, "乙")
    talk = factories.record(world.branch_a, "talk", TODAY, talker=a, talkee=b)
    response = client_for(world.secretary_a).get(reverse("selfservice:code", args=[talk.pk]))
    assert response.status_code == 404


def test_record_page_queries_do_not_grow_with_confirmations(
    world, client_for, django_assert_max_num_queries
):
    people = [factories.member(world.branch_a, f"党员{n}") for n in range(12)]
    activity = factories.record(
        world.branch_a, "theme_day", TODAY, absences={p.pk: "sick" for p in people[:6]}
    )
    client = client_for(world.secretary_a)
    url = reverse("branches:activity", args=[activity.pk])
    AttendanceConfirmation.objects.create(activity=activity, member=people[0])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for person in people[1:]:
        AttendanceConfirmation.objects.create(activity=activity, member=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("与本人确认不一致") == 6


def test_a_member_who_left_before_the_meeting_is_refused(world, client_for, meeting):
    gone = factories.member(world.branch_a, "已转出", left_on=TODAY - datetime.timedelta(days=3))
    response = _confirm(client_for(factories.member_account(gone).user), _code(meeting))
    assert response.status_code == 403
    assert "不在" in response.content.decode() and "名册中" in response.content.decode()
    assert not AttendanceConfirmation.objects.exists()

"""A member's own page: their rows only, hours by the compliance definition, talks, dues, the
branch's coming meetings; constant queries. Member accounts opened in bulk by the secretary."""

import datetime
import io
from decimal import Decimal

import docx
from django.contrib.auth import get_user_model
from django.urls import reverse

from branches.scope import scope_for
from branches.selectors.compliance import compliance_for
from selfservice.models import MemberAccount
from tests import factories
from tests.clock import TODAY


def _year_day(month, day=10):
    return datetime.date(TODAY.year, month, day)


def _branch_year(world):
    """王芳 and 李强 in branch A: a study session (李强 absent), a volunteer day (李强 with his
    own hours), a theme day (王芳 absent, sick), a talk between them, and a meeting planned."""
    wang = factories.member(world.branch_a, "王芳")
    li = factories.member(world.branch_a, "李强")
    factories.record(
        world.branch_a,
        "study",
        _year_day(3),
        topic="学习二十大精神",
        hours=Decimal("4.5"),
        absences={li.pk: "sick"},
    )
    factories.record(world.branch_a, "study", _year_day(5), topic="参观纪念馆", hours=Decimal("3"))
    factories.record(
        world.branch_a,
        "theme_day",
        _year_day(4),
        topic="李强缺席不了的主题党日",
        absences={wang.pk: "sick"},
    )
    factories.record(world.branch_a, "talk", _year_day(6), topic="谈心", talker=wang, talkee=li)
    factories.record(
        world.branch_a,
        "general_meeting",
        TODAY + datetime.timedelta(days=3),
        status="planned",
        topic="下周的党员大会",
    )
    return wang, li


def test_a_member_sees_their_own_rows_and_hours_by_the_compliance_rule(world, client_for):
    wang, li = _branch_year(world)
    account = factories.member_account(wang)
    response = client_for(account.user).get(reverse("selfservice:mine"))
    assert response.status_code == 200
    page = response.context["page"]
    # Hours: the same figure as the compliance calendar's study list.
    study = {
        row.member_id: row
        for row in compliance_for([world.branch_a], year=TODAY.year)[world.branch_a.pk].study
    }
    assert page.study.hours == study[wang.pk].hours == Decimal("7.5")
    assert page.study.short == study[wang.pk].short == Decimal("24.5")
    assert (page.present_count, page.expected_count) == (2, 3)
    # Only their own rows.
    assert {row.member_id for row in page.attendance} == {wang.pk}
    html = response.content.decode()
    assert "学习二十大精神" in html and "下周的党员大会" in html
    assert "缺席 · 病假" in html  # their own absence at the theme day
    assert len(page.talks) == 1
    # Nothing of 李强's own figures: his page differs.
    li_page = client_for(factories.member_account(li).user).get(reverse("selfservice:mine"))
    assert li_page.context["page"].study.hours == Decimal("3.0") == study[li.pk].hours


def test_a_member_account_has_no_role_in_the_organisation(world, client_for):
    account = world.user("member_a")
    assert not scope_for(account).has_role
    client = client_for(account)
    for url in (
        reverse("branches:organization", args=[world.branch_a.pk]),
        reverse("branches:members", args=[world.branch_a.pk]),
        reverse("branches:ledger", args=[world.branch_a.pk]),
        reverse("branches:member", args=[account.member_account.member.pk]),
        reverse("dues:year", args=[world.branch_a.pk, TODAY.year]),
        reverse("selfservice:accounts", args=[world.branch_a.pk]),
    ):
        assert client.get(url).status_code == 404, url
    home = client.get(reverse("home")).content.decode()
    assert "我的记录" in home and "党员名册" not in home


def test_a_member_sees_their_own_dues(world, client_for):
    person = factories.member(world.branch_a, "交费人")
    factories.dues_base(person, 4000, month=datetime.date(TODAY.year, 1, 1))  # 1 %: 40.00
    other = factories.member(world.branch_a, "别人")
    factories.dues_base(other, 9000, month=datetime.date(TODAY.year, 1, 1))
    response = client_for(factories.member_account(person).user).get(reverse("selfservice:mine"))
    lines = response.context["page"].dues_lines
    assert len(lines) == TODAY.month
    assert {line.member.pk for line in lines} == {person.pk}
    assert {line.due for line in lines} == {Decimal("40.00")}
    html = response.content.decode()
    assert "应缴 40.00" in html and "应缴 135.00" not in html


def test_the_member_page_runs_the_same_queries_for_a_short_and_a_long_year(
    world, client_for, django_assert_max_num_queries
):
    wang, _li = _branch_year(world)
    factories.dues_base(wang, 4000, month=datetime.date(TODAY.year, 1, 1))
    client = client_for(factories.member_account(wang).user)
    url = reverse("selfservice:mine")
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for month in range(1, TODAY.month + 1):
        factories.record(world.branch_a, "theme_day", _year_day(month, 2))
        factories.record(world.branch_a, "study", _year_day(month, 3), hours=Decimal(1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].attendance) > 2 * TODAY.month


def test_the_secretary_opens_accounts_in_bulk_and_downloads_the_sheet(world, client_for):
    people = [factories.member(world.branch_a, name) for name in ("张三", "李四")]
    factories.UserFactory(username="zhangsan")  # the name is taken: zhangsan2
    client = client_for(world.secretary_a)
    url = reverse("selfservice:accounts", args=[world.branch_a.pk])
    response = client.post(url, {"members": [p.pk for p in people]})
    assert response.status_code == 200
    slips = response.context["slips"]
    assert [s.username for s in slips] == ["zhangsan2", "lisi"]
    for slip in slips:
        user = get_user_model().objects.get(username=slip.username)
        assert user.check_password(slip.password) and not scope_for(user).has_role
    assert MemberAccount.objects.filter(member__in=people).count() == 2
    sheet = client.post(
        reverse("selfservice:credential_sheet", args=[world.branch_a.pk]),
        {"sheet": response.context["sheet"]},
    )
    assert sheet.status_code == 200
    text = "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(b"".join(sheet.streaming_content))).tables
        for row in table.rows
        for cell in row.cells
    )
    assert slips[0].password in text and "zhangsan2" in text and "李四" in text
    # Selecting an opened member again issues a new password; the old one stops working.
    again = client.post(url, {"members": [people[1].pk]}).context["slips"][0]
    assert again.username == "lisi" and again.password != slips[1].password
    assert not get_user_model().objects.get(username="lisi").check_password(slips[1].password)
    assert MemberAccount.objects.count() == 2


def test_the_sheet_of_another_secretary_is_not_handed_out(world, client_for):
    person = factories.member(world.branch_a, "张三")
    sheet = (
        client_for(world.secretary_a)
        .post(reverse("selfservice:accounts", args=[world.branch_a.pk]), {"members": [person.pk]})
        .context["sheet"]
    )
    other = factories.UserFactory(username="cm_a")
    factories.OrganizationRoleFactory(user=other, organization=world.branch_a, role="committee")
    response = client_for(other).post(
        reverse("selfservice:credential_sheet", args=[world.branch_a.pk]), {"sheet": sheet}
    )
    assert response.status_code == 404


def test_members_of_another_branch_cannot_be_picked(world, client_for):
    stranger = factories.member(world.branch_b, "赵六")
    response = client_for(world.secretary_a).post(
        reverse("selfservice:accounts", args=[world.branch_a.pk]),
        {"members": [stranger.pk, "x"]},
    )
    assert response.status_code == 400
    assert "不在本支部名册中" in response.content.decode()
    assert not MemberAccount.objects.exists()


def test_an_opened_account_must_change_its_password_at_first_login(world, client_for, client):
    person = factories.member(world.branch_a, "张三")
    slip = (
        client_for(world.secretary_a)
        .post(reverse("selfservice:accounts", args=[world.branch_a.pk]), {"members": [person.pk]})
        .context["slips"][0]
    )
    client.logout()
    response = client.post(reverse("login"), {"username": slip.username, "password": slip.password})
    assert response.status_code == 302
    mine = client.get(reverse("selfservice:mine"))
    assert mine.status_code == 302 and mine["Location"] == reverse("password_change")


def test_the_accounts_page_runs_the_same_queries_for_few_and_many_members(
    world, client_for, django_assert_max_num_queries
):
    client = client_for(world.secretary_a)
    url = reverse("selfservice:accounts", args=[world.branch_a.pk])
    factories.member_account(factories.member(world.branch_a, "党员00"))
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(1, 25):
        person = factories.member(world.branch_a, f"党员{n:02d}")
        if n % 2:
            factories.member_account(person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('name="members"') == 25

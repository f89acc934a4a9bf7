"""The ledger (台账): records of a period, filters, per-member totals, Excel and Word exports."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from branches.exports import ledger as ledger_files
from branches.models import Activity
from branches.periods import calendar_year
from branches.selectors import ledger
from branches.services.activities import AgendaEntry, Filing, file_activity
from tests.clock import SHANGHAI, TODAY
from tests.factories import committee, member, record
from tests.utils import get_ok


@pytest.fixture
def people(world):
    org = world.branch_a
    result = [member(org, n) for n in ("王芳", "李强", "张敏", "陈静", "刘洋")]
    committee(org, result)
    return {p.name: p for p in result}


def _committee_meeting(world, people, day=datetime.date(2026, 3, 10)):
    return file_activity(
        actor=world.secretary_a,
        organization=world.branch_a,
        kind="committee_meeting",
        values={
            "status": "held",
            "date": day,
            "place": "党员活动室",
            "host": "王芳",
            "recorder": "李强",
            "topic": "研究发展党员工作",
        },
        filing=Filing(
            absences={people["陈静"].id: "sick", people["刘洋"].id: "official"},
            agenda=[
                AgendaItemEntry("讨论申月娥转正", "同意提交支部党员大会讨论", "passed", 3),
            ],
        ),
        today=TODAY,
    )


def AgendaItemEntry(title, decision, result, votes_for):  # noqa: N802 - reads like a row
    return AgendaEntry(
        title=title,
        decision=decision,
        result=result,
        votes_for=votes_for,
        votes_against=0,
        votes_abstain=0,
    )


def test_done_when_committee_meeting_shows_in_ledger_calendar_and_home(world, people, client_for):
    client = client_for(world.secretary_a)
    home = client.get(reverse("home")).content.decode()
    assert "支部委员会会议" in home.split("todo-due")[1].split("</ul>")[0]

    url = reverse("branches:activity_create", args=[world.branch_a.pk, "committee_meeting"])
    ordered = sorted(people.values(), key=lambda p: p.name)
    data = {
        "status": "held",
        "date": TODAY.isoformat(),
        "place": "党员活动室",
        "host": "王芳",
        "recorder": "李强",
        "topic": "研究本月工作",
        "listed": ",".join(str(p.id) for p in ordered),
        "present": [str(p.id) for p in ordered if p.name not in ("陈静", "刘洋")],
        f"reason_{people['陈静'].id}": "sick",
        f"reason_{people['刘洋'].id}": "personal",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-title": "布置主题党日",
        "agenda-0-decision": "月底开展",
    }
    assert client.post(url, data).status_code == 302

    ledger_page = client.get(reverse("branches:ledger", args=[world.branch_a.pk])).content.decode()
    assert "研究本月工作" in ledger_page and "陈静（病假）" in ledger_page
    assert "5/3" in ledger_page
    calendar = client.get(
        reverse("branches:compliance_calendar", args=[world.branch_a.pk])
    ).content.decode()
    month_card = calendar.split(f"{TODAY.year}年{TODAY.month}月")[1].split("</ul>")[0]
    assert "slot-kept" in month_card.split("支部委员会会议")[0] + month_card
    home = client.get(reverse("home")).content.decode()
    due = home.split("todo-due")[1].split("</ul>")[0] if "todo-due" in home else ""
    assert "支部委员会会议" not in due


def test_ledger_lists_period_records_and_filters_by_kind_and_date(world, people, client_for):
    _committee_meeting(world, people)
    record(world.branch_a, "theme_day", datetime.date(2026, 4, 8), topic="参观红色教育基地")
    record(world.branch_a, "theme_day", datetime.date(2025, 4, 8), topic="去年的主题党日")
    client = client_for(world.secretary_a)
    url = reverse("branches:ledger", args=[world.branch_a.pk])
    body = client.get(url + "?year=2026").content.decode()
    assert "研究发展党员工作" in body and "参观红色教育基地" in body
    assert "去年的主题党日" not in body
    body = client.get(url + "?year=2026&kind=theme_day").content.decode()
    assert "参观红色教育基地" in body and "研究发展党员工作" not in body
    body = client.get(url + "?year=2026&date_from=2026-04-01").content.decode()
    assert "参观红色教育基地" in body and "研究发展党员工作" not in body


def test_school_year_ledger_spans_september_to_august(world, people, client_for):
    record(world.branch_a, "theme_day", datetime.date(2025, 9, 8), topic="开学第一课")
    record(world.branch_a, "theme_day", datetime.date(2025, 8, 8), topic="上学年")
    url = reverse("branches:ledger", args=[world.branch_a.pk]) + "?year=2025&school=1"
    body = client_for(world.secretary_a).get(url).content.decode()
    assert "开学第一课" in body and "上学年" not in body and "2025学年度" in body


@pytest.mark.parametrize(
    "query", ["?kind=nope", "?date_from=2026-13-45", "?year=x&school=1", "?status=%ff"]
)
def test_ledger_survives_bad_filters(world, client_for, query):
    url = reverse("branches:ledger", args=[world.branch_a.pk]) + query
    assert client_for(world.secretary_a).get(url).status_code == 200
    export = reverse("branches:ledger_export", args=[world.branch_a.pk, "xlsx"]) + query
    assert client_for(world.secretary_a).get(export).status_code == 200


def test_unknown_export_format_is_404(world, client_for):
    url = reverse("branches:ledger_export", args=[world.branch_a.pk, "csv"])
    assert client_for(world.secretary_a).get(url).status_code == 404


def test_member_totals_count_attendance_and_hours(world, people):
    _committee_meeting(world, people)
    record(world.branch_a, "study", datetime.date(2026, 5, 1), hours=Decimal("3.5"))
    record(
        world.branch_a,
        "volunteer",
        datetime.date(2026, 6, 1),
        hours=Decimal("2"),
        absences={people["王芳"].id: ""},
    )
    totals = {
        t.member.name: t
        for t in ledger.member_totals(
            world.branch_a, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
        )
    }
    chen = totals["陈静"]
    assert (chen.expected, chen.present, chen.rate) == (2, 1, 50)
    assert chen.study_hours == Decimal("3.5") and chen.volunteer_hours == Decimal("2")
    wang = totals["王芳"]
    assert (wang.expected, wang.present, wang.volunteer_hours) == (2, 2, Decimal("0"))


def _export(client, world, fmt, query="?year=2026"):
    response = client.get(reverse("branches:ledger_export", args=[world.branch_a.pk, fmt]) + query)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return io.BytesIO(b"".join(response.streaming_content))


def test_excel_export_has_a_sheet_per_kind_with_the_records_facts(world, people, client_for):
    from openpyxl import load_workbook

    meeting = _committee_meeting(world, people)
    record(
        world.branch_a, "study", datetime.date(2026, 5, 1), hours=Decimal("4"), topic="集中学习党章"
    )
    book = load_workbook(_export(client_for(world.reviewer_d1), world, "xlsx"))
    assert {"支部委员会会议", "集中学习、参观学习", "出席明细", "个人统计"} <= set(book.sheetnames)
    rows = list(book["支部委员会会议"].values)
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:9] == (
        "时间",
        "地点",
        "主持人",
        "记录人",
        "应到",
        "实到",
        "缺席及原因",
        "主题",
        "内容与决议",
    )
    assert first["时间"] == "2026-03-10"
    assert first["地点"] == meeting.place and first["主持人"] == "王芳"
    assert (first["应到"], first["实到"]) == ("5", "3")
    assert first["缺席及原因"] == "刘洋（公假）、陈静（病假）"
    assert "讨论申月娥转正：同意提交支部党员大会讨论" in first["内容与决议"]
    assert "赞成 3" in first["内容与决议"]
    attendance = list(book["出席明细"].values)[1:]
    assert (
        "2026-03-10",
        "支部委员会会议",
        "研究发展党员工作",
        "陈静",
        "缺席",
        "病假",
    ) in attendance
    assert len(attendance) == 10
    totals = {r[0]: r for r in list(book["个人统计"].values)[1:]}
    assert totals["陈静"][1:6] == (2, 1, 50, 4, 0)  # committee meeting + study


def test_word_export_has_a_record_page_per_meeting(world, people, client_for):
    from docx import Document

    _committee_meeting(world, people)
    record(
        world.branch_a,
        "lecture",
        datetime.date(2026, 6, 28),
        topic="党的光辉历程",
        lecturer="钱志林",
    )
    record(world.branch_a, "lecture", datetime.date(2026, 12, 1), status="planned", topic="计划中")
    document = Document(_export(client_for(world.secretary_a), world, "docx"))
    tables = [
        {row.cells[0].text: row.cells[1].text for row in table.rows}
        for table in document.tables[:-1]
    ]
    assert len(tables) == 2  # planned records are not in the ledger's record pages
    meeting, lecture = tables
    assert meeting["时间"] == "2026-03-10"
    assert meeting["地点"] == "党员活动室"
    assert (meeting["主持人"], meeting["记录人"]) == ("王芳", "李强")
    assert (meeting["应到"], meeting["实到"]) == ("5", "3")
    assert meeting["缺席及原因"] == "刘洋（公假）、陈静（病假）"
    assert meeting["主题"] == "研究发展党员工作"
    assert meeting["内容与决议"].startswith("1. 讨论申月娥转正：同意提交支部党员大会讨论")
    assert "授课人：钱志林" in lecture["其他"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "支部委员会会议：研究发展党员工作" in headings
    totals = document.tables[-1]
    assert totals.rows[0].cells[0].text == "姓名"
    assert len(totals.rows) == 1 + 5


def test_exports_follow_the_kind_filter(world, people, client_for):
    from openpyxl import load_workbook

    _committee_meeting(world, people)
    record(world.branch_a, "theme_day", datetime.date(2026, 4, 8))
    book = load_workbook(
        _export(client_for(world.secretary_a), world, "xlsx", "?year=2026&kind=theme_day")
    )
    assert "支部委员会会议" not in book.sheetnames and "主题党日" in book.sheetnames


# Session, user, role rows (2), organisations under the user's, the branch, the number of records
# (pagination), one page of records with 应到/实到 and group, talker, talkee; prefetches of agenda items, absentees (with names) and appraisals (with
# members); per-member totals (one aggregate over the period's attendance, the members).
LEDGER_QUERIES = 13


def test_ledger_page_query_count_does_not_grow(
    world, people, client_for, django_assert_num_queries
):
    url = reverse("branches:ledger", args=[world.branch_a.pk]) + "?year=2026"
    _committee_meeting(world, people)
    client = client_for(world.secretary_a)
    with django_assert_num_queries(LEDGER_QUERIES):
        get_ok(client, url)
    for month in range(4, 11):
        _committee_meeting(world, people, datetime.date(2026, month, 3))
        record(world.branch_a, "study", datetime.date(2026, month, 5), hours=Decimal("2"))
        member(world.branch_a, f"新党员{month}")
    client = client_for(world.secretary_a)
    with django_assert_num_queries(LEDGER_QUERIES):
        get_ok(client, url)


# Session, user, role rows (2), organisations under the user's, organisation cards (member counts;
# group and child counts); the to-do: the branches, party groups, committees in office, record
# counts per month and kind, last held record, study hours and talks per member, party members,
# planned records, committee terms, members per organisation; returned reports; dues (本月党费,
# arrears: the branches, members, bases, reductions, payments); 发展党员 (the active pipelines,
# the people in development without a pipeline); member accounts (selfservice: the user's own,
# the branches to open accounts in).
HOME_TODO_QUERIES = 27


def test_home_todo_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    url = reverse("home")
    client = client_for(world.secretary_a)
    with django_assert_num_queries(HOME_TODO_QUERIES):
        get_ok(client, url)
    for month in range(1, 11):
        record(world.branch_a, "theme_day", datetime.date(2026, month, 3))
    record(world.branch_a, "lecture", TODAY + datetime.timedelta(days=5), status="planned")
    record(world.branch_a, "lecture", TODAY + datetime.timedelta(days=6), status="planned")
    member(world.branch_a, "积极分子", full=None, admitted=None)
    client = client_for(world.secretary_a)
    with django_assert_num_queries(HOME_TODO_QUERIES):
        get_ok(client, url)


def test_home_todo_lists_planned_meetings_and_overdue_items(world, client_for):
    record(
        world.branch_a,
        "lecture",
        TODAY + datetime.timedelta(days=5),
        status="planned",
        topic="宪法学习",
    )
    body = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert "即将召开" in body and "宪法学习" in body
    assert "todo-overdue" in body  # in January too: last year's last three months


def test_home_in_january_lists_last_years_overdue_months_in_the_same_queries(
    world, client_for, time_machine, django_assert_num_queries
):
    record(world.branch_a, "theme_day", datetime.date(2025, 12, 4))
    time_machine.move_to(datetime.datetime(2026, 1, 15, 10, 0, tzinfo=SHANGHAI))
    client = client_for(world.secretary_a)
    with django_assert_num_queries(HOME_TODO_QUERIES):
        body = get_ok(client, reverse("home")).content.decode()
    assert "2025年11月 · 主题党日" in body and "2025年12月 · 主题党日" not in body
    assert "2025年第四季度（10–12月） · 党课" in body


def test_ledger_export_streams_for_a_year(world, people):
    period = calendar_year(2026)
    _committee_meeting(world, people)
    stream, content_type = ledger_files.export_xlsx(
        world.branch_a, period, ledger.records(world.branch_a, period.start, period.end)
    )
    assert content_type.endswith("sheet") and stream.read(2) == b"PK"
    assert Activity.objects.count() == 1


def test_party_committee_secretary_sees_the_todo_of_each_branch_below(world, client_for):
    from tests import factories

    committee_org = factories.OrganizationFactory(
        school=world.school_a, kind="committee", name="大坪小学党委"
    )
    first = factories.OrganizationFactory(
        school=world.school_a, parent=committee_org, name="第一党支部"
    )
    second = factories.OrganizationFactory(
        school=world.school_a, parent=committee_org, name="第二党支部"
    )
    secretary = factories.UserFactory(username="sec_committee")
    factories.OrganizationRoleFactory(user=secretary, organization=committee_org)
    body = client_for(secretary).get(reverse("home")).content.decode()
    assert f"{first.name} · 待办" in body and f"{second.name} · 待办" in body
    assert "龙虎塘第二实验小学党支部 · 待办" not in body


def test_volunteer_service_lists_participants_not_absentees(world, people, client_for):
    record(
        world.branch_a,
        "volunteer",
        datetime.date(2026, 5, 16),
        topic="“双报到”社区志愿服务",
        hours=Decimal("3"),
        absences={people["王芳"].id: "", people["李强"].id: ""},
    )
    body = (
        client_for(world.secretary_a)
        .get(reverse("branches:ledger", args=[world.branch_a.pk]) + "?year=2026")
        .content.decode()
    )
    assert "参加 3 人" in body
    assert "王芳（" not in body

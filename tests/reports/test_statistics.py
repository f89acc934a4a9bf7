"""The figures of a report equal the records of its period (built here through the filing services)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from branches.models import Activity, Honour, Member, Movement
from branches.periods import calendar_year, school_year, term
from branches.services.activities import Filing, file_activity
from branches.services.roster import record_movement
from reports.selectors import statistics
from reports.selectors.drafts import draft_work_section
from reports.services.reports import submit_report
from tests.factories import make_report

D = datetime.date
Kind = Activity.Kind


def _member(org, name, admitted=None, full=None, **extra):
    return Member.objects.create(
        organization=org, name=name, admission_date=admitted, full_date=full, **extra
    )


def _held(world, kind, day, topic, absent=(), hours=None, group=None):
    return file_activity(
        actor=world.secretary_a,
        organization=world.branch_a,
        kind=kind,
        values={"date": day, "topic": topic, "hours": hours, "group": group, "status": "held"},
        filing=Filing(absences={member.id: "sick" for member in absent}),
    )


@pytest.fixture
def records(world):
    """Branch A in 2021: 4 members at the start, 5 at the end; meetings, study, service, honours."""
    org = world.branch_a
    m1 = _member(org, "钱丽美", D(2009, 6, 1), D(2010, 6, 1))
    m2 = _member(org, "陆志坚", D(2014, 6, 1), D(2015, 6, 1))
    _member(org, "王燕", D(2021, 5, 10))  # developed in 2021, probationary at the end
    _member(org, "许华章", D(2020, 3, 1), D(2021, 3, 1))  # converted in 2021
    m5 = _member(org, "徐彩芬", D(2011, 6, 1), D(2012, 6, 1))
    record_movement(member=m5, kind=Movement.Kind.TRANSFER_OUT, date=D(2021, 7, 1))
    m6 = _member(org, "王丽先", D(2000, 6, 1), D(2001, 6, 1))
    record_movement(member=m6, kind=Movement.Kind.TRANSFER_IN, date=D(2021, 9, 1))
    _member(org, "申请人", application_date=D(2021, 1, 1))

    _held(world, Kind.GENERAL_MEETING, D(2021, 3, 15), "学习党史", absent=[m5])
    _held(world, Kind.GENERAL_MEETING, D(2021, 10, 10), "预备党员转正")
    _held(world, Kind.STUDY, D(2021, 4, 20), "集中学习", absent=[m2], hours=Decimal("3"))
    _held(world, Kind.STUDY, D(2021, 11, 1), "参观学习", hours=Decimal("2.5"))
    _held(world, Kind.VOLUNTEER, D(2021, 6, 1), "社区双报到", absent=[m1, m2], hours=Decimal(4))
    _held(world, Kind.GENERAL_MEETING, D(2020, 12, 31), "去年的会")  # outside the period
    file_activity(
        actor=world.secretary_a,
        organization=org,
        kind=Kind.THEME_DAY,
        values={"date": D(2021, 12, 30), "topic": "计划中", "status": "planned"},
        filing=Filing(),
    )  # planned, not held: does not count
    Honour.objects.create(
        organization=org,
        recipient="organization",
        title="先进基层党组织",
        level="district",
        year=2021,
    )
    Honour.objects.create(
        organization=org,
        recipient="member",
        member=m1,
        title="优秀共产党员",
        level="town",
        year=2020,
    )
    return org


def test_figures_equal_the_records_of_the_period(records):
    stats = statistics.compute(records, calendar_year(2021))
    values = {figure.key: figure.value for figure in stats.all()}
    assert values["members_start"] == 4
    assert values["members_end"] == 5
    assert values["probationary_end"] == 1
    assert values["developed"] == 1
    assert values["converted"] == 1
    assert values["transferred_in"] == 1
    assert values["transferred_out"] == 1
    assert values["other_leaving"] == 0
    assert values["kind-general_meeting"] == 2
    assert values["kind-study"] == 2
    assert values["kind-volunteer"] == 1
    assert values["kind-theme_day"] == 0
    assert values["study_hours"] == Decimal("21.5")  # 3 h x 3 present + 2.5 h x 5 present
    assert values["study_hours_per_member"] == Decimal("4.3")  # 21.5 / 5 members at the end
    assert values["volunteer_hours"] == Decimal("12")  # 4 h x 3 present
    assert values["volunteer_hours_per_member"] == Decimal("2.4")
    assert values["volunteer_participants"] == 3
    assert values["honours"] == 1


def test_probationary_member_transferred_in_is_a_transfer_not_a_development(world):
    org = world.branch_a
    _member(org, "本支部接收", D(2021, 5, 10))
    moved = _member(org, "外单位接收", D(2021, 3, 1))  # admitted by another branch
    record_movement(member=moved, kind=Movement.Kind.TRANSFER_IN, date=D(2021, 6, 1))
    # Came in as an activist, then admitted here: a development of this branch.
    activist = _member(org, "转入后接收", D(2021, 9, 1), activist_date=D(2020, 1, 1))
    record_movement(member=activist, kind=Movement.Kind.TRANSFER_IN, date=D(2021, 2, 1))
    # Admitted here, left, and came back: still developed here.
    back = _member(org, "转出又转回", D(2021, 4, 1))
    record_movement(member=back, kind=Movement.Kind.TRANSFER_OUT, date=D(2021, 7, 1))
    record_movement(member=back, kind=Movement.Kind.TRANSFER_IN, date=D(2021, 10, 1))

    stats = statistics.compute(org, calendar_year(2021)).by_key()
    assert stats["developed"].value == 3
    assert stats["transferred_in"].value == 3
    _, rows = statistics.records_for(org, calendar_year(2021), "developed")
    assert sorted(m.name for m in rows) == ["本支部接收", "转入后接收", "转出又转回"]


def test_required_counts_agree_with_the_compliance_calendar(world, records):
    from branches.selectors.compliance import compliance_for

    stats = statistics.compute(records, calendar_year(2021)).by_key()
    calendar = compliance_for([records], year=2021)[records.id]
    for kind in ("general_meeting", "theme_day", "group_meeting", "lecture", "life_meeting"):
        slots = [slot for slot in calendar.slots if slot.kind == kind]
        assert stats[f"kind-{kind}"].required == len(slots), kind


def test_talks_are_required_of_every_member_not_as_a_number_of_records(records):
    talks = statistics.compute(records, calendar_year(2021)).by_key()["kind-talk"]
    assert talks.required is None and not talks.shortfall
    assert talks.note == "每名党员至少一次"


def test_required_counts_and_attendance_rates(records):
    stats = statistics.compute(records, calendar_year(2021))
    figures = stats.by_key()
    assert figures["kind-general_meeting"].required == 4
    assert figures["kind-general_meeting"].shortfall
    assert figures["kind-theme_day"].required == 12
    assert figures["kind-group_meeting"].required == 12  # one party group
    assert figures["kind-committee_meeting"].required == 0  # no committee in office
    assert figures["kind-general_meeting"].attendance_rate == Decimal("88.9")  # 8 of 9
    assert stats.attendance_rate == Decimal("88.9")  # (3+5+3+5) of (4+5+4+5)


def test_every_count_equals_the_records_its_link_shows(records):
    period = calendar_year(2021)
    for figure in statistics.compute(records, period).all():
        if figure.unit in ("次", "人", "项"):
            _kind, rows = statistics.records_for(records, period, figure.key)
            assert len(rows) == figure.value, figure.key


def test_school_year_counts_september_to_august(records):
    stats = statistics.compute(records, school_year(2020))  # 2020-09-01 .. 2021-08-31
    assert stats.value("kind-general_meeting") == 2  # 2020-12-31 and 2021-03-15
    assert stats.value("kind-volunteer") == 1
    assert stats.value("transferred_in") == 0


def test_term_requirements_scale_with_its_length(records):
    stats = statistics.compute(records, term(D(2011, 1, 1), D(2013, 12, 31)))
    assert stats.by_key()["kind-general_meeting"].required == 12
    assert stats.by_key()["kind-life_meeting"].required == 3


def test_draft_summarises_each_kind_with_dates_topics_and_totals(records):
    text = draft_work_section(records, calendar_year(2021))
    assert (
        "1、支部党员大会：共开展 2 次（3月15日、10月10日），应开展 4 次，主题为“学习党史”“预备党员转正”，出席率 88.9%。"
        in text
    )
    assert "合计 21.5 学时，人均 4.3 学时" in text
    assert "3 人次参加，合计服务 12 小时" in text
    assert "主题党日：本期台账中尚无记录（按要求应开展 12 次）。" in text
    assert "期初党员 4 名，期末 5 名（其中预备党员 1 名）" in text
    assert "发展党员 1 名" in text and "转入 1 名" in text and "转出 1 名" in text
    assert "获得表彰 1 项：“2021 先进基层党组织（龙虎塘第二实验小学党支部）”" in text
    assert "去年的会" not in text and "计划中" not in text


# organisations under, activities by kind, organisations + 6 queries of the compliance rules,
# 2 roster aggregates (members, movements), hours, honours, dues (members, bases, reductions,
# payments, remittances)
STATISTICS_QUERIES = 18


def test_statistics_queries_do_not_grow_with_records(world, django_assert_num_queries):
    period = calendar_year(2021)
    with django_assert_num_queries(STATISTICS_QUERIES):
        statistics.compute(world.branch_a, period)
    for number in range(6):
        _member(world.branch_a, f"党员{number}", D(2015, 1, 1), D(2016, 1, 1))
    for month in range(1, 7):
        _held(world, Kind.THEME_DAY, D(2021, month, 5), f"主题党日{month}")
        _held(world, Kind.STUDY, D(2021, month, 6), f"学习{month}", hours=Decimal(2))
    with django_assert_num_queries(STATISTICS_QUERIES):
        statistics.compute(world.branch_a, period)


def test_detail_page_shows_the_figures_beside_last_years(world, client_for, records):
    report = make_report(records, world.secretary_a, year=2021)
    body = client_for(world.reviewer_d1).get(reverse("reports:detail", args=[report.pk]))
    html = body.content.decode()
    figure_url = reverse("reports:figure", args=[report.pk, "kind-general_meeting"])
    assert f'<a href="{figure_url}">2</a>' in html
    assert f'<a href="{figure_url}?period=previous">1</a>' in html  # 2020-12-31


def test_figure_page_of_last_year_lists_last_years_records(world, client_for, records):
    report = make_report(records, world.secretary_a, year=2021)
    url = reverse("reports:figure", args=[report.pk, "kind-general_meeting"])
    body = client_for(world.secretary_a).get(url, {"period": "previous"}).content.decode()
    assert "去年的会" in body and "学习党史" not in body


def test_queue_summary_equals_the_full_statistics(world, records):
    this_year = make_report(records, world.secretary_a, year=2021)
    now, before = statistics.summaries([this_year])[this_year.pk]
    for summary, period in ((now, calendar_year(2021)), (before, calendar_year(2020))):
        full = statistics.compute(records, period).by_key()
        meetings = sum(
            full[f"kind-{kind}"].value
            for kind in ("general_meeting", "committee_meeting", "group_meeting", "lecture")
        )
        assert summary.meetings == meetings
        assert summary.theme_days == full["kind-theme_day"].value
        assert summary.attendance_rate == statistics.compute(records, period).attendance_rate
        assert summary.study_hours_per_member == full["study_hours_per_member"].value
        assert summary.volunteer_hours == full["volunteer_hours"].value
        assert summary.members_end == full["members_end"].value
    assert (now.meetings, before.meetings) == (2, 1)


def test_queue_shows_each_report_beside_its_figures_and_last_years(world, client_for, records):
    report = make_report(records, world.secretary_a, year=2021)
    submit_report(report=report, actor=world.secretary_a)
    body = client_for(world.reviewer_d1).get(reverse("reports:queue")).content.decode()
    assert "三会一课 2" in body and "（1）" in body
    assert "人均学时 4.3" in body


def test_word_file_table_shows_the_same_figures_as_the_records(world, client_for, records):
    import io

    import docx

    report = make_report(records, world.secretary_a, year=2021)
    content = (
        client_for(world.reviewer_d1).get(reverse("reports:docx", args=[report.pk])).getvalue()
    )
    table = docx.Document(io.BytesIO(content)).tables[0]
    cells = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert cells["支部党员大会"] == "2 次"
    assert cells["集中学习学时合计"] == "21.5 学时"
    assert cells["人均学习学时"] == "4.3 学时"
    assert cells["志愿服务时长合计"] == "12 小时"
    assert cells["期初党员人数"] == "4 人"
    assert cells["期末党员人数"] == "5 人"
    assert cells["发展党员（接收预备党员）"] == "1 人"
    assert cells["获得表彰"] == "1 项"
    attendance = {row.cells[0].text: row.cells[3].text for row in table.rows[1:]}
    assert attendance["支部党员大会"] == "88.9%"


def test_queue_figures_kept_equal_a_recomputation_after_a_write(
    world, records, settings, django_assert_num_queries
):
    """Kept per organisation and period (as in production): read again unchanged in one query
    for the versions; after a record is filed, the figures are the new ones."""
    report = make_report(records, world.secretary_a, year=2021)
    settings.KEPT_FIGURES = True
    cache.clear()
    first = statistics.summaries([report])
    with django_assert_num_queries(2):  # the subtree, the versions
        assert statistics.summaries([report]) == first
    _held(world, Kind.THEME_DAY, D(2021, 5, 4), "主题党日")
    kept = statistics.summaries([report])
    settings.KEPT_FIGURES = False
    assert kept == statistics.summaries([report])
    assert kept[report.pk][0].theme_days == first[report.pk][0].theme_days + 1
    assert kept[report.pk][1] == first[report.pk][1]

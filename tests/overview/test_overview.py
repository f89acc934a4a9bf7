"""The district overview: its numbers equal the branches' own calendars and ledgers, drill-down,
filters, report statuses, access and a constant query count."""

import datetime
import re
from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse

from branches.models import Organization
from branches.periods import calendar_year
from reports.models import Report
from reports.selectors.statistics import compute
from tests import factories
from tests.clock import TODAY
from tests.factories import (
    PAST_YEAR,
    HonourFactory,
    committee,
    keep_up,
    make_report,
    member,
    record,
    second_branch,
    submitted,
)
from tests.utils import get_ok

YEAR = PAST_YEAR  # a past year: every window is over, so each slot is kept or missing


def overview_url(world, name="overview:district", **query):
    query.setdefault("year", YEAR)
    url = reverse(name, args=[world.district1.pk])
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def get_overview(client, world, **query):
    response = client.get(overview_url(world, **query))
    assert response.status_code == 200
    return response


def slots(window_slots):
    return [(slot.kind, slot.group_id, slot.state, slot.held) for slot in window_slots]


# -- the numbers equal the branches' own pages ------------------------------------------------


def test_every_cell_equals_the_branch_own_compliance_calendar(world, client_for):
    other = second_branch(world)
    people = keep_up(world.branch_a, [1, 2, 3, 5, 8], study_hours=4)
    committee(world.branch_a, people, start=datetime.date(2024, 3, 1))
    record(world.branch_a, "committee_meeting", datetime.date(YEAR, 2, 5))
    record(world.branch_a, "general_meeting", datetime.date(YEAR, 2, 6))
    record(world.branch_a, "group_meeting", datetime.date(YEAR, 4, 6), group=world.group_a)
    keep_up(other, [6, 7])
    client = client_for(world.reviewer_d1)
    overview = get_overview(client, world).context["overview"]
    assert {row.organization for row in overview.rows} == {world.branch_a, other}
    for row in overview.rows:
        calendar = client.get(
            reverse("branches:compliance_calendar", args=[row.organization.pk]), {"year": YEAR}
        ).context["result"]
        windows = [row.slots for row in (*calendar.months, *calendar.quarters)]
        windows.append(calendar.yearly)
        assert [slots(cell.slots) for cell in row.cells] == [slots(w) for w in windows]
        assert (row.kept, row.missing, row.rate) == (
            calendar.kept_count,
            calendar.missing_count,
            calendar.rate,
        )


def test_cells_read_without_colour_and_missing_cells_open_the_branch_calendar(world, client_for):
    people = keep_up(world.branch_a, [3])
    committee(world.branch_a, people, start=datetime.date(2024, 3, 1))
    body = get_overview(client_for(world.reviewer_d1), world).content.decode()
    calendar = reverse("branches:compliance_calendar", args=[world.branch_a.pk])
    # March: committee meeting missing, the group's meeting missing, theme day held.
    march = re.search(
        r'<td class="ov-cell ov-partial"><a href="([^"]+)" title="3月[^"]*">([^<]+)<', body
    )
    assert march.group(2) == "委✗ 组✗ 日✓"
    assert march.group(1) == f"{calendar}?year={YEAR}"
    april = re.search(r'<td class="ov-cell ov-missing"><a href="([^"]+)" title="4月', body)
    assert april.group(1) == f"{calendar}?year={YEAR}"
    assert "✗" in body and "部分缺项" in body and "主题党日" in body  # the legend


def test_kept_cells_open_the_ledger_for_that_month(world, client_for):
    keep_up(world.branch_a, range(1, 13))
    world.group_a.delete()
    client = client_for(world.reviewer_d1)
    cell = get_overview(client, world).context["overview"].rows[0].cells[2]  # March
    assert cell.state == "kept"
    ledger = client.get(cell.url)
    assert [(a.kind, a.date) for a in ledger.context["records"]] == [
        ("theme_day", datetime.date(YEAR, 3, 10))
    ]


def test_district_figures_equal_the_sum_of_the_branch_ledgers(world, client_for):
    other = second_branch(world)
    keep_up(world.branch_a, [1, 2, 3], absent=1, study_hours="2.5", volunteer_hours=3)
    keep_up(other, [4, 5], absent=2, study_hours=4)
    client = client_for(world.reviewer_d1)
    overview = get_overview(client, world).context["overview"]
    expected = present = 0
    study = volunteer = Decimal(0)
    held = 0
    for branch in (world.branch_a, other):
        ledger = client.get(reverse("branches:ledger", args=[branch.pk]), {"year": YEAR})
        expected += sum(total.expected for total in ledger.context["totals"])
        present += sum(total.present for total in ledger.context["totals"])
        study += sum(total.study_hours for total in ledger.context["totals"])
        volunteer += sum(total.volunteer_hours for total in ledger.context["totals"])
        held += sum(1 for activity in ledger.context["records"] if activity.is_held)
        row = next(r for r in overview.rows if r.organization == branch)
        stats = compute(branch, calendar_year(YEAR))
        assert row.attendance_rate == stats.attendance_rate
    # (3 theme days + 1 study) x 3 members in branch A, (2 + 1) x 3 in the other branch
    assert overview.figure("expected").value == expected == 4 * 3 + 3 * 3
    assert overview.figure("present").value == present
    assert overview.figure("study_hours").value == study == Decimal("2.5") * 3 + 4 * 3
    assert overview.figure("volunteer_hours").value == volunteer == 3 * 2
    assert overview.figure("records").value == held
    assert overview.figure("members").value == 6


def test_members_and_development_pipeline_as_of_the_period_end(world, client_for):
    member(world.branch_a, "老党员")
    member(world.branch_a, "新党员", full=None, admitted=datetime.date(YEAR, 6, 1))
    from branches.models import Member

    Member.objects.create(
        organization=world.branch_a,
        name="积极分子",
        application_date=datetime.date(2023, 3, 1),
        activist_date=datetime.date(2024, 3, 1),
    )
    overview = get_overview(client_for(world.reviewer_d1), world).context["overview"]
    values = {key: overview.figure(key).value for key in ("members", "full", "probationary")}
    assert values == {"members": 2, "full": 1, "probationary": 1}
    assert overview.figure("stage-activist").value == 1
    assert overview.figure("developed").value == 1


def test_report_statuses_of_the_year_count_not_started_organisations(world, client_for):
    second_branch(world)
    submitted(world, year=YEAR)
    overview = get_overview(client_for(world.reviewer_d1), world).context["overview"]
    assert overview.figure("reports-none").value == 1
    assert overview.figure("reports-submitted").value == 1
    assert overview.figure("reports-approved").value == 0
    row = next(row for row in overview.rows if row.organization == world.branch_a)
    assert row.reports_text == f"{YEAR}年度 年度党建工作总结：已提交，待审阅"


def test_ratings_of_approved_reports_are_counted(world, client_for):
    report = submitted(world, year=YEAR)
    report.approve(by=world.reviewer_d1, rating=Report.Rating.FAIRLY_GOOD)
    make_report(world.branch_a, world.secretary_a, year=YEAR, kind=Report.Kind.DUTY)
    overview = get_overview(client_for(world.reviewer_d1), world).context["overview"]
    assert overview.figure("rating-fairly_good").value == 1
    assert overview.figure("reports-draft").value == 1
    assert overview.figure("reports-none").value == 0


def test_honours_of_the_year_by_level(world, client_for):
    HonourFactory(organization=world.branch_a, year=YEAR, level="city")
    HonourFactory(organization=world.branch_a, year=YEAR - 1, level="city")
    HonourFactory(organization=world.branch_b, year=YEAR, level="city")  # another district
    overview = get_overview(client_for(world.reviewer_d1), world).context["overview"]
    assert overview.figure("honours").value == 1
    assert overview.figure("honours-city").value == 1


# -- silent branches, filters and sorting -------------------------------------------------------


def test_a_branch_without_records_for_30_days_is_flagged(world, client_for):
    other = second_branch(world)
    record(other, "theme_day", TODAY - datetime.timedelta(days=3))
    client = client_for(world.reviewer_d1)
    response = get_overview(client, world, year=TODAY.year)
    overview = response.context["overview"]
    assert {row.organization: row.silent for row in overview.rows} == {
        world.branch_a: True,
        other: False,
    }
    assert overview.figure("silent").value == 1
    assert "⚠30天无记录" in response.content.decode()
    only = get_overview(client, world, silent=1).context["overview"]
    assert [row.organization for row in only.rows] == [world.branch_a]


def test_filter_by_school_and_organisation_kind(world, client_for):
    other = second_branch(world)
    committee_org = factories.OrganizationFactory(
        school=other.school, name="新华实验小学党委", kind=Organization.Kind.COMMITTEE
    )
    client = client_for(world.reviewer_d1)
    rows = get_overview(client, world, school_id=other.school.pk).context["overview"].rows
    assert {row.organization for row in rows} == {other, committee_org}
    rows = get_overview(client, world, kind="committee").context["overview"].rows
    assert [row.organization for row in rows] == [committee_org]
    body = get_overview(client, world, kind="committee").content.decode()
    assert "不适用：活动记录按党支部填报" in body


def test_sort_by_compliance_rate_puts_the_laggard_first(world, client_for):
    other = second_branch(world, "百草园小学")  # sorts before 龙虎塘 by school name
    keep_up(world.branch_a, range(1, 13))
    world.group_a.delete()
    keep_up(other, [1])
    client = client_for(world.reviewer_d1)
    by_school = get_overview(client, world).context["overview"].rows
    assert [row.organization for row in by_school] == [other, world.branch_a]
    best_first = get_overview(client, world, sort="-rate").context["overview"].rows
    assert [row.organization for row in best_first] == [world.branch_a, other]
    worst_first = get_overview(client, world, sort="rate").context["overview"].rows
    assert [row.organization for row in worst_first] == [other, world.branch_a]


def test_school_year_has_september_first(world, client_for):
    overview = get_overview(client_for(world.reviewer_d1), world, school=1).context["overview"]
    assert overview.columns[0].label == "9月"
    assert overview.period.label == f"{YEAR}学年度"


def test_bad_filter_values_show_a_message_and_fall_back(world, client_for):
    response = get_overview(client_for(world.reviewer_d1), world, year="abc", sort="x", kind="y")
    body = response.content.decode()
    assert response.context["overview"].period.year == TODAY.year
    assert "请输入整数" in body or "输入一个整数" in body or "整数" in body
    other_school = world.school_b.pk  # a school of another district is not a choice
    response = get_overview(client_for(world.reviewer_d1), world, school_id=other_school)
    assert response.context["overview"].rows[0].organization == world.branch_a


# -- drill-down ---------------------------------------------------------------------------------


def test_each_figure_lists_as_many_records_as_it_counts(world, client_for):
    other = second_branch(world)
    keep_up(world.branch_a, [1, 2, 3], absent=1, study_hours=2, volunteer_hours=1)
    keep_up(other, [2])
    submitted(world, year=YEAR)
    client = client_for(world.reviewer_d1)
    overview = get_overview(client, world).context["overview"]
    for key in ("records", "members", "reports-none", "reports-submitted"):
        figure = overview.figure(key)
        page = client.get(figure.url)
        assert page.status_code == 200
        assert page.context["page"].paginator.count == figure.value, key
    attendance = client.get(overview.figure("expected").url).context["page"].object_list
    assert sum(a.expected_count for a in attendance) == overview.figure("expected").value
    assert sum(a.present_count for a in attendance) == overview.figure("present").value
    by_month = client.get(
        overview_url(world, "overview:records", key="kind-theme_day", month=f"{YEAR}-02")
    )
    assert by_month.context["page"].paginator.count == 2
    assert by_month.context["page"].paginator.count == overview.charts.by_kind[4][2][1]


def test_drill_down_is_read_only_and_unknown_keys_are_404(world, client_for):
    keep_up(world.branch_a, [1])
    client = client_for(world.reviewer_d1)
    body = client.get(overview_url(world, "overview:records", key="records")).content
    assert b"<form" not in body.split(b"<main", 1)[1]
    missing = client.get(overview_url(world, "overview:records", key="nothing"))
    assert missing.status_code == 404


def test_reviewer_of_another_district_gets_404_everywhere(world, client_for):
    client = client_for(world.reviewer_d1)
    for name in ("overview:district", "overview:export", "overview:records"):
        url = reverse(name, args=[world.district2.pk])
        assert client.get(url, {"key": "records"}).status_code == 404, name


# -- navigation and the admin's district picker ------------------------------------------------


def test_menu_and_home_panel_lead_the_reviewer_to_the_overview(world, client_for):
    client = client_for(world.reviewer_d1)
    home = client.get(reverse("home")).content.decode()
    assert reverse("overview:home") in home
    assert reverse("overview:district", args=[world.district1.pk]) in home
    response = client.get(reverse("overview:home"), {"year": 2024})
    assert response["Location"] == reverse("overview:district", args=[world.district1.pk]) + (
        "?year=2024"
    )


def test_admin_picks_any_district(world, client_for):
    client = client_for(world.admin)
    response = client.get(reverse("overview:home"), {"district": world.district2.pk})
    assert response["Location"] == reverse("overview:district", args=[world.district2.pk])
    body = client.get(response["Location"]).content.decode()
    assert "大坪小学第一党支部" in body
    assert "常州市新北区教育局" in body  # the picker offers the other district


# -- speed --------------------------------------------------------------------------------------


# Session, user, role rows (2), the district; organisations with roster counts; compliance_for's
# six (groups, committees, records by month, last record, study hours, members); held records by
# organisation and month; attendance and hours by organisation and month; reports; stages;
# developed/converted; honours by level; districts for the picker; schools for the filter; dues
# (members, bases, reductions, payments, remittances).
OVERVIEW_QUERIES = 25


def test_query_count_does_not_grow_with_branches_or_records(
    world, client_for, django_assert_num_queries
):
    keep_up(world.branch_a, [1], study_hours=1)
    client = client_for(world.reviewer_d1)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        get_ok(client, overview_url(world))
    for index in range(4):
        branch = second_branch(world, f"扩展小学{index}")
        factories.PartyGroupFactory(organization=branch)
        people = keep_up(branch, range(1, 13), absent=1, study_hours=2, volunteer_hours=1)
        committee(branch, people, start=datetime.date(2024, 1, 1))
        HonourFactory(organization=branch, year=YEAR)
        submitted_report = make_report(branch, world.admin, year=YEAR, written=False)
        assert submitted_report.pk
    client = client_for(world.reviewer_d1)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        get_ok(client, overview_url(world))


def test_kept_figures_equal_a_full_recomputation_after_a_write(world, client_for, settings):
    """With the figures kept (as in production), the overview read again after a record is
    filed for one branch shows the same figures, charts and cells as one computed afresh."""
    other = second_branch(world)
    keep_up(world.branch_a, [1, 2, 3], absent=1, study_hours="2.5", volunteer_hours=3)
    keep_up(other, [4, 5], absent=2, study_hours=4)
    client = client_for(world.reviewer_d1)

    def seen():
        overview = get_overview(client, world).context["overview"]
        figures = {f.key: f.value for section in overview.sections for f in section.figures}
        rows = [
            (row.organization.pk, row.kept, row.missing, row.silent, row.held, row.expected)
            + (row.present, row.study_hours, [cell.text for cell in row.cells])
            for row in overview.rows
        ]
        return figures, rows, overview.charts.as_json(), overview.charts.schools

    settings.KEPT_FIGURES = True
    cache.clear()
    seen()  # kept
    record(other, "theme_day", datetime.date(YEAR, 6, 10))
    kept_view = seen()
    settings.KEPT_FIGURES = False
    assert kept_view == seen()

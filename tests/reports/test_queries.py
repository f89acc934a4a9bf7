"""Every report page runs the same number of queries with few and with many rows."""

import datetime

from django.urls import reverse

from branches.models import Member
from reports.models import Report
from reports.services.reports import submit_report
from tests.factories import make_report
from tests.utils import get_ok


def _reports(world, years):
    """Reports of branch A in several states, one per year."""
    reports = []
    for index, year in enumerate(years):
        report = make_report(world.branch_a, world.secretary_a, year=year)
        if index % 3 >= 1:
            submit_report(report=report, actor=world.secretary_a)
        if index % 3 == 2:
            report.return_for_changes(by=world.reviewer_d1, comments=[("work", "补充数字。")])
        reports.append(report)
    return reports


def _rounds(world, report, rounds):
    """Submit and return the report `rounds` times: versions and comments pile up."""
    for number in range(rounds):
        submit_report(report=report, actor=world.secretary_a)
        report.return_for_changes(
            by=world.reviewer_d1, comments=[("", f"意见{number}"), ("plans", f"举措{number}")]
        )
        report.save_text(
            by=world.secretary_a,
            expected_version=report.lock_version,
            section_plans=f"第{number}次修改",
        )
    submit_report(report=report, actor=world.secretary_a)
    return report


# Each list page with its queries: session, user, role rows (2), then
LIST_PAGES = [
    # organisations under the user's; their organisations with school; reports with authors.
    ("secretary_a", "reports:mine", {}, 7),
    # organisations under the user's; the branch; its reports with version counts; its
    # committees (for a term report).
    ("secretary_a", "reports:organization_reports", {"pk": "branch_a"}, 8),
    # the number of reports (pagination); one page of reports with version counts; the
    # organisations under them; their records and rosters for the key figures (two); the number
    # waiting; schools for the filter.
    ("reviewer_d1", "reports:queue", {}, 11),
    # the number of reports (none on the page: no figures to read); the number waiting; schools.
    ("reviewer_d1", "reports:queue", {"status": "submitted", "year": "2021"}, 7),
    # the reviewer's districts; their schools with organisation counts; reports waiting; the
    # user's own member account (selfservice).
    ("reviewer_d1", "home", {}, 8),
    # organisations under the user's, organisation cards (member counts; group and child counts);
    # the to-do (twelve, see tests/branches/test_ledger.py); returned reports; their comments;
    # dues (the branches, members, bases, reductions, payments); 发展党员 (active pipelines); member
    # accounts (selfservice: the user's own, the branches to open accounts in).
    ("secretary_a", "home", {}, 28),
]


def test_list_pages_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    _reports(world, [2021, 2020, 2019])
    for many in (False, True):
        if many:
            _reports(world, range(2005, 2017))
        for role, name, args, queries in LIST_PAGES:
            query = {} if "pk" in args else args
            url = reverse(name, args=[world.branch_a.pk] if "pk" in args else None)
            client = client_for(world.user(role))
            with django_assert_num_queries(queries):
                get_ok(client, url, query)


# Each report page with its queries: session, user, role rows (2), the report with organisation,
# school, district, author and committee, then
STATISTICS = 18  # organisations under it, activities by kind, the compliance rules (organisations
# and six queries), two roster aggregates, movements, hours, honours, dues (members, bases,
# reductions, payments, remittances)
REPORT_PAGES = {
    # versions; comments; statistics of the period and of the previous one; the report's history:
    # its rows with who saved them, earlier versions, the author and the reviewer they name (four);
    # the period's projects (one; none here).
    "reports:detail": 5 + 2 + 2 * STATISTICS + 4 + 1,
    # versions with who submitted them.
    "reports:diff": 6,
    # statistics of the period.
    "reports:print": 5 + STATISTICS,
    "reports:docx": 5 + STATISTICS,
}
# Session, user, role rows (2), organisations under the user's, the report, the report again
# (locked for the edit), statistics of the period, the comments on it, the period's projects.
EDIT_QUERIES = 9 + STATISTICS


def test_report_pages_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    few_report = _rounds(world, make_report(world.branch_a, world.secretary_a, year=2020), 1)
    many_report = _rounds(world, make_report(world.branch_a, world.secretary_a, year=2021), 5)
    for name, queries in REPORT_PAGES.items():
        for report in (few_report, many_report):
            client = client_for(world.reviewer_d1)
            with django_assert_num_queries(queries):
                get_ok(client, reverse(name, args=[report.pk]))
    for report in (few_report, many_report):
        report.return_for_changes(by=world.reviewer_d1, comments=[("work", "再看看。")])
        url = reverse("reports:edit", args=[report.pk])
        client = client_for(world.secretary_a)
        with django_assert_num_queries(EDIT_QUERIES):
            get_ok(client, url)


# Session, user, role rows (2), organisations under the user's, the report, the organisations under
# its organisation, the members behind the figure.
FIGURE_PAGE_QUERIES = 8


def test_figure_page_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    report = make_report(world.branch_a, world.secretary_a, year=2021)
    url = reverse("reports:figure", args=[report.pk, "members_end"])
    client = client_for(world.secretary_a)
    with django_assert_num_queries(FIGURE_PAGE_QUERIES):
        _response = get_ok(client, url)
    for number in range(15):
        Member.objects.create(
            organization=world.branch_a,
            name=f"党员{number}",
            admission_date=datetime.date(2015, 1, 1),
            full_date=datetime.date(2016, 1, 1),
        )
    client = client_for(world.secretary_a)
    with django_assert_num_queries(FIGURE_PAGE_QUERIES):
        response = get_ok(client, url)
    assert "党员14" in response.content.decode()


def test_reviewer_home_counts_waiting_reports(world, client_for):
    _reports(world, [2019, 2020, 2021, 2022])  # draft, submitted, returned, draft
    body = client_for(world.reviewer_d1).get(reverse("home")).content.decode()
    waiting = Report.objects.awaiting_review().count()
    assert waiting == 1
    assert f"{waiting} 份报告等待审阅" in body

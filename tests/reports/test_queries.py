"""Every report page runs the same number of queries with few and with many rows."""

import datetime

from django.urls import reverse

from branches.models import Member
from reports.models import Report
from reports.services.reports import submit_report
from tests.reports.conftest import make_report
from tests.utils import count_queries


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


def test_list_pages_query_count_does_not_grow(world, client_for):
    pages = [
        (world.secretary_a, reverse("reports:mine")),
        (world.secretary_a, reverse("reports:organization_reports", args=[world.branch_a.pk])),
        (world.reviewer_d1, reverse("reports:queue")),
        (world.reviewer_d1, reverse("reports:queue") + "?status=submitted&year=2021"),
        (world.reviewer_d1, reverse("home")),
        (world.secretary_a, reverse("home")),
    ]
    _reports(world, [2021, 2020, 2019])
    few = [count_queries(client_for(user), url)[1] for user, url in pages]
    _reports(world, range(2005, 2017))
    many = [count_queries(client_for(user), url)[1] for user, url in pages]
    assert few == many


def test_report_pages_query_count_does_not_grow(world, client_for):
    few_report = _rounds(world, make_report(world.branch_a, world.secretary_a, year=2020), 1)
    many_report = _rounds(world, make_report(world.branch_a, world.secretary_a, year=2021), 5)
    for name in ("reports:detail", "reports:diff", "reports:print", "reports:docx"):
        counts = [
            count_queries(client_for(world.reviewer_d1), reverse(name, args=[report.pk]))[1]
            for report in (few_report, many_report)
        ]
        assert counts[0] == counts[1], name
    edit_counts = []
    for report in (few_report, many_report):
        report.return_for_changes(by=world.reviewer_d1, comments=[("work", "再看看。")])
        url = reverse("reports:edit", args=[report.pk])
        edit_counts.append(count_queries(client_for(world.secretary_a), url)[1])
    assert edit_counts[0] == edit_counts[1]


def test_figure_page_query_count_does_not_grow(world, client_for):
    report = make_report(world.branch_a, world.secretary_a, year=2021)
    url = reverse("reports:figure", args=[report.pk, "members_end"])
    _response, few = count_queries(client_for(world.secretary_a), url)
    for number in range(15):
        Member.objects.create(
            organization=world.branch_a,
            name=f"党员{number}",
            admission_date=datetime.date(2015, 1, 1),
            full_date=datetime.date(2016, 1, 1),
        )
    response, many = count_queries(client_for(world.secretary_a), url)
    assert few == many
    assert "党员14" in response.content.decode()


def test_reviewer_home_counts_waiting_reports(world, client_for):
    _reports(world, [2019, 2020, 2021, 2022])  # draft, submitted, returned, draft
    body = client_for(world.reviewer_d1).get(reverse("home")).content.decode()
    waiting = Report.objects.awaiting_review().count()
    assert waiting == 1
    assert f"{waiting} 份报告等待审阅" in body

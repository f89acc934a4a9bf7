"""Each submitted version keeps the figures it was submitted with; later record changes are shown."""

import datetime

from django.urls import reverse

from branches.models import Activity, Member
from branches.services.activities import Filing, file_activity
from reports.services.reports import submit_report
from tests.factories import make_report
from tests.utils import get_ok

D = datetime.date


def _hold_general_meeting(world, day):
    return file_activity(
        actor=world.secretary_a,
        organization=world.branch_a,
        kind=Activity.Kind.GENERAL_MEETING,
        values={"date": day, "topic": "支部党员大会", "status": "held"},
        filing=Filing(),
    )


def test_submission_keeps_the_figures_computed_from_the_records(world):
    Member.objects.create(
        organization=world.branch_a,
        name="甲",
        admission_date=D(2010, 1, 1),
        full_date=D(2011, 1, 1),
    )
    _hold_general_meeting(world, D(2021, 3, 10))
    report = make_report(world.branch_a, world.secretary_a)
    version = submit_report(report=report, actor=world.secretary_a)
    assert version.figures[f"kind-{Activity.Kind.GENERAL_MEETING}"] == 1
    assert version.figures["members_end"] == 1


def test_reviewer_sees_figures_that_changed_after_submission(world, client_for):
    Member.objects.create(
        organization=world.branch_a,
        name="甲",
        admission_date=D(2010, 1, 1),
        full_date=D(2011, 1, 1),
    )
    _hold_general_meeting(world, D(2021, 3, 10))
    report = make_report(world.branch_a, world.secretary_a)
    submit_report(report=report, actor=world.secretary_a)
    url = reverse("reports:detail", args=[report.pk])

    body = client_for(world.reviewer_d1).get(url).content.decode()
    assert "台账记录有变动" not in body

    _hold_general_meeting(world, D(2021, 6, 10))  # filed after the report was submitted
    body = client_for(world.reviewer_d1).get(url).content.decode()
    assert "第 1 稿提交后，台账记录有变动" in body
    assert "提交时 1，现在 2" in body


def test_report_page_shows_who_moved_the_report_along(world, client_for):
    report = make_report(world.branch_a, world.secretary_a)
    client_for(world.secretary_a).post(reverse("reports:submit", args=[report.pk]))
    client = client_for(world.reviewer_d1)
    client.post(reverse("reports:approve", args=[report.pk]), {"rating": "good"})
    body = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "修改记录" in body
    assert "甲书记" in body and "新北审阅" in body  # who submitted, who approved
    assert "已通过" in body  # the status change, before -> after


# Session, user, role rows (2); the report with organisation, school, district, author and
# committee; versions; comments; the statistics of the period (organisations under it,
# activities by kind, the compliance rules (organisations and six queries), two roster aggregates,
# movements, hours, honours; dues: members, bases, reductions, payments, remittances: 18) and of
# the previous period (18); the report's history: its rows with who saved them, earlier versions,
# the author and the reviewer they name (four); the period's projects (one, none here).
REPORT_PAGE_QUERIES = 48


def test_report_page_query_count_does_not_grow_with_its_history(
    world, client_for, django_assert_num_queries
):
    report = make_report(world.branch_a, world.secretary_a)
    submit_report(report=report, actor=world.secretary_a)
    report.return_for_changes(by=world.reviewer_d1, comments=[("", "请补充。")])
    url = reverse("reports:detail", args=[report.pk])
    client = client_for(world.reviewer_d1)
    with django_assert_num_queries(REPORT_PAGE_QUERIES):
        get_ok(client, url)
    for _ in range(3):
        report.refresh_from_db()
        submit_report(report=report, actor=world.secretary_a)
        report.return_for_changes(by=world.reviewer_d1, comments=[("", "再补充。")])
    client = client_for(world.reviewer_d1)
    with django_assert_num_queries(REPORT_PAGE_QUERIES):
        get_ok(client, url)

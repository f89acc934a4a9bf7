"""Each submitted version keeps the figures it was submitted with; later record changes are shown."""

import datetime

from django.urls import reverse

from branches.models import Activity, Member
from branches.services.activities import Filing, file_activity
from tests.reports.conftest import make_report

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
    version = report.submit(by=world.secretary_a)
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
    report.submit(by=world.secretary_a)
    url = reverse("reports:detail", args=[report.pk])

    body = client_for(world.reviewer_d1).get(url).content.decode()
    assert "台账记录有变动" not in body

    _hold_general_meeting(world, D(2021, 6, 10))  # filed after the report was submitted
    body = client_for(world.reviewer_d1).get(url).content.decode()
    assert "第 1 稿提交后，台账记录有变动" in body
    assert "提交时 1，现在 2" in body

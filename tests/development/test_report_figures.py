"""The yearly report's 发展党员 and 转正 figures come from the pipeline (the member's dates are
written by its steps) and their drill-down links to each person's pipeline."""

from django.urls import reverse

from development.services import sync_member
from reports.selectors import statistics
from tests.development.helpers import D, applicant, pipeline_for
from tests.factories import make_report


def test_developed_and_converted_figures_follow_the_steps(world, client_for):
    admitted = pipeline_for(applicant(world.branch_a, "新党员"))
    for number, day in ((1, D(2022, 3, 1)), (3, D(2022, 9, 1)), (7, D(2023, 9, 5))):
        admitted.steps.create(number=number, date=day)
    admitted.steps.create(number=15, date=D(2024, 5, 10))
    admitted.steps.create(number=23, date=D(2025, 5, 12))
    sync_member(admitted)
    report = make_report(world.branch_a, world.secretary_a, year=2025)
    figures = {
        f.key: f.value for f in statistics.compute(report.organization, report.period).roster
    }
    assert figures["converted"] == 1 and figures["developed"] == 0
    page = client_for(world.secretary_a).get(
        reverse("reports:figure", args=[report.pk, "converted"])
    )
    assert reverse("development:person", args=[admitted.member_id]) in page.content.decode()

"""The yearly report's figures include the dues collected, expected and remitted, equal to the
register, with a link to the branch's dues pages."""

from decimal import Decimal

from django.urls import reverse

from reports.selectors import statistics
from tests.factories import dues_branch, make_report


def test_report_figures_show_dues_expected_collected_and_remitted(world, client_for):
    dues_branch(world.branch_a, 2, wage=3000)  # 15.00 each
    secretary = client_for(world.secretary_a)
    for month in (1, 2, 3):
        secretary.post(
            reverse("dues:all_paid", args=[world.branch_a.pk, 2026, month]),
            {"paid_on": f"2026-0{month}-10"},
        )
    secretary.post(
        reverse("dues:remittance", args=[world.branch_a.pk, 2026, 1]),
        {"amount": "90.00", "remitted_on": "2026-04-08", "receiver": "新北区教育局党委"},
    )
    report = make_report(world.branch_a, world.secretary_a, year=2026)
    stats = statistics.compute(world.branch_a, report.period)
    assert stats.value("dues_expected") == Decimal("360.00")
    assert stats.value("dues_collected") == Decimal("90.00")
    assert stats.value("dues_remitted") == Decimal("90.00")
    page = secretary.get(reverse("reports:figure", args=[report.pk, "dues_collected"]))
    assert page.status_code == 200
    assert reverse("dues:year", args=[world.branch_a.pk, 2026]) in page.content.decode()

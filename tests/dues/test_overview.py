"""The district overview's dues table equals the branches' registers."""

import io

import openpyxl
from django.urls import reverse

from tests.factories import dues_branch


def test_the_overview_dues_figures_equal_the_branch_register(world, client_for):
    dues_branch(world.branch_a, 3, wage=5200)  # 78.00 each
    secretary = client_for(world.secretary_a)
    for month in (1, 2, 3, 4):
        secretary.post(
            reverse("dues:all_paid", args=[world.branch_a.pk, 2026, month]),
            {"paid_on": f"2026-0{month}-10"},
        )
    secretary.post(
        reverse("dues:remittance", args=[world.branch_a.pk, 2026, 1]),
        {"amount": "702.00", "remitted_on": "2026-04-08", "receiver": "新北区教育局党委"},
    )
    register = secretary.get(reverse("dues:register", args=[world.branch_a.pk, 2026, "xlsx"]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(register.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    year_due, year_paid = rows[-1][5], rows[-1][6]
    reviewer = client_for(world.reviewer_d1)
    response = reviewer.get(reverse("overview:district", args=[world.district1.pk]), {"year": 2026})
    (row,) = response.context["dues_rows"]
    assert float(row.totals.expected) == year_due == 78 * 3 * 12
    assert float(row.totals.collected) == year_paid == 78 * 3 * 4
    first, second = row.quarters[:2]
    assert (first.collected, first.remitted, first.differs) == (702, 702, False)
    assert second.remitted is None
    page = response.content.decode()
    assert "党费收缴" in page and "已上缴 702.00" in page

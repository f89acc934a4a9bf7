"""The issue's acceptance walk with the demo data: 新北区's reviewer sees both schools' compliance
for a year, clicks from a missing cell to the branch's calendar, and exports the same to Excel."""

import io
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_xinbei_reviewer_clicks_from_a_missing_cell_to_the_branch_calendar(demo, client):
    client.force_login(get_user_model().objects.get(username="reviewer_xinbei"))
    response = client.get(reverse("reports:overview_home"), {"year": 2025}, follow=True)
    overview = response.context["overview"]
    assert {row.organization.school.name for row in overview.rows} == {
        "龙虎塘第二实验小学",
        "新华实验小学",
    }
    assert all(row.rate is not None for row in overview.rows)
    cell = next(
        cell for row in overview.rows for cell in row.cells if cell.state in ("missing", "partial")
    )
    calendar = client.get(cell.url)
    assert calendar.status_code == 200
    assert calendar.context["period"].year == 2025
    assert any(slot.is_missing for slot in calendar.context["result"].slots)

    export = client.get(
        reverse("reports:overview_export", args=[overview.district.pk]), {"year": 2025}
    )
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content)))["合规矩阵"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == [row.organization.name for row in overview.rows]
    assert [list(row[3:20]) for row in rows] == [
        [cell.text for cell in row.cells] for row in overview.rows
    ]

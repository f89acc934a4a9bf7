"""Pages that must stay usable at province scale (data from generate_scale)."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from branches.models import DistrictReviewer
from reports.models import Report
from reports.views.reports import QUEUE_PAGE_SIZE


@pytest.fixture
def reviewer(db):
    call_command(
        "generate_scale",
        districts=2,
        schools=8,
        organizations=16,
        members=80,
        years=10,
        seed=2,
        stdout=io.StringIO(),
    )
    return DistrictReviewer.objects.order_by("id").first()


def test_review_queue_shows_one_page_of_reports_with_a_link_to_the_next(reviewer, client):
    in_district = Report.objects.in_district(reviewer.district)
    assert in_district.count() > QUEUE_PAGE_SIZE
    client.force_login(reviewer.user)
    response = client.get(reverse("reports:queue"))
    assert len(response.context["rows"]) == QUEUE_PAGE_SIZE
    # Reports waiting for review come first.
    statuses = [report.status for report, _now, _before in response.context["rows"]]
    waiting = in_district.awaiting_review().count()
    assert set(statuses[:waiting]) <= set(Report.AWAITING_REVIEW)
    assert "page=2" in response.content.decode()
    last = client.get(reverse("reports:queue"), {"page": 2, "status": "approved"})
    assert all(report.status == "approved" for report, _n, _b in last.context["rows"])
    # The link back to page 1 keeps the filter.
    links = re.findall(r'href="\?([^"]*)"', last.content.decode())
    assert any({"page=1", "status=approved"} <= set(link.split("&amp;")) for link in links)

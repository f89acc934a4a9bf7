"""Every paginated page (templates/partials/pagination.html): its previous and next links keep the
filters of the page, whatever they are, and change only the page number."""

import datetime
import re
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse

from reports.services.reports import submit_report
from tests.factories import PAST_YEAR, make_report, member, record
from tests.utils import get_ok


def _links(response):
    """{link text: {query parameter: value}} of the page's pagination links."""
    nav = re.search(r'<ul class="pagination.*?</ul>', response.content.decode(), re.S).group(0)
    return {
        text: dict(parse_qsl(query.replace("&amp;", "&")))
        for query, text in re.findall(r'href="\?([^"]*)">([^<]+)</a>', nav)
    }


def _roster(world, monkeypatch):
    monkeypatch.setattr("branches.views.roster.PAGE_SIZE", 1)
    for name in ("甲", "乙"):
        member(world.branch_a, name, group=world.group_a)
    member(world.branch_a, "丙")  # not in the group: filtered out
    url = reverse("branches:members", args=[world.branch_a.pk])
    return world.secretary_a, url, {"group": str(world.group_a.pk)}


def _queue(world, monkeypatch):
    monkeypatch.setattr("reports.views.reports.QUEUE_PAGE_SIZE", 1)
    for year in (2021, 2022):
        report = make_report(world.branch_a, world.secretary_a, year=year)
        submit_report(report=report, actor=world.secretary_a)
    make_report(world.branch_a, world.secretary_a, year=2023)  # a draft: filtered out
    return world.reviewer_d1, reverse("reports:queue"), {"status": "submitted"}


def _overview_records(world, monkeypatch):
    monkeypatch.setattr("overview.views.district.PAGE_SIZE", 1)
    member(world.branch_a, "甲")
    for month in (3, 4):
        record(world.branch_a, "theme_day", datetime.date(PAST_YEAR, month, 10))
    url = reverse("overview:records", args=[world.district1.pk])
    return world.reviewer_d1, url, {"year": str(PAST_YEAR), "key": "kind-theme_day"}


@pytest.mark.parametrize("page", [_roster, _queue, _overview_records], ids=lambda f: f.__name__)
def test_pagination_links_keep_the_filters(world, client_for, monkeypatch, page):
    user, url, filters = page(world, monkeypatch)
    client = client_for(user)
    first = get_ok(client, url, filters)
    assert first.context["page"].paginator.num_pages == 2
    links = _links(first)
    assert list(links) == ["下一页"]
    assert links["下一页"] == {**filters, "page": "2"}
    second = get_ok(client, url, links["下一页"])
    assert second.context["page"].number == 2
    assert _links(second) == {"上一页": {**filters, "page": "1"}}

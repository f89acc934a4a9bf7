"""The 党费 row of a branch's compliance calendar: each month collected/expected, as the dues month
page counts it, without the calendar growing in queries (dues.calendar_rows)."""

import datetime

import lxml.html
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.calendar_rows import NOT_APPLICABLE
from branches.periods import calendar_year
from dues.calendar_rows import monthly_cells
from dues.services.payments import mark_all_paid, record_payment
from tests.clock import TODAY
from tests.factories import dues_base, dues_branch, member
from tests.utils import get_ok

# A finished year: every month of it is over.
YEAR = TODAY.year - 1
BEFORE = datetime.date(YEAR, 2, 1)  # no base yet
PAID = datetime.date(YEAR, 3, 1)  # the first base's month, everyone paid
UNPAID = datetime.date(YEAR, 4, 1)  # one member did not pay


def _calendar(client, world, year=YEAR):
    url = reverse("branches:compliance_calendar", args=[world.branch_a.pk])
    return get_ok(client, f"{url}?year={year}")


def _dues_cells(response):
    """{month header: (text, classes, link)} of the 党费 line of each month card."""
    document = lxml.html.fromstring(response.content.decode())
    cells = {}
    for card in document.xpath("//div[contains(@class, 'compliance-month')]"):
        header = card.xpath(".//div[contains(@class, 'card-header')]")[0].text_content().strip()
        for line in card.xpath(".//li[contains(@class, 'calendar-extra')]"):
            if line.text_content().strip().startswith("党费"):
                links = line.xpath(".//a/@href")
                text = " ".join(" ".join(span.text_content() for span in line).split())
                cells[header] = (text, line.get("class"), links[0] if links else None)
    return cells


def _setup(world, size=3):
    people = dues_branch(world.branch_a, size, month=PAID)
    mark_all_paid(organization=world.branch_a, month=PAID, paid_on=PAID.replace(day=9), actor=None)
    for person in people[1:]:
        record_payment(
            member=person, month=UNPAID, status="paid", paid_on=UNPAID.replace(day=9), actor=None
        )
    return people


def test_calendar_shows_a_paid_month_done_and_an_unpaid_month_missing(world, client_for):
    _setup(world)
    cells = _dues_cells(_calendar(client_for(world.secretary_a), world))
    assert len(cells) == 12
    text, classes, link = cells[f"{YEAR}年3月"]
    assert text == "党费 3/3 人 已收齐" and "slot-kept" in classes
    assert link == reverse("dues:month", args=[world.branch_a.pk, YEAR, 3])
    text, classes, _link = cells[f"{YEAR}年4月"]
    assert text == "党费 2/3 人 未收齐" and "slot-missing" in classes
    text, classes, _link = cells[f"{YEAR}年2月"]
    assert "不适用" in text and "slot-na" in classes and "人" not in text
    assert cells[f"{YEAR}年5月"][0] == "党费 0/3 人 未收齐"


def test_the_counts_equal_the_dues_month_page(world, client_for):
    _setup(world, size=4)
    person = member(world.branch_a, "免交者")
    dues_base(person, 4000, PAID)
    record_payment(member=person, month=UNPAID, status="unpaid", unpaid_reason="病休", actor=None)
    client = client_for(world.secretary_a)
    cells = _dues_cells(_calendar(client, world))
    for month in (PAID, UNPAID):
        text, _classes, link = cells[f"{YEAR}年{month.month}月"]
        page = lxml.html.fromstring(get_ok(client, link).content.decode())
        statuses = [
            row.xpath("./td")[-1].text_content()
            for row in page.xpath("//table[@id='dues-lines']/tbody/tr")
        ]
        settled = sum(1 for s in statuses if "✓ 已交" in s or "免交" in s)
        assert f" {settled}/{len(statuses)} 人 " in f" {text} "
    assert cells[f"{YEAR}年3月"][0].startswith("党费 4/5 人")
    assert cells[f"{YEAR}年4月"][0].startswith("党费 3/5 人")


def test_this_month_is_open_and_later_months_not_yet_due(world, client_for):
    month = TODAY.replace(day=1)
    dues_branch(world.branch_a, 2, month=datetime.date(TODAY.year, 1, 1))
    cells = _dues_cells(_calendar(client_for(world.secretary_a), world, year=TODAY.year))
    text, classes, _link = cells[f"{TODAY.year}年{month.month}月"]
    assert text == "党费 0/2 人 待收" and "slot-due" in classes
    if month.month < 12:
        text, classes, _link = cells[f"{TODAY.year}年{month.month + 1}月"]
        assert text == "党费 0/2 人 未到期" and "slot-future" in classes


def test_a_reviewer_reads_the_row_and_a_viewer_without_access_gets_no_link(world, client_for):
    _setup(world)
    cells = _dues_cells(_calendar(client_for(world.reviewer_d1), world))
    assert cells[f"{YEAR}年4月"][2] == reverse("dues:month", args=[world.branch_a.pk, YEAR, 4])
    request = RequestFactory().get("/")
    request.user = world.secretary_b  # may not open branch A's dues pages
    months = calendar_year(YEAR).months
    cells = monthly_cells(request, world.branch_a, months, TODAY)
    assert cells[UNPAID].figure == "2/3 人" and cells[UNPAID].url is None
    assert cells[BEFORE].state == NOT_APPLICABLE


def test_calendar_queries_do_not_grow_with_members_and_months(world, client_for):
    client = client_for(world.secretary_a)
    _setup(world, size=1)
    with CaptureQueriesContext(connection) as few:
        _calendar(client, world)
    people = dues_branch(world.branch_a, 25, month=BEFORE)
    for month in range(2, 13):
        for person in people[: month * 2]:
            record_payment(
                member=person,
                month=datetime.date(YEAR, month, 1),
                status="paid",
                paid_on=datetime.date(YEAR, month, 9),
                actor=None,
            )
    with CaptureQueriesContext(connection) as many:
        cells = _dues_cells(_calendar(client, world))
    assert cells[f"{YEAR}年12月"][0].startswith("党费 24/26 人")
    assert len(many.captured_queries) == len(few.captured_queries)

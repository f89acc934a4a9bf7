"""The roll-up shows each district with the district overview's figures, and adds them up."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from branches.periods import calendar_year
from overview.selectors.figures import build_overview
from regions.selectors.rollup import (
    FIGURES,
    district_totals,
    group,
    organization_rows,
    organizations_of,
)
from tests import factories


def _fill(world):
    factories.keep_up(world.branch_a, [1, 2, 3], absent=1, year=factories.PAST_YEAR)
    factories.keep_up(world.branch_c, [1], year=factories.PAST_YEAR)
    factories.submitted(world, year=factories.PAST_YEAR)


def test_each_district_line_equals_the_district_overview(region_world):
    w = region_world
    _fill(w)
    period, today = calendar_year(factories.PAST_YEAR), datetime.date.today()
    rows = organization_rows(
        organizations_of([w.district1, w.district3]), period=period, today=today
    )
    lines, total = group(rows, lambda r: r.organization.school.district_id, lambda r: "")
    for line in lines:
        overview = build_overview(
            line.rows[0].organization.school.district, period=period, today=today
        )
        assert line.members == overview.figure("members").value
        assert line.rate == overview.rate
        assert line.missing == overview.missing
        assert line.statuses["submitted"] == overview.figure("reports-submitted").value
        assert line.statuses["none"] == overview.figure("reports-none").value
    assert total.members == sum(line.members for line in lines)
    assert total.kept == sum(line.kept for line in lines)


def test_city_page_lists_its_districts_and_drills_down_to_the_branch(region_world, client):
    w = region_world
    _fill(w)
    client.force_login(w.city)
    year = {"year": factories.PAST_YEAR}
    body = client.get(reverse("regions:rollup_city", args=["江苏省", "常州市"]), year)
    body = body.content.decode()
    assert "新北区" in body and "武进区" in body and "渝中区" not in body
    assert reverse("regions:rollup_district", args=[w.district3.pk]) in body
    body = client.get(reverse("regions:rollup_district", args=[w.district3.pk]), year)
    assert reverse("regions:rollup_school", args=[w.school_c.pk]) in body.content.decode()
    body = client.get(reverse("regions:rollup_school", args=[w.school_a.pk]), year).content.decode()
    assert reverse("branches:compliance_calendar", args=[w.branch_a.pk]) in body
    assert "已提交" in body  # the branch's report status, linked to the report
    # the city reviewer reads the calendar it links to
    calendar = reverse("branches:compliance_calendar", args=[w.branch_a.pk])
    assert client.get(calendar).status_code == 200


def test_a_bad_year_is_named_and_this_year_shown(region_world, client):
    client.force_login(region_world.city)
    url = reverse("regions:rollup_city", args=["江苏省", "常州市"])
    body = client.get(url, {"year": "99999"}).content.decode()
    assert "年度不能晚于" in body
    assert f"{datetime.date.today().year}年度汇总" in body
    body = client.get(url, {"year": "abc"}).content.decode()
    assert "年度请填写四位数字" in body
    assert "年度不能早于 2000 年" in client.get(url, {"year": "1999"}).content.decode()


def _lines_from_rows(districts, period, today):
    rows = organization_rows(organizations_of(districts), period=period, today=today)
    lines, _total = group(rows, lambda r: r.organization.school.district_id, lambda r: "")
    return {line.key: line for line in lines}


def _same(kept_line, row_line):
    for name in (*FIGURES, "schools", "statuses"):
        assert getattr(kept_line, name) == getattr(row_line, name), name


@pytest.mark.parametrize("kept", [False, True])
def test_district_totals_equal_the_lines_built_from_every_organisation(
    region_world, settings, kept
):
    """The province and city pages read each district's kept totals; they are the lines the
    district's organisations add up to, before and after a write, and after a report is filed."""
    settings.KEPT_FIGURES = kept
    cache.clear()
    w = region_world
    _fill(w)
    period, today = calendar_year(factories.PAST_YEAR), datetime.date.today()
    districts = [w.district1, w.district3]
    for change in (
        lambda: None,
        lambda: factories.keep_up(w.branch_c, [2, 3], year=factories.PAST_YEAR),
        lambda: factories.member(w.branch_c, "新党员"),
        lambda: factories.make_report(w.branch_c, w.admin, year=factories.PAST_YEAR),
    ):
        change()
        expected = _lines_from_rows(districts, period, today)
        for _ in range(2):  # computed, then read back
            totals = district_totals(districts, period=period, today=today)
            for district in districts:
                _same(totals[district.id], expected[district.id])

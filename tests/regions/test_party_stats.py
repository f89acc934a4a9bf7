"""党内统计: the tables equal counts made here, independently, from the member rows; the edge
days (a birthday, an admission, a conversion or a departure on or next to the as-of day); the
drill-down lists exactly the people counted; the export has one sheet per table."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches.models import Movement, Organization
from branches.services.roster import record_movement
from regions.selectors.party_stats import build_statistics
from tests import factories
from tests.regions.counting import cells

ON = datetime.date(2026, 6, 30)


@pytest.fixture
def edge(world):
    """Branch A on the edge days around ON (2026-06-30)."""
    branch = world.branch_a
    make = factories.member
    people = {
        # age on ON: 30 exactly (birthday on the day), 29, and 31 on the birthday
        "thirty": make(branch, "整三十", birth_date=datetime.date(1996, 6, 30), gender="F"),
        "young": make(branch, "二十九", birth_date=datetime.date(1996, 7, 1), gender="M"),
        "older": make(
            branch, "三十一", birth_date=datetime.date(1995, 6, 30), gender="M", ethnicity="回族"
        ),  # fmt: skip
        # admitted on the day: a probationary member and one developed this year
        "admitted": make(
            branch, "当日接收", full=None, admitted=ON, birth_date=datetime.date(2000, 1, 1)
        ),  # fmt: skip
        # converted on the day: full, 党龄 0
        "converted": make(
            branch,
            "当日转正",
            full=ON,
            admitted=datetime.date(2025, 6, 30),
            birth_date=datetime.date(1999, 1, 1),
        ),  # fmt: skip
        # admitted the day after: not yet a party member
        "tomorrow": make(
            branch,
            "次日接收",
            full=None,
            admitted=ON + datetime.timedelta(days=1),
            birth_date=datetime.date(2000, 1, 1),
        ),  # fmt: skip
        "left_before": make(branch, "前日转出", birth_date=datetime.date(1970, 1, 1)),
        "left_on": make(branch, "当日去世", birth_date=datetime.date(1940, 1, 1)),
    }
    record_movement(member=people["left_before"], kind=Movement.Kind.TRANSFER_OUT,
                    date=ON - datetime.timedelta(days=1))  # fmt: skip
    record_movement(member=people["left_on"], kind=Movement.Kind.DEATH, date=ON)
    return people


def test_edge_days(edge, world):
    stats = build_statistics(Organization.objects.filter(pk=world.branch_a.pk), ON)
    # on the roster and admitted by ON; the two who left (the day before, on the day) are not
    assert stats.members == 5
    assert (stats.full, stats.probationary) == (4, 1)
    age = cells(stats, "age")
    # 整三十 (30 on her birthday), 二十九, 当日接收 (26), 当日转正 (27): 30 and under; 三十一: 31
    assert age == {"30岁及以下": 4, "31—35岁": 1}
    assert cells(stats, "ethnicity") == {"han": 4, "minority": 1}
    party_years = cells(stats, "party_years")
    assert party_years["probationary"] == 1  # 当日接收
    assert party_years["5年及以下"] == 1  # 当日转正: 0 years on the day
    flows = cells(stats, "flows")
    assert flows["developed"] == 1 and flows["converted"] == 1
    assert flows["out"] == 1 and flows["death"] == 1
    assert stats.balance["start"] == 6  # the five older members, the one who left, the dead
    assert stats.balance["checked"]
    assert stats.all_checked


def test_drill_down_lists_the_people_counted_with_masked_numbers(edge, world, client):
    client.force_login(world.secretary_a)
    edge["thirty"].id_number = factories.make_id_number(datetime.date(1996, 6, 30), male=False)
    edge["thirty"].save()
    url = reverse("regions:stats_organization_people", args=[world.branch_a.pk])
    page = client.get(url, {"on": ON.isoformat(), "table": "age", "cell": "30岁及以下"})
    body = page.content.decode()
    for name in ("整三十", "二十九", "当日接收", "当日转正"):
        assert name in body
    assert "三十一" not in body and "次日接收" not in body
    assert edge["thirty"].id_number not in body
    assert edge["thirty"].masked_id_number in body
    page = client.get(url, {"on": ON.isoformat(), "table": "flows", "cell": "out"})
    assert "前日转出" in page.content.decode()
    assert client.get(url, {"table": "age", "cell": "nonsense"}).status_code == 404
    assert client.get(url, {"table": "nonsense", "cell": "x"}).status_code == 404


def test_page_says_when_the_date_is_bad_and_uses_31_december(edge, world, client):
    client.force_login(world.secretary_a)
    url = reverse("regions:stats_organization", args=[world.branch_a.pk])
    body = client.get(url, {"on": "2026-13-45"}).content.decode()
    assert "请输入有效日期" in body
    assert f"截至 {datetime.date.today().year}-12-31" in body
    body = client.get(url, {"on": "1899-01-01"}).content.decode()
    assert "不能早于" in body


def test_export_has_one_sheet_per_table_with_the_page_figures(edge, world, client):
    client.force_login(world.secretary_a)
    url = reverse("regions:stats_organization_export", args=[world.branch_a.pk])
    response = client.get(url, {"on": ON.isoformat()})
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    stats = build_statistics(Organization.objects.filter(pk=world.branch_a.pk), ON)
    assert len(book.sheetnames) == len(stats.tables) + 1  # and the balance sheet
    sheet = book[book.sheetnames[2]]  # 年龄
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert values["30岁及以下"] == 4
    assert values["合计"] == 5


def test_organisation_tables(world):
    branch = world.branch_a
    committee_org = factories.OrganizationFactory(
        school=world.school_a, name="党委", kind=Organization.Kind.COMMITTEE
    )
    factories.OrganizationFactory(school=world.school_a, name="第二支部", parent=committee_org)
    factories.OrganizationFactory(
        school=world.school_a, name="未成立", founded_on=ON + datetime.timedelta(days=1)
    )
    factories.CommitteeFactory(
        organization=branch,
        term_start=datetime.date(2023, 7, 1),
        term_end=datetime.date(2026, 7, 1),
    )
    organizations = Organization.objects.filter(school=world.school_a)
    stats = build_statistics(organizations, ON)
    assert cells(stats, "org_kind") == {"committee": 1, "branch": 2}
    assert cells(stats, "committees") == {"with": 1, "without": 1}
    assert cells(stats, "elections") == {"ending": 1}  # ends in a day
    assert stats.all_checked

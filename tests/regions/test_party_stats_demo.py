"""党内统计 of the demo districts equal an independent count from the member rows."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from branches.models import Member, Organization
from dues.models import DuesBase
from regions.selectors.party_stats import build_statistics
from tests.regions.counting import cells, independent_counts


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("district", "on"),
    [("新北区", datetime.date(2026, 12, 31)), ("武进区", datetime.date(2013, 12, 28)),
     ("武进区", datetime.date(2026, 12, 31)), ("渝中区", datetime.date(2024, 12, 31))],
)  # fmt: skip
def test_demo_district_tables_equal_an_independent_count(demo, db, district, on):
    organizations = Organization.objects.filter(school__district__name=district)
    rows = list(
        Member.objects.filter(organization__in=organizations).values(
            "gender", "ethnicity", "birth_date", "education", "admission_date", "full_date",
            "joined_on", "left_on",
        )
    )  # fmt: skip
    expected = independent_counts(rows, on)
    assert expected["members"] > 0
    stats = build_statistics(organizations, on)
    assert (stats.members, stats.full) == (expected["members"], expected["full"])
    assert stats.probationary == expected["members"] - expected["full"]
    assert cells(stats, "gender") == dict(expected["gender"])
    assert cells(stats, "ethnicity") == dict(expected["ethnicity"])
    assert cells(stats, "age") == dict(expected["age"])
    assert cells(stats, "education") == dict(expected["education"])
    assert cells(stats, "status") == {
        k: v for k, v in {"full": expected["full"], "probationary": stats.probationary}.items() if v
    }
    assert stats.table("flows").cells[1].count == expected["converted"]
    assert stats.all_checked  # every table adds up to the roster; the year's balance holds


def test_the_jiaze_dues_retirees_count_as_retired(demo, db):
    jiaze = Organization.objects.filter(name="嘉泽中心小学党支部")
    on = datetime.date.today()
    stats = build_statistics(jiaze, on)
    retired_bases = {
        base.member_id: base.category
        for base in DuesBase.objects.filter(
            member__organization__in=jiaze, effective_month__lte=on
        ).order_by("effective_month", "id")
    }
    party = Member.objects.filter(organization__in=jiaze).party_members(on)
    expected = sum(1 for m in party if retired_bases.get(m.id) == "retired")
    assert expected > 0
    assert cells(stats, "occupation")["retired"] == expected

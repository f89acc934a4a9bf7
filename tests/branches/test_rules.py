"""The domain rules that pages, exports and reports share, each defined once (README, "Layout";
docs/domain.md): on the roster on day D, an organisation and those under it, held-attendance
totals, percentages, periods, the reviewer gate and download names."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404

from branches.access import require_reviewer, require_role
from branches.figures import per_member, percent
from branches.models import Activity, Attendance, Member, Organization
from branches.models.activities import RECORD_PARTICIPANT_HOURS, totals_of
from branches.models.members import on_roster_q
from branches.periods import (
    PeriodType,
    calendar_year,
    period_containing,
    school_year,
    year_period,
)
from branches.selectors.ledger import MemberTotal
from portal.downloads import DownloadResponse, ascii_filename
from tests import factories

D = datetime.date
DAY = D(2024, 6, 1)


# -- on the roster on day D ---------------------------------------------------------------------


@pytest.fixture
def roster(world):
    """Four people around DAY: joined on it, left on it, joined the day after, left the day after."""
    people = {}
    for name, joined, left in [
        ("joined_on_day", DAY, None),
        ("left_on_day", None, DAY),
        ("joins_after", DAY + datetime.timedelta(days=1), None),
        ("leaves_after", D(2020, 1, 1), DAY + datetime.timedelta(days=1)),
    ]:
        person = factories.member(world.branch_a, name)
        Member.objects.filter(pk=person.pk).update(joined_on=joined, left_on=left)
        people[name] = Member.objects.get(pk=person.pk)
    return people


def test_on_the_roster_counts_who_joined_on_the_day_and_not_who_left_on_it(world, roster):
    on_day = set(Member.objects.on_roster(DAY).values_list("name", flat=True))
    assert on_day == {"joined_on_day", "leaves_after"}
    # The loaded member and the organisation's counts apply the same rule.
    assert {name for name, m in roster.items() if m.is_on_roster(DAY)} == on_day
    count = (
        Organization.objects.filter(pk=world.branch_a.pk)
        .annotate(n=Count("members", filter=on_roster_q(DAY, prefix="members__")))
        .get()
        .n
    )
    assert count == 2


def test_on_the_roster_during_a_period_counts_anyone_on_it_some_day(world, roster):
    week = set(
        Member.objects.on_roster(DAY, until=DAY + datetime.timedelta(days=7)).values_list(
            "name", flat=True
        )
    )
    assert week == {"joined_on_day", "joins_after", "leaves_after"}
    before = DAY - datetime.timedelta(days=1)
    assert set(Member.objects.party_members(before).values_list("name", flat=True)) == {
        "left_on_day",
        "leaves_after",
    }


# -- an organisation and every organisation under it --------------------------------------------


def test_the_subtree_of_a_party_committee_holds_its_general_branch_and_their_branches(world):
    school = world.school_b
    committee = factories.OrganizationFactory(
        school=school, kind=Organization.Kind.COMMITTEE, name="大坪小学党委"
    )
    general = factories.OrganizationFactory(
        school=school, kind=Organization.Kind.GENERAL_BRANCH, parent=committee, name="总支"
    )
    branch = factories.OrganizationFactory(school=school, parent=general, name="总支第一支部")
    direct = factories.OrganizationFactory(school=school, parent=committee, name="直属支部")
    ids = Organization.objects.subtree_ids(committee)
    assert ids[0] == committee.pk
    assert set(ids) == {committee.pk, general.pk, branch.pk, direct.pk}  # not world.branch_b
    assert Organization.objects.subtree_ids(branch) == [branch.pk]
    assert Organization.objects.subtree_map([committee, general, world.branch_a]) == {
        committee.pk: {committee.pk, general.pk, branch.pk, direct.pk},
        general.pk: {general.pk, branch.pk},
        world.branch_a.pk: {world.branch_a.pk},
    }


# -- held-attendance totals ---------------------------------------------------------------------


def test_held_attendance_totals_count_held_records_of_the_period_and_hours_per_participant(world):
    people = [factories.member(world.branch_a, f"成员{i}") for i in range(3)]
    factories.record(world.branch_a, "theme_day", D(2024, 3, 1), absences={people[0].pk: "sick"})
    factories.record(world.branch_a, "study", D(2024, 3, 2), hours=Decimal("2.5"))
    volunteering = factories.record(world.branch_a, "volunteer", D(2024, 3, 3), hours=Decimal(2))
    # One participant's own hours override the record's (PARTICIPANT_HOURS).
    volunteering.attendances.filter(member=people[1]).update(hours=Decimal(5))
    factories.record(world.branch_a, "theme_day", D(2024, 3, 4), status="planned")
    factories.record(world.branch_a, "theme_day", D(2025, 1, 4))  # outside the period
    (totals,) = Attendance.objects.of_held(
        [world.branch_a.pk], D(2024, 1, 1), D(2024, 12, 31)
    ).totals("activity__organization_id")
    # Theme day 3 expected, 2 present; study 3 and 3; volunteering is not attendance.
    assert (totals["expected_count"], totals["present_count"]) == (6, 5)
    assert totals["study_hours"] == Decimal("7.5")  # 2.5 hours x 3 participants
    assert totals["volunteer_hours"] == Decimal(9)  # 2 + 5 + 2
    # The same rule over records already loaded (the reviewer's queue sums them in memory).
    loaded = (
        Activity.objects.filter(organization=world.branch_a)
        .held()
        .between(D(2024, 1, 1), D(2024, 12, 31))
        .with_counts()
        .annotate(
            participant_hours=Sum(RECORD_PARTICIPANT_HOURS, filter=Q(attendances__present=True))
        )
    )
    assert totals_of(list(loaded)) == {key: totals[key] for key in totals_of([])}


# -- percentages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (2, 3, Decimal("66.7")),
        (1, 3, Decimal("33.3")),
        (1, 2000, Decimal("0.1")),  # 0.05 rounds half up
        (1, 8, Decimal("12.5")),
        (1, 16, Decimal("6.3")),  # 6.25 -> 6.3, not banker's 6.2
        (3, 3, Decimal("100.0")),
        (0, 5, Decimal("0.0")),
        (0, 0, None),
    ],
)
def test_percentages_round_half_up_to_one_decimal(part, whole, expected):
    assert percent(part, whole) == expected


def test_the_ledger_rate_is_the_same_percentage_as_everywhere():
    assert MemberTotal(None, 3, 2, Decimal(0), Decimal(0)).rate == Decimal("66.7")
    assert MemberTotal(None, 0, 0, Decimal(0), Decimal(0)).rate is None
    assert per_member(Decimal("21.5"), 5) == Decimal("4.3")
    assert per_member(1, 0) is None


# -- periods ------------------------------------------------------------------------------------


def test_a_school_year_ends_on_31_august_and_the_next_starts_on_1_september():
    assert period_containing(D(2020, 8, 31), school_year=True) == school_year(2019)
    assert period_containing(D(2020, 9, 1), school_year=True) == school_year(2020)
    assert (school_year(2019).start, school_year(2019).end) == (D(2019, 9, 1), D(2020, 8, 31))
    assert school_year(2019).contains(D(2020, 8, 31)) and not school_year(2019).contains(
        D(2020, 9, 1)
    )
    assert school_year(2019).label == "2019学年度" and school_year(2019).school_year
    assert year_period(2019, school_year=True) == school_year(2019)
    assert period_containing(D(2020, 8, 31)) == calendar_year(2020)


def test_a_years_quarters_and_months_are_periods_with_their_labels():
    quarters = school_year(2019).quarters
    assert [(q.start, q.end) for q in quarters][1] == (D(2019, 12, 1), D(2020, 2, 29))
    assert quarters[0].label == "第一季度（9–11月）" and quarters[0].type == PeriodType.QUARTER
    months = calendar_year(2024).months
    assert len(months) == 12 and months[1].end == D(2024, 2, 29)
    assert months[2].label == "3月" and months[2].type == PeriodType.MONTH
    assert calendar_year(2024).label == "2024年度"
    assert calendar_year(2024).previous() == calendar_year(2023)


# -- the reviewer gate --------------------------------------------------------------------------


def test_the_reviewer_gate_hides_pages_from_users_without_a_role_and_refuses_secretaries(world):
    with pytest.raises(Http404):
        require_role(world.outsider)
    assert require_role(world.secretary_a).is_member
    with pytest.raises(Http404):
        require_reviewer(world.outsider, "只有审阅人")
    with pytest.raises(PermissionDenied):
        require_reviewer(world.secretary_a, "只有审阅人")
    assert require_reviewer(world.reviewer_d1, "只有审阅人").is_reviewer
    assert require_reviewer(world.admin, "只有审阅人").is_admin


# -- download names -----------------------------------------------------------------------------


def test_a_chinese_file_name_is_sent_with_an_ascii_fallback():
    name = "嘉泽中心小学党支部2026年度台账.docx"
    response = DownloadResponse(io.BytesIO(b"x"), as_attachment=True, filename=name)
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="download-2026.docx"; ')
    assert "filename*=utf-8''%E5%98%89%E6%B3%BD" in header
    plain = DownloadResponse(io.BytesIO(b"x"), as_attachment=True, filename="ledger.xlsx")
    assert plain["Content-Disposition"] == 'attachment; filename="ledger.xlsx"'
    assert ascii_filename("全区概览.xlsx") == "download.xlsx"

"""The scale generator (manage.py generate_scale) at a tiny size: shape, consistency, determinism."""

import datetime
import io
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from branches.models import (
    Activity,
    AppraisalResult,
    Attendance,
    Committee,
    District,
    DistrictReviewer,
    Member,
    Movement,
    Organization,
    OrganizationRole,
    PartyGroup,
    School,
)
from devdata import scale
from devdata.scale.province import _organisation_plan
from reports.models import Report, ReportVersion, ReviewComment

TODAY = datetime.date(2025, 6, 30)
TINY = {
    "districts": 2,
    "schools": 5,
    "organizations": 9,
    "members": 150,
    "years": 2,
    "seed": 7,
    "today": TODAY,
}


def generate(**options):
    call_command("generate_scale", **{**TINY, **options}, stdout=io.StringIO())


def generated_districts():
    return District.objects.filter(city__endswith=scale.CITY_SUFFIX)


def fingerprint():
    """The content of the generated data, without primary keys."""
    return (
        sorted(
            Activity.objects.values_list("organization__name", "kind", "date", "status", "topic")
        ),
        sorted(Member.objects.values_list("organization__name", "name", "id_number", "left_on")),
        Counter(Attendance.objects.values_list("present", "can_vote")),
        sorted(Report.objects.values_list("organization__name", "year", "status", "rating")),
    )


@pytest.fixture
def province(db):
    generate()


def test_generator_builds_the_requested_sizes(province):
    assert generated_districts().count() == 2
    assert School.objects.filter(district__in=generated_districts()).count() == 5
    assert Organization.objects.count() == 9
    assert Member.objects.count() == 150
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds[Organization.Kind.BRANCH] >= 5
    assert kinds[Organization.Kind.BRANCH] + kinds["general_branch"] + kinds["committee"] == 9


def test_every_branch_files_records_over_the_years_with_months_missed(province):
    branches = Organization.objects.branches()
    held = Activity.objects.held()
    assert held.filter(date__year=2024).count() > 40 * branches.count()
    assert set(held.values_list("organization_id", flat=True)) == set(
        branches.values_list("id", flat=True)
    )
    assert set(held.values_list("kind", flat=True)) == set(Activity.Kind.values) - {"other"}
    # Theme days are monthly, but not every branch keeps every month.
    theme_months = held.filter(kind="theme_day").count()
    assert theme_months < branches.count() * 18
    # Nothing held in the future; a few meetings planned ahead.
    assert not held.filter(date__gt=TODAY).exists()
    assert Activity.objects.planned().filter(date__gt=TODAY).exists()


def test_attendance_matches_the_roster_as_of_each_record_date(province):
    records = Activity.objects.held().select_related("organization", "group", "talker", "talkee")
    for activity in records.order_by("id")[::7]:
        expected = set(activity.expected_members().values_list("id", flat=True))
        rows = list(activity.attendances.select_related("member"))
        assert {row.member_id for row in rows} == expected, (activity.kind, activity.date)
        for row in rows:
            assert row.can_vote == row.member.can_vote_on(activity.date)
            assert row.present == (row.absence_reason == "")
    for activity in Activity.objects.held().filter(kind="appraisal"):
        graded = set(AppraisalResult.objects.filter(activity=activity).values_list("member_id"))
        assert graded == set(activity.attendances.values_list("member_id"))
    assert not Attendance.objects.filter(activity__status="planned").exists()


def test_rosters_have_groups_committees_transfers_and_people_in_development(province):
    assert PartyGroup.objects.exists()
    assert Movement.objects.filter(kind=Movement.Kind.TRANSFER_IN).exists()
    assert Movement.objects.filter(kind=Movement.Kind.TRANSFER_OUT).exists()
    for member in Member.objects.exclude(left_on=None):
        assert member.movements.filter(date=member.left_on).exists()
    assert Member.objects.filter(admission_date=None).exists()  # applicants and activists
    assert Member.objects.probationary(TODAY).exists()
    committee = Committee.objects.order_by("term_start").first()
    assert committee.posts.count() >= 3
    assert (committee.term_end - committee.term_start).days in (1095, 1096)


def test_reports_are_in_every_state_with_versions_and_comments(province):
    assert set(Report.objects.values_list("status", flat=True)) == set(Report.Status.values)
    for report in Report.objects.exclude(status=Report.Status.DRAFT):
        assert report.versions.exists()
    returned = Report.objects.filter(status=Report.Status.RETURNED).first()
    assert ReviewComment.objects.filter(report=returned).exists()
    assert not Report.objects.filter(status=Report.Status.APPROVED, rating="").exists()
    assert ReportVersion.objects.count() >= Report.objects.exclude(status="draft").count()


def test_generated_secretaries_and_reviewers_can_log_in_with_their_roles(province, client):
    secretary = OrganizationRole.objects.filter(role="secretary").first().user
    reviewer = DistrictReviewer.objects.first().user
    for user in (secretary, reviewer):
        client.logout()
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": scale.DEFAULT_PASSWORD}
        )
        assert response.status_code == 302
        assert client.get("/").status_code == 200


def test_generator_refuses_to_add_a_second_province_without_reset(province):
    with pytest.raises(CommandError, match="--reset"):
        generate()
    assert Organization.objects.count() == 9


def test_reset_regenerates_the_same_province_and_leaves_other_data_alone(province, world):
    before = fingerprint()
    generate(reset=True)
    assert fingerprint() == before
    assert Organization.objects.filter(pk=world.branch_a.pk).exists()
    assert generated_districts().count() == 2
    generate(reset=True, seed=8)
    assert fingerprint() != before


def test_scaled_sizes_stay_consistent():
    sizes = scale.Sizes.scaled(0.001)
    assert sizes.districts == 2
    assert sizes.schools >= sizes.districts
    assert sizes.organizations >= sizes.schools
    assert sizes.members >= 5 * sizes.organizations
    assert scale.Sizes.scaled(1) == scale.Sizes()


@pytest.mark.parametrize("schools,organizations", [(5, 5), (5, 6), (5, 7), (20, 31), (40, 70)])
def test_organisation_plan_gives_exactly_the_requested_number(schools, organizations):
    plan = _organisation_plan(random.Random(1), schools, organizations)
    assert len(plan) == schools
    assert sum(branches + with_parent for branches, with_parent in plan) == organizations

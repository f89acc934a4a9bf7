"""Counts as of a date, committee warnings; movements keep history (development deadlines:
tests/development/test_roster_deadlines.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from branches.models import Movement
from branches.selectors.roster import committee_warnings, roster_counts
from branches.services.roster import add_member, record_movement
from tests.factories import (
    CommitteeFactory,
    CommitteePostFactory,
    MemberFactory,
    OrganizationFactory,
    PartyGroupFactory,
)

D = datetime.date


@pytest.fixture
def branch(world):
    group1 = PartyGroupFactory(organization=world.branch_a, name="一组")
    group2 = PartyGroupFactory(organization=world.branch_a, name="二组")
    for i in range(3):
        MemberFactory(organization=world.branch_a, group=group1, work_unit="本校", name=f"甲{i}")
    MemberFactory(organization=world.branch_a, group=group2, work_unit="幼儿园", name="乙")
    MemberFactory(
        organization=world.branch_a,
        group=group2,
        work_unit="幼儿园",
        name="预备",
        admission_date=D(2023, 6, 1),
        full_date=None,
    )
    MemberFactory(
        organization=world.branch_a,
        name="积极分子",
        admission_date=None,
        full_date=None,
        activist_date=D(2023, 3, 1),
    )
    return world.branch_a


def test_counts_by_stage_group_and_unit(branch):
    counts = roster_counts([branch], D(2024, 1, 1))
    assert (counts.party_members, counts.full, counts.probationary) == (5, 4, 1)
    assert counts.in_development == 1
    assert dict(counts.by_group) == {"一组": 3, "二组": 2}
    assert dict(counts.by_unit) == {"本校": 3, "幼儿园": 2}


def test_counts_as_of_past_dates_are_right_after_transfers_in_and_out(branch):
    leaving = MemberFactory(organization=branch, name="调出校长")
    record_movement(
        member=leaving, kind=Movement.Kind.TRANSFER_OUT, date=D(2023, 9, 1), reason="交流到夏溪小学"
    )
    arriving = add_member(
        member=MemberFactory.build(organization=branch, name="调入副校长"),
        joined_on=D(2023, 9, 1),
        joined_from="成章小学",
    )
    # Before the transfers: the leaver counts, the newcomer does not.
    before = roster_counts([branch], D(2023, 8, 31))
    assert before.party_members == 6 and before.full == 5
    # On the day: the leaver is gone, the newcomer is in.
    on_day = roster_counts([branch], D(2023, 9, 1))
    assert on_day.party_members == 6 and on_day.full == 5
    after = roster_counts([branch], D(2024, 1, 1))
    assert after.party_members == 6
    assert arriving.joined_on == D(2023, 9, 1)
    # The leaver keeps their record and their history.
    leaving.refresh_from_db()
    assert leaving.left_on == D(2023, 9, 1)
    assert leaving.movements.get().reason == "交流到夏溪小学"
    assert leaving.history.count() == 2


def test_counts_before_the_probation_started_leave_the_probationer_out(branch):
    counts = roster_counts([branch], D(2023, 5, 31))
    assert counts.probationary == 0 and counts.party_members == 4


def test_a_member_cannot_leave_twice_or_before_they_joined(world):
    member = MemberFactory(organization=world.branch_a)
    record_movement(member=member, kind=Movement.Kind.TRANSFER_OUT, date=D(2022, 1, 1))
    with pytest.raises(ValidationError):
        record_movement(member=member, kind=Movement.Kind.DEATH, date=D(2022, 2, 1))
    with pytest.raises(ValidationError):
        record_movement(member=member, kind=Movement.Kind.TRANSFER_IN, date=D(2021, 1, 1))
    newcomer = add_member(
        member=MemberFactory.build(organization=world.branch_a), joined_on=D(2022, 5, 1)
    )
    with pytest.raises(ValidationError):
        record_movement(member=newcomer, kind=Movement.Kind.TRANSFER_OUT, date=D(2022, 4, 1))
    with pytest.raises(ValidationError):
        record_movement(member=newcomer, kind=Movement.Kind.TRANSFER_IN, date=D(2022, 6, 1))


def test_a_member_who_left_can_come_back(world):
    member = MemberFactory(organization=world.branch_a)
    record_movement(member=member, kind=Movement.Kind.TRANSFER_OUT, date=D(2020, 1, 1))
    record_movement(member=member, kind=Movement.Kind.TRANSFER_IN, date=D(2022, 1, 1))
    assert roster_counts([world.branch_a], D(2021, 1, 1)).party_members == 0
    assert roster_counts([world.branch_a], D(2022, 1, 1)).party_members == 1


def test_committee_term_ending_within_90_days_warns(world):
    committee = CommitteeFactory(
        organization=world.branch_a, term_start=D(2021, 6, 1), term_end=D(2024, 6, 1)
    )
    for post in ("secretary", "organization", "propaganda"):
        CommitteePostFactory(committee=committee, post=post)
    warnings = committee_warnings([world.branch_a], D(2024, 4, 1))
    assert [w.due_on for w in warnings] == [D(2024, 6, 1)]
    assert "61 天" in warnings[0].message
    assert not committee_warnings([world.branch_a], D(2024, 2, 1))


def test_committee_past_its_term_warns_until_a_new_one_is_elected(world):
    committee = CommitteeFactory(
        organization=world.branch_a, term_start=D(2020, 6, 1), term_end=D(2023, 6, 1)
    )
    for post in ("secretary", "organization", "propaganda"):
        CommitteePostFactory(committee=committee, post=post)
    warning = committee_warnings([world.branch_a], D(2024, 1, 1))[0]
    assert warning.severity == "danger" and "换届" in warning.message
    committee.ended_on = D(2023, 12, 1)
    committee.save()
    assert committee_warnings([world.branch_a], D(2024, 1, 1)) == []


def test_branch_with_seven_full_members_and_no_committee_warns(world):
    MemberFactory.create_batch(6, organization=world.branch_a)
    assert committee_warnings([world.branch_a], D(2024, 1, 1)) == []
    MemberFactory(organization=world.branch_a)
    warning = committee_warnings([world.branch_a], D(2024, 1, 1))[0]
    assert "7 名及以上" in warning.message


def test_committee_outside_three_to_seven_members_warns(world):
    committee = CommitteeFactory(organization=world.branch_a)
    secretary = CommitteePostFactory(committee=committee, post="secretary")
    # One person holding two posts counts once.
    CommitteePostFactory(committee=committee, member=secretary.member, post="discipline")
    CommitteePostFactory(committee=committee, post="organization")
    warning = committee_warnings([world.branch_a], D(2024, 6, 1))[0]
    assert "2 人" in warning.message
    CommitteePostFactory(committee=committee, post="propaganda")
    assert committee_warnings([world.branch_a], D(2024, 6, 1)) == []


def test_committee_warnings_run_two_queries_for_many_organisations(
    world, django_assert_num_queries
):
    organizations = [OrganizationFactory(school=world.school_a) for _ in range(4)]
    for org in organizations:
        CommitteeFactory(organization=org, term_start=D(2021, 6, 1), term_end=D(2024, 6, 1))
        MemberFactory.create_batch(2, organization=org)
    with django_assert_num_queries(2):
        warnings = committee_warnings(organizations, D(2024, 4, 1))
    assert len(warnings) == 8  # each: term ending + too few members

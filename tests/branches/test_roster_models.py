"""Member rules: stage dates in order (errors) and development rules (warnings, never blocks)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from branches.models import Committee, CommitteePost, Honour, Member, Stage
from tests.clock import TODAY
from tests.factories import (
    CommitteeFactory,
    HonourFactory,
    MemberFactory,
    PartyGroupFactory,
    make_id_number,
)

D = datetime.date


def build(world, **fields):
    values = {
        "organization": world.branch_a,
        "name": "王芳",
        "birth_date": D(1985, 4, 2),
        "gender": "F",
    }
    values.update(fields)
    return Member(**values)


def errors_of(member):
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    return error.value.message_dict


def test_a_member_with_dates_in_order_is_valid(world):
    build(
        world,
        application_date=D(2010, 3, 1),
        activist_date=D(2010, 9, 1),
        candidate_date=D(2011, 10, 1),
        admission_date=D(2012, 6, 30),
        full_date=D(2013, 7, 1),
        id_number=make_id_number(D(1985, 4, 2), male=False),
        phone="13912345678",
    ).full_clean()


def test_candidate_before_activist_is_an_error_on_the_later_date(world):
    errors = errors_of(build(world, activist_date=D(2012, 1, 1), candidate_date=D(2011, 1, 1)))
    assert "不能早于确定为入党积极分子日期" in errors["candidate_date"][0]


def test_full_membership_before_admission_is_an_error(world):
    errors = errors_of(build(world, admission_date=D(2012, 1, 1), full_date=D(2011, 12, 1)))
    assert "full_date" in errors


def test_full_membership_needs_an_admission_date(world):
    errors = errors_of(build(world, admission_date=None, full_date=D(2011, 12, 1)))
    assert "admission_date" in errors


def test_stage_dates_in_the_future_are_errors(world):
    tomorrow = TODAY + datetime.timedelta(days=1)
    errors = errors_of(build(world, application_date=tomorrow))
    assert "不能晚于今天" in errors["application_date"][0]


def test_stage_dates_before_birth_are_errors(world):
    errors = errors_of(build(world, application_date=D(1984, 1, 1)))
    assert "不能早于出生日期" in errors["application_date"][0]


def test_id_number_must_match_the_birth_date(world):
    member = build(world, id_number=make_id_number(D(1986, 4, 2), male=False))
    assert "不一致" in errors_of(member)["id_number"][0]


def test_id_number_must_match_the_gender(world):
    member = build(world, id_number=make_id_number(D(1985, 4, 2), male=True))
    assert "性别" in errors_of(member)["id_number"][0]


def test_birth_date_and_gender_are_filled_from_the_id_number(world):
    member = build(world, birth_date=None, gender="", id_number=make_id_number(D(1990, 1, 31)))
    member.full_clean()
    assert member.birth_date == D(1990, 1, 31) and member.gender == "M"


def test_the_same_id_number_twice_in_a_branch_is_an_error(world):
    id_number = make_id_number(D(1985, 4, 2), male=False)
    MemberFactory(organization=world.branch_a, birth_date=D(1985, 4, 2), id_number=id_number)
    errors = errors_of(build(world, id_number=id_number))
    assert "已有党员使用这个身份证号" in str(errors)


def test_a_group_of_another_branch_is_an_error(world):
    other_group = PartyGroupFactory(organization=world.branch_b)
    assert "group" in errors_of(build(world, group=other_group))


def test_extension_without_admission_is_an_error(world):
    assert "probation_extension_months" in errors_of(build(world, probation_extension_months=6))


def test_phone_is_normalised_and_checked(world):
    member = build(world, phone="138 1234 5678")
    member.full_clean()
    assert member.phone == "13812345678"
    assert "phone" in errors_of(build(world, phone="12345"))


def test_less_than_a_year_as_activist_is_a_warning_not_an_error(world):
    member = build(world, activist_date=D(2020, 1, 1), candidate_date=D(2020, 10, 1))
    member.full_clean()
    assert any("培养不足一年" in text for text in member.warnings(D(2021, 1, 1)))


def test_probation_over_a_year_with_no_decision_is_a_warning(world):
    member = build(world, admission_date=D(2020, 1, 1))
    member.full_clean()
    assert any("尚未讨论转正" in text for text in member.warnings(D(2021, 2, 1)))
    assert not member.warnings(D(2020, 12, 1))


def test_extended_probation_moves_the_end_date(world):
    member = build(world, admission_date=D(2020, 1, 1), probation_extension_months=6)
    assert member.probation_ends_on == D(2021, 7, 1)
    assert not member.warnings(D(2021, 3, 1))


def test_stage_on_a_date_follows_the_dates(world):
    member = build(
        world, activist_date=D(2018, 1, 1), admission_date=D(2020, 1, 1), full_date=D(2021, 1, 1)
    )
    assert member.stage_on(D(2017, 1, 1)) is None
    assert member.stage_on(D(2019, 1, 1)) == Stage.ACTIVIST
    assert member.stage_on(D(2020, 6, 1)) == Stage.PROBATIONARY
    assert member.stage_on(D(2021, 6, 1)) == Stage.FULL
    assert not member.can_vote_on(D(2020, 6, 1)) and member.can_vote_on(D(2021, 6, 1))


def test_probationary_member_cannot_hold_a_committee_post(world):
    committee = CommitteeFactory(organization=world.branch_a)
    member = MemberFactory(
        organization=world.branch_a, admission_date=D(2024, 1, 1), full_date=None
    )
    post = CommitteePost(committee=committee, member=member, post=CommitteePost.Post.PROPAGANDA)
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "预备党员" in str(error.value)


def test_committee_term_must_end_after_it_starts(world):
    committee = Committee(
        organization=world.branch_a, term_start=D(2024, 1, 1), term_end=D(2023, 1, 1)
    )
    with pytest.raises(ValidationError):
        committee.full_clean()


def test_committee_status_warns_90_days_before_the_end(world):
    committee = CommitteeFactory(
        organization=world.branch_a, term_start=D(2021, 1, 1), term_end=D(2024, 1, 1)
    )
    assert committee.status_on(D(2023, 9, 1)) == Committee.Status.IN_OFFICE
    assert committee.status_on(D(2023, 11, 1)) == Committee.Status.ENDING
    assert committee.status_on(D(2024, 2, 1)) == Committee.Status.OVERDUE
    committee.ended_on = D(2024, 1, 5)
    assert committee.status_on(D(2024, 2, 1)) == Committee.Status.ENDED


def test_a_member_honour_needs_a_member_of_the_same_organisation(world):
    outsider_member = MemberFactory(organization=world.branch_b)
    honour = Honour(
        organization=world.branch_a,
        recipient=Honour.Recipient.MEMBER,
        member=outsider_member,
        title="镇优秀共产党员",
        level=Honour.Level.TOWN,
        year=2012,
    )
    with pytest.raises(ValidationError) as error:
        honour.full_clean()
    assert "本党组织的党员" in str(error.value)
    honour.member = None
    with pytest.raises(ValidationError):
        honour.full_clean()


def test_a_school_honour_names_the_school(world):
    honour = HonourFactory(organization=world.branch_a, recipient=Honour.Recipient.SCHOOL)
    assert honour.recipient_name == world.school_a.name

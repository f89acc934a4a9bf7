import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from branches.access import EDIT, REVIEW, VIEW, get_district_for_user, get_organization_for_user
from branches.models import District, Organization, School
from tests import factories


def visible_names(user):
    return set(Organization.objects.visible_to(user).values_list("name", flat=True))


def test_secretary_sees_only_own_branch(world):
    assert visible_names(world.secretary_a) == {"龙虎塘第二实验小学党支部"}


def test_reviewer_sees_every_organisation_of_the_district_and_no_other(world):
    school = factories.SchoolFactory(district=world.district1, name="新华实验小学")
    factories.OrganizationFactory(school=school, name="新华实验小学党支部")
    assert visible_names(world.reviewer_d1) == {"龙虎塘第二实验小学党支部", "新华实验小学党支部"}


def test_outsider_and_anonymous_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert visible_names(world.outsider) == set()
    assert visible_names(AnonymousUser()) == set()
    assert not District.objects.visible_to(world.outsider).exists()
    assert not School.objects.visible_to(world.outsider).exists()


def test_admin_sees_everything(world):
    assert visible_names(world.admin) == set(Organization.objects.values_list("name", flat=True))


def test_committee_secretary_also_sees_its_branches(world):
    committee = factories.OrganizationFactory(
        school=world.school_b, name="大坪小学党委", kind=Organization.Kind.COMMITTEE
    )
    world.branch_b.parent = committee
    world.branch_b.save()
    secretary = factories.UserFactory()
    factories.OrganizationRoleFactory(user=secretary, organization=committee)
    assert visible_names(secretary) == {"大坪小学党委", "大坪小学第一党支部"}
    assert get_organization_for_user(secretary, world.branch_b.pk, action=EDIT) == world.branch_b


def test_branch_secretary_does_not_see_the_parent_committee(world):
    committee = factories.OrganizationFactory(
        school=world.school_b, name="大坪小学党委", kind=Organization.Kind.COMMITTEE
    )
    world.branch_b.parent = committee
    world.branch_b.save()
    assert visible_names(world.secretary_b) == {"大坪小学第一党支部"}


def test_fetch_helper_404_outside_scope_403_for_wrong_role(world):
    with pytest.raises(Http404):
        get_organization_for_user(world.secretary_b, world.branch_a.pk)
    with pytest.raises(Http404):
        get_organization_for_user(world.outsider, world.branch_a.pk)
    assert get_organization_for_user(world.reviewer_d1, world.branch_a.pk, action=VIEW)
    with pytest.raises(PermissionDenied):
        get_organization_for_user(world.reviewer_d1, world.branch_a.pk, action=EDIT)
    with pytest.raises(PermissionDenied):
        get_organization_for_user(world.secretary_a, world.branch_a.pk, action=REVIEW)
    assert get_organization_for_user(world.reviewer_d1, world.branch_a.pk, action=REVIEW)


def test_district_fetch(world):
    assert get_district_for_user(world.reviewer_d1, world.district1.pk) == world.district1
    with pytest.raises(PermissionDenied):
        get_district_for_user(world.secretary_a, world.district1.pk)
    with pytest.raises(Http404):
        get_district_for_user(world.reviewer_d1, world.district2.pk)


def test_organisation_parent_must_rank_higher_and_share_the_school(world):
    bad = Organization(
        school=world.school_a, name="x", kind=Organization.Kind.COMMITTEE, parent=world.branch_a
    )
    with pytest.raises(ValidationError, match="层级"):
        bad.full_clean()
    other_school = Organization(school=world.school_b, name="y", parent=world.branch_a)
    with pytest.raises(ValidationError, match="同一所学校"):
        other_school.full_clean()


def test_groups_only_under_branches(world):
    committee = factories.OrganizationFactory(
        school=world.school_b, kind=Organization.Kind.COMMITTEE
    )
    group = factories.PartyGroupFactory.build(organization=committee, name="第一党小组")
    with pytest.raises(ValidationError, match="党小组只能"):
        group.full_clean()

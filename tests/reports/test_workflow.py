"""Every transition of a report, allowed and refused (model methods, then a few through the views)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from branches.periods import calendar_year, school_year
from portal.versioning import StaleEdit
from reports.models import InvalidTransition, Report
from reports.services.reports import create_report, submit_report
from tests import factories
from tests.factories import approved, make_report, returned, submitted

# -- draft ---------------------------------------------------------------------------------------


def test_new_report_is_a_draft_written_by_the_secretary(world):
    report = create_report(
        organization=world.branch_a,
        kind=Report.Kind.SUMMARY,
        period=school_year(2019),
        actor=world.secretary_a,
    )
    assert report.status == Report.Status.DRAFT
    assert report.author == world.secretary_a
    assert report.title == "龙虎塘第二实验小学党支部2019学年度党建工作总结"
    assert (str(report.period_start), str(report.period_end)) == ("2019-09-01", "2020-08-31")


def test_committee_member_creates_report_authored_by_the_secretary(world):
    member = factories.UserFactory()
    factories.OrganizationRoleFactory(user=member, organization=world.branch_a, role="committee")
    report = make_report(world.branch_a, member, written=False)
    assert report.author == world.secretary_a


def test_second_report_for_same_period_and_kind_is_refused(world, draft_a):
    with pytest.raises(ValidationError, match="已有"):
        make_report(world.branch_a, world.secretary_a)


def test_database_refuses_duplicate_report_even_past_the_service(world, draft_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            organization=world.branch_a,
            kind=draft_a.kind,
            period_type=draft_a.period_type,
            period_start=draft_a.period_start,
            period_end=draft_a.period_end,
            year=draft_a.year,
            title="重复",
            author=world.secretary_a,
            report_date=draft_a.report_date,
        )


def test_same_period_different_kind_is_allowed(world, draft_a):
    duty = make_report(world.branch_a, world.secretary_a, kind=Report.Kind.DUTY)
    assert duty.pk != draft_a.pk


def test_other_branch_secretary_cannot_create_report_for_branch_a(world):
    with pytest.raises(PermissionDenied):
        create_report(
            organization=world.branch_a,
            kind=Report.Kind.SUMMARY,
            period=calendar_year(2021),
            actor=world.secretary_b,
        )


def test_reviewer_cannot_edit_a_draft(world, draft_a):
    with pytest.raises(PermissionDenied):
        draft_a.save_text(by=world.reviewer_d1, expected_version=draft_a.lock_version, title="x")


def test_save_with_stale_version_is_refused_and_keeps_saved_text(world, draft_a):
    version = draft_a.lock_version
    draft_a.save_text(by=world.secretary_a, expected_version=version, section_plans="第一个窗口")
    with pytest.raises(StaleEdit):
        draft_a.save_text(
            by=world.secretary_a, expected_version=version, section_plans="第二个窗口"
        )
    draft_a.refresh_from_db()
    assert draft_a.section_plans == "第一个窗口"


# -- submit ---------------------------------------------------------------------------------------


def test_secretary_submits_draft_and_a_version_is_kept(world, draft_a):
    version = submit_report(report=draft_a, actor=world.secretary_a)
    draft_a.refresh_from_db()
    assert draft_a.status == Report.Status.SUBMITTED
    assert version.number == 1
    assert version.section_work == draft_a.section_work


def test_committee_member_may_submit(world, draft_a):
    member = factories.UserFactory()
    factories.OrganizationRoleFactory(user=member, organization=world.branch_a, role="committee")
    submit_report(report=draft_a, actor=member)
    assert draft_a.status == Report.Status.SUBMITTED


def test_submit_with_an_empty_section_is_refused(world):
    report = make_report(world.branch_a, world.secretary_a, written=False)
    with pytest.raises(InvalidTransition, match="二、存在的主要问题和原因分析"):
        submit_report(report=report, actor=world.secretary_a)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert not report.versions.exists()


def test_reviewer_cannot_submit(world, draft_a):
    with pytest.raises(PermissionDenied):
        submit_report(report=draft_a, actor=world.reviewer_d1)


def test_submitted_report_is_read_only(world, submitted_a):
    with pytest.raises(InvalidTransition):
        submitted_a.save_text(
            by=world.secretary_a, expected_version=submitted_a.lock_version, title="改"
        )
    with pytest.raises(InvalidTransition):
        submit_report(report=submitted_a, actor=world.secretary_a)


# -- return ---------------------------------------------------------------------------------------


def test_reviewer_returns_with_a_comment_on_a_section(world, submitted_a):
    submitted_a.return_for_changes(
        by=world.reviewer_d1, comments=[("problems", "原因分析不够具体。"), ("", "")]
    )
    submitted_a.refresh_from_db()
    assert submitted_a.status == Report.Status.RETURNED
    comment = submitted_a.comments.get()
    assert (comment.section, comment.text, comment.version.number) == (
        "problems",
        "原因分析不够具体。",
        1,
    )


def test_return_without_any_comment_is_refused(world, submitted_a):
    with pytest.raises(InvalidTransition, match="至少写一条意见"):
        submitted_a.return_for_changes(by=world.reviewer_d1, comments=[("", "  ")])
    assert Report.objects.get(pk=submitted_a.pk).status == Report.Status.SUBMITTED


def test_draft_cannot_be_returned(world, draft_a):
    with pytest.raises(InvalidTransition):
        draft_a.return_for_changes(by=world.reviewer_d1, comments=[("", "意见")])


def test_secretary_cannot_return_own_report(world, submitted_a):
    with pytest.raises(PermissionDenied):
        submitted_a.return_for_changes(by=world.secretary_a, comments=[("", "意见")])


def test_reviewer_of_another_district_cannot_return(world):
    other = factories.UserFactory()
    factories.DistrictReviewerFactory(user=other, district=world.district2)
    report = submitted(world)
    with pytest.raises(PermissionDenied):
        report.return_for_changes(by=other, comments=[("", "意见")])


def test_returned_report_is_editable_and_resubmission_is_a_new_version(world):
    report = returned(world)
    report.save_text(
        by=world.secretary_a, expected_version=report.lock_version, section_problems="改写后的原因"
    )
    version = submit_report(report=report, actor=world.secretary_a)
    assert report.status == Report.Status.RESUBMITTED
    assert version.number == 2
    assert list(report.versions.values_list("section_problems", flat=True)) == [
        "1、学习形式比较单一。",
        "改写后的原因",
    ]


def test_resubmitted_report_can_be_returned_again(world):
    report = returned(world)
    submit_report(report=report, actor=world.secretary_a)
    report.return_for_changes(by=world.reviewer_d1, comments=[("plans", "举措要可检查。")])
    assert report.status == Report.Status.RETURNED
    assert report.comments.count() == 2


# -- approve --------------------------------------------------------------------------------------


def test_reviewer_approves_with_a_rating(world, submitted_a):
    submitted_a.approve(by=world.reviewer_d1, rating=Report.Rating.FAIRLY_GOOD)
    submitted_a.refresh_from_db()
    assert submitted_a.status == Report.Status.APPROVED
    assert submitted_a.get_rating_display() == "较好"
    assert submitted_a.reviewed_by == world.reviewer_d1


def test_approve_after_resubmission(world):
    report = returned(world)
    submit_report(report=report, actor=world.secretary_a)
    report.approve(by=world.reviewer_d1, rating=Report.Rating.GOOD)
    assert report.status == Report.Status.APPROVED


@pytest.mark.parametrize("rating", ["", "excellent", None])
def test_approve_needs_one_of_the_four_ratings(world, submitted_a, rating):
    with pytest.raises(InvalidTransition, match="评定等次"):
        submitted_a.approve(by=world.reviewer_d1, rating=rating)
    assert Report.objects.get(pk=submitted_a.pk).status == Report.Status.SUBMITTED


def test_draft_cannot_be_approved(world, draft_a):
    with pytest.raises(InvalidTransition):
        draft_a.approve(by=world.reviewer_d1, rating=Report.Rating.GOOD)


def test_returned_report_cannot_be_approved_before_resubmission(world):
    report = returned(world)
    with pytest.raises(InvalidTransition):
        report.approve(by=world.reviewer_d1, rating=Report.Rating.GOOD)


def test_secretary_cannot_approve_own_report(world, submitted_a):
    with pytest.raises(PermissionDenied):
        submitted_a.approve(by=world.secretary_a, rating=Report.Rating.GOOD)


def test_user_who_is_both_secretary_and_reviewer_cannot_approve_own_branch(world, submitted_a):
    factories.DistrictReviewerFactory(user=world.secretary_a, district=world.district1)
    world.secretary_a = type(world.secretary_a).objects.get(pk=world.secretary_a.pk)
    with pytest.raises(PermissionDenied, match="自己"):
        submitted_a.approve(by=world.secretary_a, rating=Report.Rating.GOOD)
    with pytest.raises(PermissionDenied, match="自己"):
        submitted_a.return_for_changes(by=world.secretary_a, comments=[("", "意见")])


def test_admin_who_wrote_the_report_cannot_approve_it(world):
    report = make_report(world.branch_a, world.admin)
    report.author = world.admin
    report.save()
    submit_report(report=report, actor=world.admin)
    with pytest.raises(PermissionDenied):
        report.approve(by=world.admin, rating=Report.Rating.GOOD)


def test_approved_report_is_read_only_for_everyone(world):
    report = approved(world)
    with pytest.raises(InvalidTransition):
        report.save_text(by=world.secretary_a, expected_version=report.lock_version, title="改")
    with pytest.raises(InvalidTransition):
        submit_report(report=report, actor=world.secretary_a)
    with pytest.raises(InvalidTransition):
        report.return_for_changes(by=world.reviewer_d1, comments=[("", "再改")])
    with pytest.raises(InvalidTransition):
        report.approve(by=world.reviewer_d1, rating=Report.Rating.POOR)
    assert Report.objects.get(pk=report.pk).rating == Report.Rating.GOOD


def test_database_refuses_a_rating_on_a_report_not_approved(world, draft_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=draft_a.pk).update(rating=Report.Rating.GOOD)


def test_history_records_each_change(world, draft_a):
    submit_report(report=draft_a, actor=world.secretary_a)
    assert draft_a.history.count() >= 3
    assert draft_a.history.first().status == Report.Status.SUBMITTED


def test_double_submit_from_two_stale_copies_makes_one_version(world, draft_a):
    tab1, tab2 = Report.objects.get(pk=draft_a.pk), Report.objects.get(pk=draft_a.pk)
    submit_report(report=tab1, actor=world.secretary_a)
    with pytest.raises(InvalidTransition):
        submit_report(report=tab2, actor=world.secretary_a)
    assert draft_a.versions.count() == 1


def test_two_reviewers_acting_on_stale_copies_cannot_both_decide(world, submitted_a):
    other = factories.UserFactory()
    factories.DistrictReviewerFactory(user=other, district=world.district1)
    first, second = Report.objects.get(pk=submitted_a.pk), Report.objects.get(pk=submitted_a.pk)
    first.approve(by=world.reviewer_d1, rating=Report.Rating.GOOD)
    with pytest.raises(InvalidTransition):
        second.return_for_changes(by=other, comments=[("", "再改改")])
    assert Report.objects.get(pk=submitted_a.pk).status == Report.Status.APPROVED


def test_submit_from_a_stale_copy_submits_the_saved_text(world, draft_a):
    stale = Report.objects.get(pk=draft_a.pk)
    draft_a.save_text(
        by=world.secretary_a, expected_version=draft_a.lock_version, section_plans="新举措"
    )
    version = submit_report(report=stale, actor=world.secretary_a)
    assert version.section_plans == "新举措"
    assert Report.objects.get(pk=draft_a.pk).section_plans == "新举措"

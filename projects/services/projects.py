"""Writes of the projects app: one transaction each, the actor recorded in the history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Activity, Honour, Organization
from projects.models import ProjectHonour, ProjectMember, ProjectRecord


def candidate_records(project):
    """Records a project may be tagged with: those of its organisation (and the organisations
    under it) dated in the project's period, not tagged yet."""
    records = Activity.objects.filter(
        organization_id__in=Organization.objects.subtree([project.organization]).values("id"),
        date__gte=project.start_date,
    ).exclude(project_links__project=project)
    if project.end_date:
        records = records.filter(date__lte=project.end_date)
    return records.order_by("-date", "-id")


def candidate_honours(project):
    return Honour.objects.filter(
        organization_id__in=Organization.objects.subtree([project.organization]).values("id")
    ).exclude(project_links__project=project)


@transaction.atomic
def tag_records(*, project, activity_ids, actor):
    """Tag the project with these records; refuses (nothing saved) any outside its candidates."""
    wanted = set(activity_ids)
    allowed = set(candidate_records(project).filter(id__in=wanted).values_list("id", flat=True))
    if wanted - allowed:
        raise ValidationError(
            _("只能关联本党组织在项目期间内、尚未关联的活动记录。"), code="record"
        )
    for activity_id in sorted(allowed):
        link = ProjectRecord(project=project, activity_id=activity_id)
        link._history_user = actor
        link.save()
    return len(allowed)


@transaction.atomic
def untag_record(*, project, activity_id, actor):
    for link in ProjectRecord.objects.filter(project=project, activity_id=activity_id):
        link._history_user = actor
        link.delete()


@transaction.atomic
def link_honours(*, project, honour_ids, actor):
    wanted = set(honour_ids)
    allowed = set(candidate_honours(project).filter(id__in=wanted).values_list("id", flat=True))
    if wanted - allowed:
        raise ValidationError(_("只能关联本党组织尚未关联的表彰。"), code="honour")
    for honour_id in sorted(allowed):
        link = ProjectHonour(project=project, honour_id=honour_id)
        link._history_user = actor
        link.save()
    return len(allowed)


@transaction.atomic
def unlink_honour(*, project, honour_id, actor):
    for link in ProjectHonour.objects.filter(project=project, honour_id=honour_id):
        link._history_user = actor
        link.delete()


@transaction.atomic
def save_project(*, project, team, actor):
    """Create or update a project and its team (a stale form is refused: StaleEdit)."""
    project._history_user = actor
    project.full_clean()
    project.save()
    wanted = {member.pk for member in team}
    for link in ProjectMember.objects.filter(project=project).exclude(member_id__in=wanted):
        link._history_user = actor
        link.delete()
    have = set(ProjectMember.objects.filter(project=project).values_list("member_id", flat=True))
    for member_id in sorted(wanted - have):
        link = ProjectMember(project=project, member_id=member_id)
        link._history_user = actor
        link.save()
    return project


@transaction.atomic
def save_milestone(*, milestone, actor):
    milestone._history_user = actor
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def review_project(*, project, example, comment, actor):
    project.district_example = example
    project.review_comment = comment
    project.reviewed_by = actor
    project._history_user = actor
    project.save()
    return project

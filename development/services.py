"""Writes of the pipeline: one transaction each; the member's stage dates follow from the steps.

`sync_member` is the one place that writes application_date ... full_date, the probation
extension and the introducers of a member who has a pipeline (the roster form shows them
read-only for such people)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Member
from development import rules
from development.models import Pipeline, Step
from development.selectors import roster_steps
from development.steps import BY_NUMBER, FULL_STEP, STAGE_STEPS


def _attach_actor(instance, actor):
    if actor is not None and actor.is_authenticated:
        instance._history_user = actor


def _lock(pipeline):
    Pipeline.objects.select_for_update().filter(pk=pipeline.pk).first()


def member_dates(steps, extension_months):
    """The member's stage dates as the steps say (full_date: the day probation ends, or the
    branch meeting's day when it was held earlier)."""
    dates = {field: steps.date(number) for field, number in STAGE_STEPS.items()}
    meeting = steps.date(FULL_STEP)
    admission = dates["admission_date"]
    full = None
    if meeting and admission:
        full = min(meeting, rules.probation_ends(admission, extension_months))
    dates["full_date"] = full
    return dates


def sync_member(pipeline, actor=None):
    """Write the member's stage dates, extension and introducers from the steps; refuse (with
    the roster's own message) what the roster's hard rules refuse."""
    member = Member.objects.select_for_update().get(pk=pipeline.member_id)
    steps = rules.Steps(pipeline.steps.select_related("person_1", "person_2"))
    wanted = member_dates(steps, pipeline.extension_months)
    wanted["probation_extension_months"] = (
        pipeline.extension_months if wanted["admission_date"] else 0
    )
    introducers = steps.first(9)
    if introducers and wanted["admission_date"]:
        wanted["introducer_1_id"] = introducers.person_1_id
        wanted["introducer_2_id"] = introducers.person_2_id
        wanted["introducers_elsewhere"] = introducers.people_elsewhere
    elif not wanted["admission_date"]:
        wanted.update(introducer_1_id=None, introducer_2_id=None, introducers_elsewhere="")
    changed = {name: value for name, value in wanted.items() if getattr(member, name) != value}
    if not changed:
        return member
    for name, value in changed.items():
        setattr(member, name, value)
    try:
        member.full_clean()
    except ValidationError as error:
        messages = []
        for field, errors in error.message_dict.items():
            label = member._meta.get_field(field).verbose_name if field != "__all__" else ""
            messages += [f"{label}：{text}" if label else text for text in errors]
        raise ValidationError(messages) from error
    _attach_actor(member, actor)
    member.save()
    return member


def check_blocks(step, member):
    """The blocking rules of a step (age < 18 at application)."""
    if step.number == 1:
        problem = rules.age_block(member.birth_date, step.date)
        if problem:
            raise ValidationError({"date": problem})
    if step.meeting_id and step.meeting.organization_id != member.organization_id:
        raise ValidationError({"meeting": _("只能关联本党组织的会议记录。")})
    if step.agenda_item_id and step.agenda_item.activity_id != step.meeting_id:
        raise ValidationError({"agenda_item": _("议题须属于所选会议记录。")})


@transaction.atomic
def start_pipeline(*, member, actor=None, recommendation=""):
    """Open the pipeline of a roster row; stage dates already on the roster become its steps."""
    pipeline = Pipeline.objects.filter(member=member).first()
    if pipeline is not None:
        return pipeline
    if member.full_date and not member.admission_date:
        raise ValidationError(_("名册日期不完整，无法建立发展流程。"))
    pipeline = Pipeline(
        member=member,
        recommendation=recommendation,
        extension_months=member.probation_extension_months,
    )
    if member.full_date:
        pipeline.status = Pipeline.Status.COMPLETED
        pipeline.closed_on = member.full_date
    _attach_actor(pipeline, actor)
    pipeline.save()
    imported = _("由名册日期导入")
    for step in roster_steps(member, pipeline, imported):
        _save_step(step, actor)
    if member.admission_date and (member.introducer_1_id or member.introducers_elsewhere):
        step = Step(
            pipeline=pipeline,
            number=9,
            date=member.candidate_date or member.admission_date,
            person_1_id=member.introducer_1_id,
            person_2_id=member.introducer_2_id,
            people_elsewhere=member.introducers_elsewhere,
            note=imported,
        )
        _save_step(step, actor)
    return pipeline


def _save_step(step, actor):
    step.full_clean()
    _attach_actor(step, actor)
    step.save()
    return step


@transaction.atomic
def save_step(*, step, actor=None):
    """Record or correct one step; the member's stage dates follow in the same transaction."""
    pipeline = step.pipeline
    _lock(pipeline)
    if pipeline.is_closed and pipeline.status != Pipeline.Status.COMPLETED:
        raise ValidationError(
            _("发展流程已结束（%(status)s），不能再记录步骤。")
            % {"status": pipeline.get_status_display()}
        )
    definition = BY_NUMBER[step.number]
    if definition.meeting and step.meeting_id:
        step.date = step.meeting.date  # the meeting's day, from its record
    check_blocks(step, pipeline.member)
    _save_step(step, actor)
    _settle_status(pipeline, sync_member(pipeline, actor), actor)
    return step


def _settle_status(pipeline, member, actor):
    """A pipeline is completed once the member is a full member (the 转正 meeting recorded), and
    active again when that step is taken back."""
    pipeline.refresh_from_db()
    if pipeline.status == Pipeline.Status.ACTIVE and member.full_date:
        pipeline.status, pipeline.closed_on = Pipeline.Status.COMPLETED, member.full_date
    elif pipeline.status == Pipeline.Status.COMPLETED and not member.full_date:
        pipeline.status, pipeline.closed_on = Pipeline.Status.ACTIVE, None
    else:
        return
    _attach_actor(pipeline, actor)
    pipeline.save()


@transaction.atomic
def delete_step(*, step, actor=None):
    pipeline = step.pipeline
    _lock(pipeline)
    _attach_actor(step, actor)
    step.delete()
    _settle_status(pipeline, sync_member(pipeline, actor), actor)


def check_extension_once(pipeline):
    """Probation is extended once at most (≤ 12 months, the model's constraint): an extension
    already recorded is not lengthened by a second one. Shortening or taking it back (a wrong
    entry corrected) is allowed; the history keeps every value."""
    if pipeline.pk is None or not pipeline.extension_months:
        return
    saved = (
        Pipeline.objects.filter(pk=pipeline.pk).values_list("extension_months", flat=True).first()
    )
    if saved and pipeline.extension_months > saved:
        raise ValidationError(
            {
                "extension_months": _("预备期只能延长一次：已延长 %(months)d 个月，不能再次延长。")
                % {"months": saved}
            }
        )


@transaction.atomic
def save_pipeline(*, pipeline, actor=None):
    """Status (closed with a date and reason, history kept), recommendation and extension."""
    if pipeline.status == Pipeline.Status.ACTIVE:
        pipeline.closed_on = None
    elif not pipeline.closed_on:
        raise ValidationError({"closed_on": _("请填写结束日期。")})
    check_extension_once(pipeline)
    pipeline.full_clean()
    _attach_actor(pipeline, actor)
    pipeline.save()
    sync_member(pipeline, actor)
    return pipeline

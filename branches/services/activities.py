"""Filing activity records: the one writer of Activity, Attendance, AgendaItem and AppraisalResult.

Who is expected is derived from the roster as of the record's date every time the record is saved,
so a roster correction followed by a re-save brings the attendance rows back in line. Quorum and
majority rules are checked here, inside the transaction: a refused vote leaves nothing saved.
"""

import datetime
from dataclasses import dataclass, field

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branches.models import (
    Activity,
    AgendaItem,
    AppraisalResult,
    Attachment,
    Attendance,
    DeletedActivity,
)
from branches.models.activities import ATTENDANCE_KINDS, Kind


@dataclass
class AgendaEntry:
    title: str
    decision: str = ""
    result: str = ""
    is_election: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None


@dataclass
class Upload:
    """An uploaded file already checked by the form (content type sniffed from its bytes)."""

    file: object
    content_type: str
    name: str
    size: int


@dataclass
class Filing:
    """What a secretary enters for one record, besides the Activity's own fields."""

    # member id -> absence reason, for expected members who were absent.
    absences: dict = field(default_factory=dict)
    agenda: list = field(default_factory=list)
    # member id -> AppraisalResult.Grade, for 民主评议 (missing members default to 合格).
    grades: dict = field(default_factory=dict)
    uploads: list = field(default_factory=list)
    # member id -> Decimal, for participants of study or volunteering whose hours differ from
    # the record's hours.
    hours: dict = field(default_factory=dict)


ACTIVITY_FIELDS = (
    "status",
    "group",
    "date",
    "end_date",
    "start_time",
    "place",
    "host",
    "recorder",
    "topic",
    "lecturer",
    "talker",
    "talkee",
    "hours",
    "content",
)


def current_filing(activity):
    """What the record holds now as a Filing: saving it again changes nothing."""
    rows = list(activity.attendances.order_by())
    return Filing(
        absences={row.member_id: row.absence_reason for row in rows if not row.present},
        hours={row.member_id: row.hours for row in rows if row.present and row.hours is not None},
        agenda=[
            AgendaEntry(
                title=item.title,
                decision=item.decision,
                result=item.result,
                is_election=item.is_election,
                votes_for=item.votes_for,
                votes_against=item.votes_against,
                votes_abstain=item.votes_abstain,
            )
            for item in activity.agenda_items.order_by("position", "id")
        ],
        grades={row.member_id: row.grade for row in activity.appraisals.order_by()},
    )


@transaction.atomic
def file_activity(*, actor, organization, kind, values, filing, activity=None, today=None):
    """Create (or update) a record with its attendance, agenda, appraisals and attachments.

    `values` holds Activity fields (ACTIVITY_FIELDS). Raises ValidationError (nothing saved) when
    a held record is dated in the future or a recorded vote breaks a quorum or majority rule.
    """
    today = today or datetime.date.today()
    if activity is None:
        activity = Activity(organization=organization, kind=kind, created_by=actor)
    for name in ACTIVITY_FIELDS:
        if name in values:
            setattr(activity, name, values[name])
    if kind != Kind.GROUP_MEETING:
        activity.group = None
    if activity.is_held and activity.date > today:
        raise ValidationError({"date": _("已开展的活动日期不能晚于今天；尚未开展请选择“计划”。")})
    is_new = activity.pk is None
    activity.save()

    _sync_attendance(activity, filing.absences, filing.hours, is_new=is_new)
    _save_agenda(activity, filing.agenda, is_new=is_new)
    _save_appraisals(activity, filing.grades, is_new=is_new)
    for upload in filing.uploads:
        add_attachment(actor=actor, activity=activity, upload=upload)
    return activity


def _sync_attendance(activity, absences, hours, *, is_new):
    if not activity.is_held:
        if not is_new:
            Attendance.objects.filter(activity=activity).delete()
        return
    expected = list(activity.expected_members())
    if activity.kind == Kind.TALK and len(expected) < 2:
        raise ValidationError({"date": _("谈心谈话的双方在该日期都须在本支部名册中，请检查日期。")})
    existing = {}
    if not is_new:
        rows = Attendance.objects.filter(activity=activity).order_by()
        rows.exclude(member__in=[m.id for m in expected]).delete()
        existing = {row.member_id: row for row in rows}
    new_rows = []
    for member in expected:
        reason = absences.get(member.id, "")
        row = existing.get(member.id) or Attendance(activity=activity, member=member)
        row.present = member.id not in absences
        if row.present or activity.kind not in ATTENDANCE_KINDS:
            row.absence_reason = ""  # not taking part in volunteering is no absence
        else:
            # No reason given: 其他, except at study sessions, where a reason is optional.
            fallback = "" if activity.kind == Kind.STUDY else Attendance.Reason.OTHER
            row.absence_reason = reason or fallback
        row.can_vote = member.can_vote_on(activity.date)
        own = hours.get(member.id) if row.present and activity.has_hours else None
        row.hours = None if own is None or own == activity.hours else own
        if row.pk:
            row.save(update_fields=["present", "absence_reason", "can_vote", "hours"])
        else:
            new_rows.append(row)
    bulk_create_with_history(new_rows, Attendance)


AGENDA_FIELDS = (
    "position",
    "title",
    "decision",
    "result",
    "is_election",
    "votes_for",
    "votes_against",
    "votes_abstain",
)


def _save_agenda(activity, entries, *, is_new):
    items = [
        AgendaItem(activity=activity, position=position, **vars(entry))
        for position, entry in enumerate(entries, start=1)
        if entry.title
    ]
    problems = []
    if any(item.result for item in items):
        if not activity.is_held:
            raise ValidationError({"agenda": _("计划中的会议还不能记录表决结果。")})
        due, present = voter_counts(activity)
        for item in items:
            for problem in item.vote_problems(
                kind=activity.kind, due_voters=due, present_voters=present
            ):
                problems.append(f"{item.title}：{problem}")
    if problems:
        raise ValidationError({"agenda": problems})
    existing = [] if is_new else list(activity.agenda_items.order_by("position", "id"))
    # Item n of the form updates saved item n in place, so the history says what changed.
    for old, item in zip(existing, items, strict=False):
        _update(old, item, AGENDA_FIELDS)
    for old in existing[len(items) :]:
        old.delete()
    bulk_create_with_history(items[len(existing) :], AgendaItem)


def _update(row, wanted, fields):
    changed = [name for name in fields if getattr(row, name) != getattr(wanted, name)]
    for name in changed:
        setattr(row, name, getattr(wanted, name))
    if changed:
        row.save(update_fields=changed)


def voter_counts(activity):
    """(due, present) members with a vote: the committee at 支委会, 正式党员 at 党员大会."""
    rows = activity.attendances.all()
    if activity.kind != Kind.COMMITTEE_MEETING:
        rows = rows.filter(can_vote=True)
    due = rows.count()
    return due, rows.filter(present=True).count()


def _save_appraisals(activity, grades, *, is_new):
    if activity.kind != Kind.APPRAISAL:
        return
    existing = {} if is_new else {a.member_id: a for a in activity.appraisals.order_by()}
    due = activity.attendances.values_list("member_id", flat=True) if activity.is_held else []
    new_rows = []
    for member_id in due:
        wanted = grades.get(member_id) or AppraisalResult.Grade.QUALIFIED
        row = existing.pop(member_id, None)
        if row is None:
            new_rows.append(AppraisalResult(activity=activity, member_id=member_id, grade=wanted))
        elif row.grade != wanted:
            row.grade = wanted
            row.save(update_fields=["grade"])
    for row in existing.values():
        row.delete()
    bulk_create_with_history(new_rows, AppraisalResult)


def add_attachment(*, actor, activity, upload):
    attachment = Attachment(
        activity=activity,
        original_name=upload.name[:200],
        content_type=upload.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(attachment_path_name(attachment), upload.file, save=False)
    attachment.save()
    return attachment


def attachment_path_name(attachment):
    return f"upload{attachment.extension}"


@transaction.atomic
def delete_attachment(*, actor, attachment):
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def delete_activity(*, actor, activity):
    """Delete a record, keeping a whole snapshot (and its files) so an admin can restore it."""
    parts = [
        activity,
        *activity.attendances.order_by("id"),
        *activity.agenda_items.order_by("id"),
        *activity.appraisals.order_by("id"),
        *activity.attachments.order_by("id"),
    ]
    DeletedActivity.objects.create(
        organization=activity.organization,
        activity_id=activity.pk,
        label=str(activity)[:250],
        deleted_by=actor if getattr(actor, "pk", None) else None,
        payload=serializers.serialize("json", parts),
    )
    activity.delete()


@transaction.atomic
def purge_deleted_activity(*, deleted, actor):
    """Drop a deleted record's snapshot for good, with its files unless it was restored."""
    if not deleted.is_restored:
        names = [
            item.object.file.name
            for item in serializers.deserialize("json", deleted.payload)
            if isinstance(item.object, Attachment)
        ]
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    deleted.delete()


@transaction.atomic
def plan_year(*, actor, organization, items):
    """Save a year's plan: one planned record per (kind, date, topic) item, all or none.
    Each is completed later from the to-do (登记开展情况) like any planned record."""
    return [
        file_activity(
            actor=actor,
            organization=organization,
            kind=kind,
            values={"status": Activity.Status.PLANNED, "date": day, "topic": topic},
            filing=Filing(),
        )
        for kind, day, topic in items
    ]

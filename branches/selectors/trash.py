"""Deleted activity records: what a snapshot holds, as an admin reads it, and the names of the
members it mentions (deleted ones included)."""

from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.utils.translation import gettext as _

from branches.models import (
    Activity,
    AgendaItem,
    AppraisalResult,
    Attachment,
    Attendance,
    Member,
    PartyGroup,
)


def member_name_map(ids):
    """{id: name} of members, deleted ones included (their last name in the history)."""
    names = {}
    for record in Member.history.filter(id__in=ids).order_by("history_date", "history_id"):
        names[record.id] = record.name
    return names


SUMMARY_FIELDS = (
    "kind",
    "status",
    "date",
    "end_date",
    "start_time",
    "place",
    "host",
    "recorder",
    "topic",
    "lecturer",
    "hours",
    "content",
)


def deleted_activity_summary(deleted):
    """A deleted record's content as plain lines, so an admin can read it (or file it again when
    it cannot be restored). A constant number of queries."""
    try:
        objects = [item.object for item in serializers.deserialize("json", deleted.payload)]
    except DeserializationError:
        return _("（内容无法读取）")
    activity = next(obj for obj in objects if isinstance(obj, Activity))
    lines = []
    for name in SUMMARY_FIELDS:
        value = getattr(activity, name)
        if value in (None, ""):
            continue
        f = Activity._meta.get_field(name)
        lines.append(f"{f.verbose_name}：{dict(f.flatchoices).get(value, value)}")
    member_ids = {activity.talker_id, activity.talkee_id} - {None}
    member_ids |= {obj.member_id for obj in objects if hasattr(obj, "member_id")}
    names = member_name_map(member_ids)
    if activity.group_id:
        group = PartyGroup.objects.filter(pk=activity.group_id).first()
        lines.append(_("党小组：%(name)s") % {"name": group.name if group else _("（已删除）")})
    for side in ("talker", "talkee"):
        member_id = getattr(activity, f"{side}_id")
        if member_id:
            label = Activity._meta.get_field(side).verbose_name
            lines.append(f"{label}：{names.get(member_id, member_id)}")
    for obj in objects:
        if isinstance(obj, Attendance):
            state = _("出席") if obj.present else obj.get_absence_reason_display() or _("缺席")
            lines.append(
                _("出席情况：%(name)s %(state)s")
                % {"name": names.get(obj.member_id), "state": state}
            )
        elif isinstance(obj, AgendaItem):
            text = " ".join(filter(None, [obj.title, obj.decision, obj.get_result_display()]))
            lines.append(_("议题：%(text)s") % {"text": text})
        elif isinstance(obj, AppraisalResult):
            lines.append(
                _("评议结果：%(name)s %(grade)s")
                % {"name": names.get(obj.member_id), "grade": obj.get_grade_display()}
            )
        elif isinstance(obj, Attachment):
            lines.append(_("附件：%(name)s") % {"name": obj.original_name})
    return "\n".join(str(line) for line in lines)

"""Deleted activity records: putting one back (what a snapshot holds is read by
branches/selectors/trash.py).

Records are deleted by branches.services.activities.delete_activity, which keeps a whole
snapshot (DeletedActivity); an admin restores it from /admin/.
"""

from dataclasses import dataclass, field

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializationError
from django.db import transaction
from django.db.models import SET_NULL
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import (
    Activity,
    Attachment,
    DeletedActivity,
    Member,
)
from branches.selectors.trash import member_name_map


@dataclass
class Restored:
    activity: Activity
    # What the restored record lacks (a deleted account's name, a lost file), for the admin.
    notes: list = field(default_factory=list)


@transaction.atomic
def restore_activity(*, deleted, actor):
    """Put a deleted record back with its old id, attendance, agenda, appraisals and files.

    What the snapshot refers to may have been deleted since. A reference whose deletion would
    have emptied it (an account: SET_NULL) is emptied, and an attachment whose file is gone is
    left out; both are named in `notes`. A reference the record cannot do without (the group of
    a 党小组会, either side of a 谈心谈话, a member in its attendance or appraisal) refuses the
    restore with a ValidationError that says what is missing and what to do: nothing is saved.
    """
    deleted = DeletedActivity.objects.select_for_update().get(pk=deleted.pk)
    if deleted.is_restored or Activity.objects.filter(pk=deleted.activity_id).exists():
        raise ValidationError(_("该记录已经恢复，无需再次恢复。"))
    try:
        items = list(serializers.deserialize("json", deleted.payload))
    except DeserializationError as error:
        raise ValidationError(_("已删除记录的内容无法读取，不能恢复。")) from error
    objects = [item.object for item in items]
    missing = _missing_references(objects)
    problems = _restore_problems(objects, missing)
    if problems:
        raise ValidationError(
            _(
                "无法恢复：%(problems)s。恢复会让记录缺少这些内容，因此没有恢复任何数据；这条已删除"
                "记录仍保留在这里。如仍需要，请由支部按原内容（见本条详情）重新登记。"
            )
            % {"problems": "；".join(problems)}
        )
    notes = _empty_deleted_accounts(objects, missing)
    kept = []
    for item in items:
        if isinstance(item.object, Attachment) and not _file_exists(item.object):
            notes.append(
                _("附件“%(name)s”的文件已不在存储中，未恢复该附件。")
                % {"name": item.object.original_name}
            )
            continue
        kept.append(item)
    for item in kept:
        item.save()
    activity = Activity.objects.get(pk=deleted.activity_id)
    # One history entry that says who restored it.
    activity._change_reason = _("从已删除记录恢复")
    activity._history_user = actor
    activity.save()
    deleted.restored_at, deleted.restored_by = timezone.now(), actor
    deleted.save(update_fields=["restored_at", "restored_by"])
    return Restored(activity, notes)


def _foreign_keys(obj):
    return [f for f in obj._meta.concrete_fields if f.many_to_one]


def _missing_references(objects):
    """{(model, pk)} of rows the snapshot refers to that no longer exist (one query per model)."""
    inside = {(type(obj), obj.pk) for obj in objects}
    wanted = {}
    for obj in objects:
        for f in _foreign_keys(obj):
            value = getattr(obj, f.attname)
            if value is not None and (f.related_model, value) not in inside:
                wanted.setdefault(f.related_model, set()).add(value)
    missing = set()
    for model, ids in wanted.items():
        alive = set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        missing |= {(model, pk) for pk in ids - alive}
    return missing


def _member_names(ids):
    names = member_name_map(ids)
    return "、".join(names.get(pk, f"#{pk}") for pk in sorted(ids))


def _restore_problems(objects, missing):
    """Why the record cannot come back: references it cannot do without that are gone."""
    gone_members, talk_sides, problems = set(), set(), []
    for obj in objects:
        for f in _foreign_keys(obj):
            value = getattr(obj, f.attname)
            if (f.related_model, value) not in missing or f.remote_field.on_delete is SET_NULL:
                continue
            if isinstance(obj, Activity) and f.name == "group":
                problems.append(_("这是党小组会，而所属的党小组已被删除（党小组会必须属于党小组）"))
            elif isinstance(obj, Activity) and f.name in ("talker", "talkee"):
                talk_sides.add(value)
                problems.append(
                    _("%(side)s“%(name)s”已从名册中删除")
                    % {"side": f.verbose_name, "name": _member_names({value})}
                )
            elif f.related_model is Member:
                gone_members.add(value)
            else:
                problems.append(
                    _("%(model)s的“%(field)s”（编号 %(id)s）已被删除")
                    % {"model": obj._meta.verbose_name, "field": f.verbose_name, "id": value}
                )
    gone_members -= talk_sides  # named once, as a side of the talk
    if gone_members:
        problems.append(
            _("记录涉及的党员“%(names)s”已从名册中删除") % {"names": _member_names(gone_members)}
        )
    return list(dict.fromkeys(problems))


def _empty_deleted_accounts(objects, missing):
    """Empty the references whose deletion would have emptied them (accounts: SET_NULL)."""
    notes = []
    for obj in objects:
        for f in _foreign_keys(obj):
            value = getattr(obj, f.attname)
            if (f.related_model, value) in missing and f.remote_field.on_delete is SET_NULL:
                setattr(obj, f.attname, None)
                notes.append(
                    _("%(model)s的“%(field)s”账号已删除，已留空。")
                    % {"model": obj._meta.verbose_name, "field": f.verbose_name}
                )
    return list(dict.fromkeys(notes))


def _file_exists(attachment):
    try:
        return attachment.file.storage.exists(attachment.file.name)
    except OSError:
        return False

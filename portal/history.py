"""Audit-trail rows for pages: who changed what, when, before -> after (django-simple-history).

    from portal.history import history_rows
    rows = history_rows(member, masked_fields={"id_number": mask_id_number, "phone": mask_phone})
    render(..., {"history": rows})          # then {% include "partials/history.html" %}

history_rows accepts a model instance with HistoricalRecords (its whole history) or a queryset of
historical records (e.g. ``Member.history.filter(organization=org)[:50]`` for a branch's recent
changes). It runs a constant number of queries, whatever the number of rows: one for the
records (with their users), one for the earlier versions to diff against, and one per foreign key
field to name the related objects.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("新建"), "~": _("修改"), "-": _("删除")}
EMPTY = "—"


class Change(NamedTuple):
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    when: object
    who: str
    action: str
    kind: str  # "+", "~" or "-"
    reason: str
    changes: list[Change] = field(default_factory=list)
    what: str = ""  # what the row is about, when a trail mixes several kinds of object
    user: object = None  # the account behind `who` (None: the system or a deleted account)


def default_mask(value):
    """Keep the last four characters: 320411198001011234 -> ****1234."""
    text = str(value)
    return "****" + text[-4:] if len(text) > 4 else "****"


def history_rows(source, *, masked_fields=(), exclude=("id",), limit=None, complete=False, what=""):
    """Newest first. masked_fields: names, or {name: mask_function}; masked on both sides.

    `complete`: the source holds every version of its objects (e.g. all of one member's
    movements), so the earlier versions are taken from it, without a query. `what` labels the
    rows (a trail that mixes kinds of object)."""
    records, history_model = _records(source, limit)
    if not records:
        return []
    maskers = (
        dict(masked_fields)
        if isinstance(masked_fields, dict)
        else dict.fromkeys(masked_fields, default_mask)
    )
    fields = [f for f in history_model.tracked_fields if f.name not in exclude and f.editable]
    previous = (
        _link(records, history_model) if complete else _previous_versions(records, history_model)
    )
    names = _related_names(records + list(previous.values()), fields)
    rows = []
    for record in records:
        before = previous.get(record.history_id)
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=user_label(record.history_user),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=_changes(record, before, fields, maskers, names),
                what=str(what),
                user=record.history_user,
            )
        )
    return rows


def _records(source, limit):
    if isinstance(source, models.Model):
        manager = getattr(source, source._meta.simple_history_manager_attribute)
        queryset = manager.all()
    else:
        queryset = source
    queryset = queryset.select_related("history_user").order_by("-history_date", "-history_id")
    if limit is not None:
        queryset = queryset[:limit]
    return list(queryset), queryset.model


def _previous_versions(records, history_model):
    """{history_id: the version of the same object just before it}, in one query."""
    pk_name = history_model.instance_type._meta.pk.attname
    object_ids = {getattr(r, pk_name) for r in records}
    latest = max(r.history_date for r in records)
    return _link(
        history_model.objects.filter(**{f"{pk_name}__in": object_ids, "history_date__lte": latest}),
        history_model,
    )


def _link(versions_of_objects, history_model):
    """{history_id: the version just before it} within the given versions."""
    pk_name = history_model.instance_type._meta.pk.attname
    versions = defaultdict(list)
    for version in sorted(versions_of_objects, key=lambda v: (v.history_date, v.history_id)):
        versions[getattr(version, pk_name)].append(version)
    previous = {}
    for chain in versions.values():
        for earlier, later in zip(chain, chain[1:], strict=False):
            previous[later.history_id] = earlier
    return previous


def _related_names(records, fields):
    """{(field name, id): str(related object)}, one query per foreign key field."""
    names = {}
    for f in fields:
        if not f.is_relation:
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        # select_related(): a name that reads a foreign key (a group "of" its branch) costs no query.
        related = f.related_model._default_manager.filter(pk__in=ids).select_related()
        names.update({(f.name, obj.pk): str(obj) for obj in related})
    return names


def _display(record, f, names):
    value = getattr(record, f.attname)
    if value is None or value == "":
        return EMPTY
    if f.is_relation:
        return names.get((f.name, value), _("（已删除 #%(id)s）") % {"id": value})
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return str(_("是") if value else _("否"))
    return str(value)


def _changes(record, before, fields, maskers, names):
    changes = []
    for f in fields:
        after_value = _display(record, f, names) if record.history_type != "-" else EMPTY
        before_value = _display(before, f, names) if before is not None else EMPTY
        if record.history_type == "-":
            after_value, before_value = EMPTY, _display(record, f, names)
        if after_value == before_value:
            continue
        mask = maskers.get(f.name)
        if mask:
            before_value = mask(before_value) if before_value != EMPTY else EMPTY
            after_value = mask(after_value) if after_value != EMPTY else EMPTY
        changes.append(Change(str(f.verbose_name), before_value, after_value))
    return changes


def user_label(user):
    if user is None:
        return str(_("系统"))
    return user.get_short_name() or user.get_username()

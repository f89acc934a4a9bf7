"""Optimistic locking: a stale edit is refused, never silently saved over someone else's.

Every save of a `VersionedModel` row locks the row (SELECT ... FOR UPDATE on PostgreSQL; SQLite
runs one writer at a time, see portal/settings.py) and bumps its `lock_version`. An edit form
carries the version it was opened at in a hidden field (`VersionedFormMixin`); when the row was
saved since, the save raises `StaleEdit` and nothing is written. The page then answers 409 with
the user's input still in the form and what the other person changed, field by field, from the
simple-history rows saved since that version (`StaleEdit.changes()`).

    class Member(VersionedModel): ...                       # the model
    class MemberForm(VersionedFormMixin, forms.ModelForm)   # the form: hidden lock_version
    try:
        services.update_member(member=form.save(commit=False), actor=request.user)
    except StaleEdit as error:
        conflict = form.refuse_stale(error)                 # render the form again, status 409
    class MemberAdmin(VersionedAdmin, admin.ModelAdmin)     # the admin change form too

A save without an expectation (imports, demo data, services reading and writing in one
transaction) still locks the row and bumps the version, so forms opened before it see it.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.history import history_rows
from portal.text import PlainTextModelForm

VERSION_FIELD = "lock_version"
STALE_STATUS = 409
CONFLICT_ROWS = 30

STALE_MESSAGE = _(
    "保存失败：这条记录在你打开之后已被保存过（可能是其他人，也可能是你在另一个窗口）。"
    "你填写的内容仍保留在下方；请对照上方列出的改动核对后，再点“保存”。"
)
DELETED_MESSAGE = _("保存失败：这条记录在你打开之后已被删除。")
MISSING_VERSION_MESSAGE = _(
    "页面已过期或不完整，未能确认你打开的是最新内容。请核对下方内容后再保存。"
)


class StaleEdit(ValidationError):
    """The row was saved (or deleted) after the version the user's form was opened at."""

    def __init__(self, instance, *, loaded_version, deleted=False, message=None):
        if message is None:
            message = DELETED_MESSAGE if deleted else instance.stale_message
        super().__init__(message, code="stale")
        self.instance = instance
        self.loaded_version = loaded_version
        self.deleted = deleted

    def changes(self):
        """What was saved after the loaded version: portal.history rows, newest first."""
        return self.instance.changes_since(self.loaded_version)


def current_version(instance, *, lock=False, using=None):
    """The saved lock_version of the instance's row (None when the row is gone).

    With `lock`, the row stays locked until the transaction ends (needs a transaction)."""
    queryset = type(instance)._base_manager.using(using or router.db_for_read(type(instance)))
    if lock:
        queryset = queryset.select_for_update()
    return queryset.filter(pk=instance.pk).values_list(VERSION_FIELD, flat=True).first()


def lock_row(instance, *, expected_version=None, using=None):
    """Lock the instance's row for this transaction and return its saved version.

    Raises StaleEdit when `expected_version` is given and the row was saved since (or deleted)."""
    current = current_version(instance, lock=True, using=using)
    if expected_version is not None and current != int(expected_version):
        raise StaleEdit(instance, loaded_version=int(expected_version), deleted=current is None)
    return current


class VersionedModel(models.Model):
    """A model edited in forms: its rows carry a version that every save bumps."""

    # db_default too: the scale generator and restores write rows without naming this column.
    lock_version = models.PositiveIntegerField(
        _("修改次数"), default=0, db_default=0, editable=False
    )

    # The version a form was opened at (VersionedFormMixin sets it); None: save without checking.
    expected_version = None
    stale_message = STALE_MESSAGE
    # Fields left out of the conflict list (besides non-editable ones): long texts, internals.
    history_excluded_fields = ("id",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            current = lock_row(self, expected_version=self.expected_version, using=using)
            if current is None:  # a deleted row put back (from its history): count on from there
                current = self._last_version_in_history()
            self.lock_version = current + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], VERSION_FIELD}
            super().save(*args, **kwargs)
        if self.expected_version is not None:
            self.expected_version = self.lock_version  # this copy is now the saved version
        return None

    def _last_version_in_history(self):
        history = getattr(type(self), self._meta.simple_history_manager_attribute, None)
        if history is None:
            return self.lock_version
        versions = history.filter(**{self._meta.pk.attname: self.pk}).aggregate(
            last=models.Max(VERSION_FIELD)
        )
        return max(versions["last"] or 0, self.lock_version)

    def changes_since(self, version):
        """HistoryRows of what was saved after `version`, newest first; models with parts in
        other tables (attendance, posts) add theirs with `saved_since(..., parts=...)`."""
        return saved_since(self, version)


def saved_since(instance, version, *, exclude=None, masked_fields=(), parts=()):
    """The instance's history rows with a lock_version above `version`, and the rows that each
    of `parts` (a function of the time of the first such save) returns, newest first.

    Rows of parts without a visible change (a row saved again as it was) are left out."""
    manager = getattr(instance, instance._meta.simple_history_manager_attribute)
    newer = manager.filter(**{f"{VERSION_FIELD}__gt": version})
    exclude = exclude if exclude is not None else instance.history_excluded_fields
    rows = history_rows(newer, exclude=exclude, masked_fields=masked_fields, limit=CONFLICT_ROWS)
    if not rows:
        return []
    since = min(row.when for row in rows)
    for part in parts:
        rows += [row for row in part(since) if row.changes or row.kind != "~"]
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows[:CONFLICT_ROWS]


class Conflict:
    """What a refused page shows above the form (templates/partials/conflict.html)."""

    def __init__(self, error):
        self.message = error.messages[0]
        self.deleted = error.deleted
        self.rows = error.changes()

    def as_lines(self):
        """The changes as plain lines (for the admin's error list)."""
        lines = []
        for row in self.rows:
            changes = "；".join(f"{c.label}：{c.before} → {c.after}" for c in row.changes)
            what = f"{row.reason} " if row.reason else ""
            when = timezone.localtime(row.when)
            lines.append(f"{when:%Y-%m-%d %H:%M} {row.who} {what}{row.action} {changes}")
        return lines


class VersionedFormMixin:
    """Add to an edit form's bases: a hidden `lock_version` with the version the form was opened
    at, handed to the saved object as its `expected_version`.

    `versioned_object()` is the row whose version counts: the form's instance by default; a form
    that records something about another row (a movement of a member) returns that row.
    """

    # The admin saves in its own view and cannot show a conflict page: it checks while cleaning.
    stale_check_in_clean = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_version = None
        self.stale_conflict = None
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        target = self.versioned_object()
        if target is not None and not self.is_bound:
            self.initial[VERSION_FIELD] = self._saved_version(target)

    def versioned_object(self):
        instance = getattr(self, "instance", None)
        return instance if instance is not None and instance.pk else None

    def _saved_version(self, target):
        if self.stale_check_in_clean:  # e.g. simple-history's revert form: an old copy of the row
            return current_version(target)
        return target.lock_version

    def clean(self):
        data = super().clean()
        raw = data.pop(VERSION_FIELD, "")
        target = self.versioned_object()
        if target is None:
            return data
        saved = current_version(target) if self.stale_check_in_clean else None
        if self.stale_check_in_clean and saved is None:
            return data  # recovering a deleted row from its history: nothing to compare
        try:
            version = int(raw)
            if version < 0:
                raise ValueError(raw)
        except (TypeError, ValueError):
            self._point_version_at(current_version(target))
            self.add_error(None, gettext(MISSING_VERSION_MESSAGE))
            return data
        if self.stale_check_in_clean and saved != version:
            error = StaleEdit(target, loaded_version=version)
            conflict = self._conflict(error)
            self.add_error(None, [conflict.message, *conflict.as_lines()])
            return data
        self.expected_version = version
        return data

    def _post_clean(self):
        super()._post_clean()
        target = self.versioned_object()
        if target is not None and self.expected_version is not None:
            target.expected_version = self.expected_version

    def _point_version_at(self, version):
        """Saving again applies the user's input over what is saved now."""
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = "" if version is None else str(version)
        self.data = data

    def _conflict(self, error):
        self._point_version_at(current_version(self.versioned_object()))
        self.stale_conflict = Conflict(error)
        return self.stale_conflict

    def refuse_stale(self, error):
        """After a refused save: keep the input, say why, and return the Conflict to show."""
        conflict = self._conflict(error)
        self.add_error(None, conflict.message)
        return conflict


class VersionedAdminForm(VersionedFormMixin, PlainTextModelForm):
    """The base form of a VersionedAdmin (plain text only, like every admin form here)."""

    stale_check_in_clean = True


def conflict_status(conflict, default=200):
    return STALE_STATUS if conflict else default


class VersionedAdmin:
    """ModelAdmin mixin: the change form carries the version it was opened at; a stale save is
    refused with what changed (status 409), the user's input kept. Use with a form class that
    has VersionedFormMixin (and `stale_check_in_clean = True`)."""

    def get_exclude(self, request, obj=None):
        # The model field is not editable; the form's own hidden field of that name carries it.
        return (*(super().get_exclude(request, obj) or ()), VERSION_FIELD)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": (*options["fields"], VERSION_FIELD)}), *rest]

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        form = getattr(context.get("adminform"), "form", None)
        if getattr(form, "stale_conflict", None):
            response.status_code = STALE_STATUS
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as error:  # saved by someone else between the check and the save
            self.message_user(request, error.messages[0], messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

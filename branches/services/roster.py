"""Roster services: the only writers of a member's roster interval (joined_on / left_on), and of
committees with their posts. Each takes keyword arguments and an `actor` (recorded in the history).
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import CommitteePost, Member, Movement, PersonalDataReveal
from portal.versioning import lock_row

ROSTER_MAINTAINERS_GROUP = "名册维护（支部书记）"
# (model, actions) a secretary needs to keep the roster in /admin/; the rows they see are scoped
# to their own organisations by branches.admin.
ROSTER_ADMIN_PERMISSIONS = [
    ("member", ("view", "add", "change")),
    ("movement", ("view",)),
    ("committee", ("view", "add", "change")),
    ("committeepost", ("view", "add", "change", "delete")),
    ("honour", ("view", "add", "change", "delete")),
]


def _attach_actor(instance, actor):
    if actor is not None and actor.is_authenticated:
        instance._history_user = actor


@transaction.atomic
def record_movement(*, member, kind, date, reason="", actor=None, expected_version=None):
    """Record a transfer in/out, death or other movement and update the roster interval.

    A member who leaves keeps every record; they stop counting from `date`. With
    `expected_version`, refused (StaleEdit) when the member was saved since that version.
    """
    lock_row(member, expected_version=expected_version)
    member = Member.objects.get(pk=member.pk)
    if date > datetime.date.today():
        raise ValidationError({"date": _("变动日期不能晚于今天。")})
    if kind == Movement.Kind.TRANSFER_IN:
        if member.left_on is None and member.joined_on is not None:
            raise ValidationError(
                {"kind": _("该党员自 %(date)s 起已在本组织名册上。") % {"date": member.joined_on}}
            )
        if member.left_on and date < member.left_on:
            raise ValidationError({"date": _("转入日期不能早于该党员上次离开的日期。")})
        member.joined_on, member.left_on = date, None
    else:
        if member.left_on:
            raise ValidationError(
                {"kind": _("该党员已于 %(date)s 离开本组织。") % {"date": member.left_on}}
            )
        if member.joined_on and date < member.joined_on:
            raise ValidationError({"date": _("离开日期不能早于转入日期。")})
        member.left_on = date
    movement = Movement(member=member, kind=kind, date=date, reason=reason)
    _attach_actor(movement, actor)
    movement.save()
    _attach_actor(member, actor)
    member.save(update_fields=["joined_on", "left_on"])
    return movement


def recompute_roster_interval(member):
    """Rebuild joined_on/left_on from the member's movements (after an admin edits or deletes one)."""
    joined_on = left_on = None
    for movement in member.movements.order_by("date", "id"):
        if movement.kind == Movement.Kind.TRANSFER_IN:
            joined_on, left_on = movement.date, None
        else:
            left_on = movement.date
    member.joined_on, member.left_on = joined_on, left_on
    member.save(update_fields=["joined_on", "left_on"])
    return member


@transaction.atomic
def add_member(*, member, joined_on=None, joined_from="", actor=None):
    """Save a new member; with `joined_on`, record the transfer in that puts them on the roster."""
    _attach_actor(member, actor)
    member.save()
    if joined_on:
        record_movement(
            member=member,
            kind=Movement.Kind.TRANSFER_IN,
            date=joined_on,
            reason=joined_from,
            actor=actor,
        )
        member.refresh_from_db(fields=["joined_on", "left_on", "lock_version"])
    return member


@transaction.atomic
def update_member(*, member, actor=None):
    _attach_actor(member, actor)
    member.save()
    return member


@transaction.atomic
def reveal_personal_data(*, member, field, actor):
    """The full value of one personal field, written to the audit trail first.

    The caller has checked access (branches.access.require_personal_data_access).
    """
    field = PersonalDataReveal.Field(field)
    PersonalDataReveal.objects.create(
        member=member,
        member_name=member.name,
        organization_id=member.organization_id,
        field=field,
        user=actor,
        user_name=actor.get_username(),
    )
    return getattr(member, field.value)


@transaction.atomic
def save_committee(*, committee, posts, actor=None):
    """Save a committee term and make its posts exactly `posts` ([(member, post)]).

    Posts that disappear are deleted (their history stays); one person may hold two posts.
    """
    _attach_actor(committee, actor)
    committee.save()
    wanted = {(member.pk, post) for member, post in posts}
    for existing in committee.posts.all():
        if (existing.member_id, existing.post) in wanted:
            wanted.discard((existing.member_id, existing.post))
        else:
            _attach_actor(existing, actor)
            existing.delete()
    for member_id, post in sorted(wanted, key=lambda item: (item[1], item[0])):
        new_post = CommitteePost(committee=committee, member_id=member_id, post=post)
        _attach_actor(new_post, actor)
        new_post.save()
    return committee


@transaction.atomic
def grant_roster_admin(*, user, actor=None):
    """Let a user keep rosters in /admin/ (staff flag + the roster maintainers group).

    Not needed for secretaries and 支委: their role brings the same permissions
    (branches.backends.RolePermissionBackend). Which rows anyone sees is decided by role rows.
    """
    group, _created = Group.objects.get_or_create(name=ROSTER_MAINTAINERS_GROUP)
    codenames = [
        f"{action}_{model}" for model, actions in ROSTER_ADMIN_PERMISSIONS for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="branches", codename__in=codenames
    )
    if group.permissions.count() != len(codenames):
        group.permissions.set(permissions)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(group)
    return group

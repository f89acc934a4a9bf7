"""Roster services: the only writers of a member's roster interval (joined_on / left_on)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Member, Movement


@transaction.atomic
def record_movement(*, member, kind, date, reason="", actor=None):
    """Record a transfer in/out, death or other movement and update the roster interval.

    A member who leaves keeps every record; they stop counting from `date`.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    if kind == Movement.Kind.TRANSFER_IN:
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
    movement = Movement.objects.create(member=member, kind=kind, date=date, reason=reason)
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
    Member.objects.filter(pk=member.pk).update(joined_on=joined_on, left_on=left_on)
    member.joined_on, member.left_on = joined_on, left_on
    return member

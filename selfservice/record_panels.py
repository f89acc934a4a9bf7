"""The record page's panel of members' own confirmations (branches.record_panels)."""

from django.template.loader import render_to_string

from branches.scope import EDIT, scope_for
from selfservice.selectors.checkin import confirmation_rows
from selfservice.services.checkin import code_kinds


def panels(request, activity, rows):
    if activity.kind not in code_kinds():
        return []
    can_edit = scope_for(request.user).can(EDIT, activity.organization)
    confirmations = confirmation_rows(activity, rows)
    if not confirmations and not can_edit:
        return []
    context = {
        "activity": activity,
        "confirmations": confirmations,
        "conflicts": sum(1 for row in confirmations if row.is_conflict),
        "can_edit": can_edit,
    }
    return [render_to_string("selfservice/record_panel.html", context, request=request)]

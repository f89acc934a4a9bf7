"""Home-page panel for secretaries and committee members: 发展党员 — per person in an active
pipeline of their organisations, the next step due and what is overdue."""

import datetime

from django.template.loader import render_to_string

from branches.scope import scope_for
from development.selectors import pipelines_of


def panels(request):
    scope = scope_for(request.user)
    if not scope.is_member:
        return []
    rows = [
        row
        for row in pipelines_of(scope.member_org_ids, datetime.date.today(), active_only=True)
        if row.due
    ]
    if not rows:
        return []
    return [render_to_string("development/home_panel.html", {"rows": rows}, request=request)]

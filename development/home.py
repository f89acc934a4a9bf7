"""Home-page panel for secretaries and committee members: 发展党员 — per person in an active
pipeline of their organisations, and per person in development on the roster without a pipeline
yet (from the roster's dates), the steps due and what is overdue (selectors.due_rows)."""

import datetime

from django.template.loader import render_to_string

from branches.scope import scope_for
from development.selectors import due_rows


def panels(request):
    scope = scope_for(request.user)
    if not scope.is_member:
        return []
    rows = due_rows(scope.member_org_ids, datetime.date.today())
    if not rows:
        return []
    return [render_to_string("development/home_panel.html", {"rows": rows}, request=request)]

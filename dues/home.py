"""Home-page panel for secretaries and committee members: 本月党费 (who is still to pay this
month) and arrears warnings of their branches (including those under a 党委 they lead)."""

import datetime

from django.template.loader import render_to_string

from branches.models import Organization
from branches.scope import scope_for
from dues.selectors.bills import arrears_book


def panels(request):
    scope = scope_for(request.user)
    if not scope.is_member:
        return []
    today = datetime.date.today()
    month = today.replace(day=1)
    branches = list(
        Organization.objects.filter(id__in=scope.member_org_ids).branches().order_by("name")
    )
    if not branches:
        return []
    book = arrears_book({org.id for org in branches}, today)
    rows = []
    for org in branches:
        lines = book.lines(month, org.id)
        rows.append(
            {
                "organization": org,
                "due": len(lines),
                "open": sum(1 for line in lines if not line.settled and not line.payment),
                "arrears": book.arrears(today, org.id),
            }
        )
    return [
        render_to_string("dues/home_panel.html", {"rows": rows, "month": month}, request=request)
    ]

"""Home-page panel for secretaries and committee members: 本月党费 (who is still to pay this
month) and arrears warnings of their branches (including those under a 党委 they lead)."""

import datetime

from django.template.loader import render_to_string

from branches.kept import kept
from branches.models import Organization
from branches.scope import scope_for
from dues.selectors.bills import arrears_book


def month_and_arrears(org_ids, today):
    """{organisation id: {"due", "open", "arrears"}}: this month's members due and still to pay,
    and the arrears warnings as of today; kept under each organisation's data version (every
    dues and roster write renews it)."""

    def compute(missing):
        book = arrears_book(set(missing), today)
        month = today.replace(day=1)
        figures = {}
        for org_id in missing:
            lines = book.lines(month, org_id)
            figures[org_id] = {
                "due": len(lines),
                "open": sum(1 for line in lines if not line.settled and not line.payment),
                "arrears": book.arrears(today, org_id),
            }
        return figures

    return kept("dues-home", org_ids, str(today), compute)


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
    figures = month_and_arrears([org.id for org in branches], today)
    rows = [{"organization": org, **figures[org.id]} for org in branches]
    return [
        render_to_string("dues/home_panel.html", {"rows": rows, "month": month}, request=request)
    ]

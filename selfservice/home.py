"""Home-page panels: a member's own links (我的记录, 输入签到码); for secretaries and committee
members, the member accounts of their branches."""

from django.template.loader import render_to_string

from branches.models import Organization
from branches.scope import scope_for
from selfservice.access import account_of


def panels(request):
    result = []
    account = account_of(request.user)
    if account is not None:
        result.append(
            render_to_string("selfservice/home_member.html", {"account": account}, request=request)
        )
    scope = scope_for(request.user)
    if scope.is_member:
        # The branches the user keeps, those under a 党委/党总支 they lead included.
        organizations = list(
            Organization.objects.filter(id__in=scope.member_org_ids).branches().order_by("name")
        )
        if organizations:
            result.append(
                render_to_string(
                    "selfservice/home_secretary.html",
                    {"organizations": organizations},
                    request=request,
                )
            )
    return result

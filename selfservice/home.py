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
        organizations = Organization.objects.filter(id__in=scope.own_org_ids).branches()
        result.append(
            render_to_string(
                "selfservice/home_secretary.html",
                {"organizations": organizations.order_by("name")},
                request=request,
            )
        )
    return result

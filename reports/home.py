"""Home-page panels: a secretary sees returned reports with comments; a reviewer sees the queue."""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from branches.scope import scope_for
from reports.models import Report, ReviewComment


def panels(request):
    scope = scope_for(request.user)
    result = []
    if scope.is_member:
        returned = (
            Report.objects.returned()
            .filter(organization_id__in=scope.member_org_ids)
            .select_related("organization")
            .prefetch_related(
                Prefetch(
                    "comments",
                    queryset=ReviewComment.objects.select_related("author").order_by(
                        "-created_at", "-id"
                    ),
                )
            )
        )
        returned = list(returned)
        if returned:
            result.append(
                render_to_string(
                    "reports/home_returned.html", {"reports": returned}, request=request
                )
            )
    if scope.is_reviewer:
        waiting = (
            Report.objects.awaiting_review()
            .filter(organization__school__district_id__in=scope.reviewer_district_ids)
            .count()
        )
        result.append(
            render_to_string("reports/home_reviewer.html", {"waiting": waiting}, request=request)
        )
    return result

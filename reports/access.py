"""Fetch reports for a user: out of scope -> 404, in scope but wrong role -> 403."""

from django.shortcuts import get_object_or_404

from branches.access import VIEW, require_organization_action
from reports.models import Report


def get_report_for_user(user, pk, action=VIEW, queryset=None):
    queryset = queryset if queryset is not None else Report.objects.all()
    report = get_object_or_404(
        queryset.visible_to(user).select_related(
            "organization__school__district", "author", "reviewed_by", "committee"
        ),
        pk=pk,
    )
    require_organization_action(user, report.organization, action)
    return report

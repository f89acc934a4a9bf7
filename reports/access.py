"""Fetch reports for a user: out of scope -> 404, in scope but wrong role -> 403."""

from branches.access import VIEW, get_scoped_for_user
from reports.models import Report


def get_report_for_user(user, pk, action=VIEW, queryset=None):
    queryset = queryset if queryset is not None else Report.objects.all()
    queryset = queryset.select_related(
        "organization__school__district", "author", "reviewed_by", "committee"
    )
    return get_scoped_for_user(queryset, user, pk, action)

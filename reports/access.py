"""Fetch reports for a user: out of scope -> 404, in scope but wrong role -> 403 (the helpers of
branches.access, for the model of this app)."""

from branches.access import scoped_getter
from reports.models import Report

get_report_for_user = scoped_getter(
    Report.objects.select_related(
        "organization__school__district", "author", "reviewed_by", "committee"
    ),
    "get_report_for_user",
)

"""Reminders of the yearly reports (the `<app>.reminders` hook of the notifications app): a
report returned with comments waits to be revised and resubmitted, as the home page shows it.

`reminders(organizations, today)` -> [{"organization", "kind", "title", "due", "overdue", "url"}].
The reviewers' weekly summary of reports waiting for review is notifications.reviewers.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from reports.models import Report

RETURNED = "report_returned"


def reminders(organizations, today):
    organizations = {org.id: org for org in organizations}
    returned = (
        Report.objects.returned()
        .filter(organization_id__in=organizations)
        .order_by("organization_id", "-year", "id")
    )
    return [
        {
            "organization": organizations[report.organization_id],
            "kind": RETURNED,
            "title": _("《%(title)s》已退回修改，请修改后重新提交") % {"title": report.title},
            "due": None,
            "overdue": False,
            "url": reverse("reports:edit", args=[report.pk]),
        }
        for report in returned
    ]

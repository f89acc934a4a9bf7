"""The reviewers' reminder: reports of their districts waiting for review (submitted or
resubmitted), for the weekly summary and the bell. One query for any number of districts."""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from reports.models import Report

REVIEW = "report_review"


def review_items(district_ids):
    """{district id: [item, ...]} of the reports waiting for review in those districts."""
    result = defaultdict(list)
    waiting = (
        Report.objects.awaiting_review()
        .filter(organization__school__district_id__in=district_ids)
        .select_related("organization__school")
        .order_by("submitted_at", "id")
    )
    for report in waiting:
        org = report.organization
        title = _("%(school)s · 《%(title)s》%(status)s") % {
            "school": org.school.name,
            "title": report.title,
            "status": report.get_status_display(),
        }
        result[org.school.district_id].append(
            {
                "organization": org,
                "kind": REVIEW,
                "title": title,
                "due": None,
                "overdue": False,
                "url": reverse("reports:detail", args=[report.pk]),
            }
        )
    return result

"""Reminders of the development pipeline for the weekly digest: per person in an active pipeline,
each step due (talk within a month, six-monthly and quarterly assessments, 审批 within three
months, probation ending within 60 days), overdue or not."""

from django.urls import reverse

from development.selectors import pipelines_of


def reminders(organizations, today):
    by_id = {org.id: org for org in organizations}
    result = []
    for row in pipelines_of(set(by_id), today, active_only=True):
        for due in row.due:
            result.append(
                {
                    "organization": by_id[row.member.organization_id],
                    "kind": "development",
                    "title": f"{row.member.name}：{due.title}",
                    "due": due.due,
                    "overdue": due.overdue,
                    "url": reverse("development:person", args=[row.member.pk]),
                }
            )
    result.sort(key=lambda r: (not r["overdue"], r["due"] or today, r["title"]))
    return result

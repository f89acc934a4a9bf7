"""Reminders of the development pipeline for the weekly digest: per person in an active pipeline
(or in development on the roster without a pipeline yet: selectors.due_rows), each step due
(talk within a month, six-monthly and quarterly assessments, 审批 within three months, probation
ending within 60 days), overdue or not. The one source of development deadlines: the branches'
to-do has none."""

from django.urls import reverse
from django.utils.translation import gettext as _

from development.selectors import due_rows


def reminders(organizations, today):
    by_id = {org.id: org for org in organizations}
    result = []
    for row in due_rows(set(by_id), today):
        # Without a pipeline, the link opens the person's page, where the pipeline is started.
        note = "" if row.pipeline else _("（尚未建立发展流程）")
        for due in row.due:
            result.append(
                {
                    "organization": by_id[row.member.organization_id],
                    "kind": "development",
                    "title": f"{row.member.name}：{due.title}{note}",
                    "due": due.due,
                    "overdue": due.overdue,
                    "url": reverse("development:person", args=[row.member.pk]),
                }
            )
    result.sort(key=lambda r: (not r["overdue"], r["due"] or today, r["title"]))
    return result

"""Permission-matrix cases of the activity pages, and small builders the activity tests share."""

import datetime

from branches.models import Activity, Committee, CommitteePost, Member
from branches.services.activities import Filing, file_activity
from tests.clock import TODAY
from tests.matrix import BRANCH_A_EDIT, BRANCH_A_READ, Case, codes

LONG_AGO = datetime.date(2000, 1, 1)


def member(organization, name, *, full=LONG_AGO, admitted=None, group=None, **fields):
    """A party member on the roster since 2000 (full member unless full=None)."""
    return Member.objects.create(
        organization=organization,
        name=name,
        group=group,
        admission_date=admitted or (full - datetime.timedelta(days=366) if full else LONG_AGO),
        full_date=full,
        **fields,
    )


def committee(organization, members, start=datetime.date(2020, 1, 1)):
    term = Committee.objects.create(
        organization=organization, term_start=start, term_end=start.replace(year=start.year + 3)
    )
    posts = ["secretary", "organization", "propaganda", "discipline", "other"]
    for person, post in zip(members, posts, strict=False):
        CommitteePost.objects.create(committee=term, member=person, post=post)
    return term


def record(organization, kind="theme_day", day=datetime.date(2026, 3, 10), absences=None, **values):
    values.setdefault("topic", "学习新修订的党章")
    values.setdefault("status", "held")
    values["date"] = day
    return file_activity(
        actor=None,
        organization=organization,
        kind=kind,
        values=values,
        filing=Filing(absences=absences or {}),
        today=TODAY,
    )


def _record_a(world):
    return {"pk": record(world.branch_a).pk}


def _attachment_a(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branches.services.activities import Upload, add_attachment

    activity = record(world.branch_a)
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = add_attachment(
        actor=None,
        activity=activity,
        upload=Upload(upload, "application/pdf", "scan.pdf", upload.size),
    )
    return {"pk": attachment.pk}


# POST actions: the allowed roles are redirected (302).
BRANCH_A_POST = codes(outsider=404, secretary_a=302, secretary_b=404, reviewer_d1=403, admin=302)

CASES = [
    Case("branches:activity_choose", BRANCH_A_EDIT, kwargs=lambda w: {"pk": w.branch_a.pk}),
    Case(
        "branches:activity_create",
        BRANCH_A_EDIT,
        kwargs=lambda w: {"pk": w.branch_a.pk, "kind": "committee_meeting"},
    ),
    Case("branches:activity", BRANCH_A_READ, kwargs=_record_a),
    Case("branches:activity_edit", BRANCH_A_EDIT, kwargs=_record_a),
    Case("branches:activity_delete", BRANCH_A_POST, kwargs=_record_a, method="post"),
    Case("branches:attachment", BRANCH_A_READ, kwargs=_attachment_a),
    Case("branches:attachment_delete", BRANCH_A_POST, kwargs=_attachment_a, method="post"),
    Case("branches:ledger", BRANCH_A_READ, kwargs=lambda w: {"pk": w.branch_a.pk}),
    Case(
        "branches:ledger_export",
        BRANCH_A_READ,
        kwargs=lambda w: {"pk": w.branch_a.pk, "fmt": "xlsx"},
        id="ledger_export_xlsx",
    ),
    Case(
        "branches:ledger_export",
        BRANCH_A_READ,
        kwargs=lambda w: {"pk": w.branch_a.pk, "fmt": "docx"},
        id="ledger_export_docx",
    ),
    Case("branches:compliance_calendar", BRANCH_A_READ, kwargs=lambda w: {"pk": w.branch_a.pk}),
]

__all__ = ["CASES", "Activity", "committee", "member", "record"]

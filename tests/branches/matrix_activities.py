"""Permission-matrix cases of the activity pages."""

from tests.factories import attachment, record
from tests.matrix import BRANCH_A_EDIT, BRANCH_A_READ, Case, codes


def _record_a(world):
    return {"pk": record(world.branch_a).pk}


def _attachment_a(world):
    return {"pk": attachment(record(world.branch_a)).pk}


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
    Case("branches:year_plan", BRANCH_A_EDIT, kwargs=lambda w: {"pk": w.branch_a.pk}),
]

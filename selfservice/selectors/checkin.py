"""Who confirmed a record and what the secretary marked: the record page's panel.

The secretary's attendance rows are authoritative. A confirmation beside a row marked present
agrees; beside a row marked absent (or no row: not expected, or the record not yet held) it is
shown for the secretary to resolve. One query (the confirmations with their members); the
attendance rows come from the record page.
"""

from dataclasses import dataclass

from selfservice.models import AttendanceConfirmation

AGREES = "agrees"
CONFLICT = "conflict"  # confirmed, marked absent
NOT_LISTED = "not_listed"  # confirmed, no attendance row (not expected on the record's day)
PENDING = "pending"  # confirmed, the record is still a plan


@dataclass
class ConfirmationRow:
    confirmation: AttendanceConfirmation
    attendance: object  # the secretary's Attendance row, or None
    state: str

    @property
    def member(self):
        return self.confirmation.member

    @property
    def is_conflict(self):
        return self.state == CONFLICT


def confirmation_rows(activity, attendance_rows):
    rows = {row.member_id: row for row in attendance_rows}
    result = []
    for confirmation in AttendanceConfirmation.objects.filter(activity=activity).select_related(
        "member"
    ):
        row = rows.get(confirmation.member_id)
        if not activity.is_held:
            state = PENDING
        elif row is None:
            state = NOT_LISTED
        else:
            state = AGREES if row.present else CONFLICT
        result.append(ConfirmationRow(confirmation, row, state))
    result.sort(key=lambda r: (r.state != CONFLICT, r.member.name, r.member.pk))
    return result

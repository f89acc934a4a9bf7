"""The 党费收缴登记表 of an organisation: one row per member, read from the same DuesBook as the
month and year pages, so the file's totals are the pages' totals."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from dues.rules import months_between
from dues.selectors.bills import ZERO, DuesBook, is_due

WAGE_MASK = "****"


@dataclass
class RegisterRow:
    number: int
    name: str
    wage: str
    standard: str
    monthly_due: Decimal | None
    year_due: Decimal
    year_paid: Decimal
    notes: list = field(default_factory=list)

    @property
    def note(self):
        return "；".join(self.notes)


@dataclass
class RegisterTotals:
    monthly_due: Decimal = ZERO
    year_due: Decimal = ZERO
    year_paid: Decimal = ZERO


def register_rows(organization, year, through, *, masked):
    """Rows for Jan..`through` of `year`. A month register (`through` a month of the year) lists
    those due that month; the year register everyone due in some month of the year."""
    months = months_between(datetime.date(year, 1, 1), through)
    book = DuesBook({organization.id}, months[0], months[-1])
    month_only = through.month != 12
    rows, totals = [], RegisterTotals()
    for member in book.members:
        if month_only and not is_due(member, through):
            continue
        lines = book.member_lines(member, months)
        if not lines:
            continue
        last = lines[-1]
        row = RegisterRow(
            number=len(rows) + 1,
            name=member.name,
            wage=_wage(last, masked),
            standard=last.base.standard if last.base else _("未录入基数"),
            monthly_due=last.due,
            year_due=sum((line.due or ZERO for line in lines), ZERO),
            year_paid=sum(
                (
                    payment.amount
                    for (member_id, month), payment in book.payments.items()
                    if member_id == member.id and payment.status == "paid" and month in months
                ),
                ZERO,
            ),
            notes=_notes(lines),
        )
        rows.append(row)
        totals.monthly_due += row.monthly_due or ZERO
        totals.year_due += row.year_due
        totals.year_paid += row.year_paid
    return rows, totals


def _wage(line, masked):
    if line.base is None:
        return ""
    if masked:
        return WAGE_MASK
    return f"{line.base.wage:.2f}"


def _notes(lines):
    notes = []
    reductions = {line.reduction for line in lines if line.reduction}
    for reduction in sorted(reductions, key=lambda r: r.first_month):
        notes.append(
            _("%(kind)s（%(date)s 批准：%(reason)s）")
            % {
                "kind": reduction.get_kind_display(),
                "date": reduction.approved_on,
                "reason": reduction.reason,
            }
        )
    payers = sorted({line.payment.paid_by for line in lines if line.paid and line.payment.paid_by})
    if payers:
        notes.append(_("代缴：%(names)s") % {"names": "、".join(payers)})
    extra = sum((line.payment.voluntary_extra for line in lines if line.paid), ZERO)
    if extra:
        notes.append(_("自愿多交 %(amount)s 元") % {"amount": extra})
    owed = [line for line in lines if line.owed]
    if owed:
        notes.append(
            _("未交 %(months)s")
            % {
                "months": "、".join(
                    f"{line.month.month}月"
                    + (f"（{line.payment.unpaid_reason}）" if line.payment else "")
                    for line in owed
                )
            }
        )
    if any(line.due is None for line in lines):
        notes.append(_("部分月份未录入基数"))
    return notes

"""What each member owes and paid, month by month, derived from the bases, reductions and
payments (never typed): the month page, the year page, the register, arrears and the figures
other pages show all read a `DuesBook`.

A member is due in a month when they are a party member (预备 or 正式) on the organisation's
roster on the month's last day: a probationary member pays from the month they are admitted, and a
member who transfers pays that month to the organisation holding them at its end (the roster
rule of branches.models.Member). Months before a member's first base are not billed: nothing can
be derived for them.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from branches.models import Member
from dues.models import DuesBase, Payment, Reduction, Remittance
from dues.rules import (
    ARREARS_FLAG_MONTHS,
    ARREARS_WARN_MONTHS,
    add_months,
    month_end,
    month_start,
    months_between,
    quarter_months,
    year_months,
)

ZERO = Decimal("0.00")
# How far back arrears are looked for.
ARREARS_WINDOW_MONTHS = 24


def is_due(member, month):
    """A party member on the roster at the end of the month (one definition, see module doc)."""
    end = month_end(month)
    return member.is_party_member_on(end)


@dataclass
class Line:
    member: Member
    month: datetime.date
    base: DuesBase | None
    reduction: Reduction | None
    payment: Payment | None

    @property
    def standard_due(self):
        return self.base.due if self.base else None

    @property
    def due(self):
        """月应缴: from the base in force, after an approved reduction; None without a base."""
        if self.base is None:
            return None
        if self.reduction is not None:
            return self.reduction.apply(self.base.due)
        return self.base.due

    @property
    def paid(self):
        return self.payment is not None and self.payment.status == Payment.Status.PAID

    @property
    def paid_amount(self):
        return self.payment.amount if self.paid else ZERO

    @property
    def settled(self):
        return self.paid or self.due == 0

    @property
    def owed(self):
        """Due and not paid (with or without a recorded reason)."""
        return self.due is not None and self.due > 0 and not self.paid

    @property
    def unexplained(self):
        return self.owed and not (self.payment and self.payment.unpaid_reason)

    @property
    def shortfall(self):
        if not self.paid or self.due is None:
            return ZERO
        return max(ZERO, self.due + self.payment.voluntary_extra - self.payment.amount)


@dataclass
class Arrears:
    member: Member
    owed_months: list = field(default_factory=list)
    streak: int = 0  # consecutive months up to the last complete month, unpaid without reason

    @property
    def owed_count(self):
        return len(self.owed_months)

    @property
    def warn(self):
        return self.owed_count >= ARREARS_WARN_MONTHS

    @property
    def flagged(self):
        return self.streak >= ARREARS_FLAG_MONTHS


@dataclass
class Totals:
    expected: Decimal = ZERO
    collected: Decimal = ZERO
    extra: Decimal = ZERO

    @property
    def balanced(self):
        return self.expected + self.extra == self.collected


class DuesBook:
    """The members, bases, reductions and payments of some organisations for a span of months,
    loaded in four queries whatever the size."""

    def __init__(self, organization_ids, first, last):
        self.organization_ids = set(organization_ids)
        self.first, self.last = month_start(first), month_start(last)
        self._monthly = None
        end = month_end(self.last)
        self.members = list(
            Member.objects.filter(
                organization_id__in=self.organization_ids, admission_date__lte=end
            )
            .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=month_end(self.first)))
            .order_by("organization_id", "name", "id")
        )
        # By organisation rather than by member ids: the same four queries for an empty roster.
        members = {"member__organization_id__in": self.organization_ids}
        self.bases = {}
        for base in DuesBase.objects.filter(**members, effective_month__lte=end).order_by(
            "effective_month", "id"
        ):
            self.bases.setdefault(base.member_id, []).append(base)
        self.reductions = {}
        for reduction in Reduction.objects.filter(
            Q(last_month__isnull=True) | Q(last_month__gte=self.first),
            **members,
            first_month__lte=end,
        ).order_by("-approved_on", "-id"):
            self.reductions.setdefault(reduction.member_id, []).append(reduction)
        self.payments = {}
        for payment in Payment.objects.filter(
            organization_id__in=self.organization_ids, month__gte=self.first, month__lte=end
        ):
            self.payments[payment.member_id, payment.month] = payment

    # -- one member, one month -------------------------------------------------------------

    def base_in_force(self, member, month):
        found = None
        for base in self.bases.get(member.id, ()):
            if base.effective_month <= month:
                found = base
        return found

    def line(self, member, month):
        reduction = next(
            (r for r in self.reductions.get(member.id, ()) if r.covers(month)),
            None,
        )
        return Line(
            member=member,
            month=month,
            base=self.base_in_force(member, month),
            reduction=reduction,
            payment=self.payments.get((member.id, month)),
        )

    def lines(self, month, organization_id=None):
        """Everyone due in the month (of one organisation, or of all), in roster order."""
        return [
            self.line(member, month)
            for member in self.members
            if (organization_id is None or member.organization_id == organization_id)
            and is_due(member, month)
        ]

    def collection(self, month, organization_id=None):
        """(settled, due): how many of those due in the month have paid or owe nothing, and how
        many are due (the year page's and the calendar's 已交/应交 人数)."""
        lines = self.lines(month, organization_id)
        return sum(1 for line in lines if line.settled), len(lines)

    def first_base_month(self):
        """The month of the earliest base loaded (None without any): nothing is billed before."""
        months = [bases[0].effective_month for bases in self.bases.values()]
        return min(months, default=None)

    def member_lines(self, member, months):
        return [self.line(member, month) for month in months if is_due(member, month)]

    # -- sums ------------------------------------------------------------------------------

    def monthly_totals(self):
        """{(organization id, month): Totals}: 应缴 of the billed lines; 实缴 and 自愿多交 of every
        paid payment (a prepayment counts in the month it is for). One pass over the book."""
        if self._monthly is None:
            result = {}
            for member in self.members:
                for month in months_between(self.first, self.last):
                    if is_due(member, month):
                        due = self.line(member, month).due
                        if due is not None:
                            key = (member.organization_id, month)
                            result.setdefault(key, Totals()).expected += due
            for (_member_id, month), payment in self.payments.items():
                if payment.status == Payment.Status.PAID:
                    totals = result.setdefault((payment.organization_id, month), Totals())
                    totals.collected += payment.amount
                    totals.extra += payment.voluntary_extra
            self._monthly = result
        return self._monthly

    def totals(self, months, organization_id=None):
        """The sum of monthly_totals over `months` (of one organisation, or of all)."""
        wanted = set(months)
        totals = Totals()
        for (org_id, month), part in self.monthly_totals().items():
            if month in wanted and organization_id in (None, org_id):
                totals.expected += part.expected
                totals.collected += part.collected
                totals.extra += part.extra
        return totals

    # -- arrears ---------------------------------------------------------------------------

    def arrears(self, until, organization_id=None):
        """Members owing dues for months before `until`'s month, most months first."""
        last_complete = add_months(month_start(until), -1)
        months = months_between(
            max(self.first, add_months(last_complete, -ARREARS_WINDOW_MONTHS + 1)), last_complete
        )
        result = []
        for member in self.members:
            if organization_id is not None and member.organization_id != organization_id:
                continue
            record = Arrears(member)
            for line in self.member_lines(member, months):
                if line.owed:
                    record.owed_months.append(line.month)
                record.streak = record.streak + 1 if line.unexplained else 0
            if record.warn or record.flagged:
                result.append(record)
        result.sort(key=lambda a: (-a.streak, -a.owed_count, a.member.name))
        return result


def arrears_book(organization_ids, today):
    """A book reaching back far enough for arrears as of today."""
    current = month_start(today)
    return DuesBook(organization_ids, add_months(current, -ARREARS_WINDOW_MONTHS), current)


@dataclass
class Quarter:
    number: int
    months: list
    totals: Totals
    remittance: Remittance | None

    @property
    def remittance_differs(self):
        return self.remittance is not None and self.remittance.amount != self.totals.collected


def year_summary(organization, year):
    """The months and quarters of a year for one organisation (five queries)."""
    book = DuesBook({organization.id}, datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    remittances = {
        r.quarter: r for r in Remittance.objects.filter(organization=organization, year=year)
    }
    months = []
    for month in year_months(year):
        settled, count = book.collection(month)
        months.append(
            {"month": month, "count": count, "settled": settled, "totals": book.totals([month])}
        )
    quarters = [
        Quarter(
            q, quarter_months(year, q), book.totals(quarter_months(year, q)), remittances.get(q)
        )
        for q in (1, 2, 3, 4)
    ]
    return book, months, quarters

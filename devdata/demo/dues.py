"""Demo dues: a base for every party member of the demo branches (teachers' wages around the
brackets; two retirees and a mid-year raise at 嘉泽中心小学), a year of monthly collection up to
last month with two 嘉泽 members in arrears (three months, and six months without a reason), and
the remittances of the complete quarters.

Safe to run again: bases are looked up by (member, month); months and quarters already recorded
are left as they are.
"""

import datetime
import random
from decimal import Decimal

from branches import kept
from branches.models import Member, Organization
from devdata.demo.accounts import SCHOOLS
from dues.models import DuesBase, Payment, Remittance
from dues.rules import Category, add_months, month_start, quarter_months
from dues.selectors.bills import DuesBook

WAGES = [2800, 3000, 3650, 4200, 4800, 5000, 5600, 6300, 7400, 8800, 10000, 11200]
JIAZE = "嘉泽中心小学党支部"
RETIREES = {"严国俊": 4600, "吴娟萍": 5400}  # ≤5000 → 0.5 %, >5000 → 1 %
RAISED = ("钱志林", 4800, 5300)  # 1 % → 1.5 % from July
ARREARS = {"申月娥": 3, "卞亮平": 6}  # months unpaid up to last month (the 6: no reason given)
MONTHS = 12


def _branch_names():
    return [name for *_place, orgs in SCHOOLS for name, kind, _p, _g in orgs if kind == "branch"]


def load(stdout=None, today=None):
    today = today or datetime.date.today()
    current = month_start(today)
    first = add_months(current, -MONTHS)
    branches = Organization.objects.branches().filter(name__in=_branch_names()).order_by("id")
    added = 0
    for organization in branches:
        added += _bases(organization, first)
        _collect(organization, first, current, today)
        _remit(organization, first, current)
    if stdout is not None:
        stdout.write(f"党费基数：新增 {added} 条\n")
    return added


def _bases(organization, first):
    added = 0
    rng = random.Random(f"dues|{organization.name}")
    for member in Member.objects.filter(organization=organization, admission_date__isnull=False):
        wage, category = Decimal(rng.choice(WAGES)), Category.EMPLOYED
        if organization.name == JIAZE and member.name in RETIREES:
            wage, category = Decimal(RETIREES[member.name]), Category.RETIRED
        if organization.name == JIAZE and member.name == RAISED[0]:
            wage = Decimal(RAISED[1])
            raise_month = datetime.date(first.year + (first.month > 7), 7, 1)
            _, made = DuesBase.objects.get_or_create(
                member=member,
                effective_month=raise_month,
                defaults={"wage": Decimal(RAISED[2]), "note": "调资"},
            )
            added += made
        _, made = DuesBase.objects.get_or_create(
            member=member, effective_month=first, defaults={"wage": wage, "category": category}
        )
        added += made
    return added


def _collect(organization, first, current, today):
    book = DuesBook({organization.id}, first, add_months(current, -1))
    payments = []
    month = first
    while month < current:
        for line in book.lines(month):
            if line.payment is not None or line.due is None:
                continue
            owed = ARREARS.get(line.member.name, 0) if organization.name == JIAZE else 0
            if month >= add_months(current, -owed):
                if owed == ARREARS["申月娥"]:
                    payments.append(
                        Payment(
                            organization=organization,
                            member=line.member,
                            month=month,
                            status=Payment.Status.UNPAID,
                            unpaid_reason="外出学习，回校后补交",
                        )
                    )
                continue
            payments.append(
                Payment(
                    organization=organization,
                    member=line.member,
                    month=month,
                    status=Payment.Status.PAID,
                    amount=line.due,
                    paid_on=min(today, month.replace(day=10)),
                    paid_by="钱志林" if line.member.name == "吴娟萍" else "",
                )
            )
        month = add_months(month, 1)
    Payment.objects.bulk_create(payments)
    # bulk_create sends no signals: renew the organisation's data version as a save would.
    kept.bump([organization.id])


def _remit(organization, first, current):
    receiver = f"{organization.school.district.office_name}党委"
    for year in {first.year, current.year}:
        for quarter in (1, 2, 3, 4):
            months = quarter_months(year, quarter)
            if months[0] < first or months[-1] >= current:
                continue
            if Remittance.objects.filter(
                organization=organization, year=year, quarter=quarter
            ).exists():
                continue
            collected = DuesBook({organization.id}, months[0], months[-1]).totals(months).collected
            Remittance.objects.create(
                organization=organization,
                year=year,
                quarter=quarter,
                amount=collected,
                remitted_on=add_months(months[-1], 1).replace(day=12),
                receiver=receiver,
                receipt_number=f"DF{year}{quarter}{organization.pk:04d}",
            )

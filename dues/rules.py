"""The dues rules of 中组发〔2008〕3号 in one place: the bracket of a monthly wage, the amount due,
and the months the portal counts in.

Amounts are Decimal yuan, rounded half up to the fen. A month is the date of its first day.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

FEN = Decimal("0.01")
# Students, the unemployed and those living on basic allowances: a flat amount a month.
FLAT_MONTHLY = Decimal("0.20")


class Category(models.TextChoices):
    EMPLOYED = "employed", _("在职")
    RETIRED = "retired", _("离退休")
    STUDENT = "student", _("学生")
    OTHER = "other", _("失业、无固定收入或领取基本生活费")


FLAT_CATEGORIES = (Category.STUDENT, Category.OTHER)

# (inclusive upper limit of the monthly wage or None for no limit, rate)
BRACKETS = {
    Category.EMPLOYED: (
        (Decimal("3000"), Decimal("0.005")),
        (Decimal("5000"), Decimal("0.01")),
        (Decimal("10000"), Decimal("0.015")),
        (None, Decimal("0.02")),
    ),
    Category.RETIRED: (
        (Decimal("5000"), Decimal("0.005")),
        (None, Decimal("0.01")),
    ),
}


def to_fen(amount):
    """Yuan rounded half up to the fen."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def rate(category, wage):
    """The share of the wage due each month, or None for the flat-amount categories."""
    if category in FLAT_CATEGORIES:
        return None
    wage = Decimal(wage or 0)
    for limit, share in BRACKETS[category]:
        if limit is None or wage <= limit:
            return share
    raise AssertionError("the last bracket has no limit")


def monthly_due(category, wage):
    """The standard monthly dues of a base (before any approved reduction)."""
    share = rate(category, wage)
    if share is None:
        return FLAT_MONTHLY
    return to_fen(Decimal(wage or 0) * share)


def standard_label(category, wage):
    """执行标准 as the register shows it: "1.5%" or "0.20 元/月"."""
    share = rate(category, wage)
    if share is None:
        return f"{FLAT_MONTHLY} 元/月"
    return f"{(share * 100).normalize():f}%"


# -- months ----------------------------------------------------------------------------------


def month_start(day):
    return day.replace(day=1)


def next_month(month):
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_end(month):
    return next_month(month) - datetime.timedelta(days=1)


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first, last):
    """Months from `first` to `last`, both included (first days)."""
    month = month_start(first)
    result = []
    while month <= last:
        result.append(month)
        month = next_month(month)
    return result


def year_months(year):
    return [datetime.date(year, number, 1) for number in range(1, 13)]


def quarter_months(year, quarter):
    return [datetime.date(year, 3 * (quarter - 1) + offset, 1) for offset in (1, 2, 3)]


def quarter_of(month):
    return (month.month - 1) // 3 + 1


# -- arrears ---------------------------------------------------------------------------------
# Warn when a member owes this many months; show the fact (never decide) at this many consecutive
# months unpaid without a recorded reason (党章: treated as leaving the party).
ARREARS_WARN_MONTHS = 3
ARREARS_FLAG_MONTHS = 6

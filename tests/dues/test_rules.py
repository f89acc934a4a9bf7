"""The brackets of 中组发〔2008〕3号 at every boundary, rounding half up to the fen."""

import datetime
from decimal import Decimal

import pytest

from dues.rules import Category, add_months, monthly_due, quarter_months, standard_label


@pytest.mark.parametrize(
    ("wage", "due", "label"),
    [
        ("2999.99", "15.00", "0.5%"),  # 14.99995 rounds half up
        ("3000", "15.00", "0.5%"),  # the upper limit is inclusive
        ("3000.01", "30.00", "1%"),
        ("5000", "50.00", "1%"),
        ("5000.01", "75.00", "1.5%"),
        ("10000", "150.00", "1.5%"),
        ("10000.01", "200.00", "2%"),
        ("0", "0.00", "0.5%"),
        ("4321.50", "43.22", "1%"),  # 43.215 -> 43.22 (half up, not to even)
    ],
)
def test_employed_brackets(wage, due, label):
    assert monthly_due(Category.EMPLOYED, Decimal(wage)) == Decimal(due)
    assert standard_label(Category.EMPLOYED, Decimal(wage)) == label


@pytest.mark.parametrize(
    ("wage", "due"), [("5000", "25.00"), ("5000.01", "50.00"), ("4999.99", "25.00")]
)
def test_retired_brackets(wage, due):
    assert monthly_due(Category.RETIRED, Decimal(wage)) == Decimal(due)


@pytest.mark.parametrize("category", [Category.STUDENT, Category.OTHER])
def test_students_and_unemployed_pay_twenty_fen_whatever_the_income(category):
    assert monthly_due(category, Decimal("0")) == Decimal("0.20")
    assert monthly_due(category, Decimal("8000")) == Decimal("0.20")
    assert standard_label(category, None) == "0.20 元/月"


def test_months_wrap_over_the_year():
    assert add_months(datetime.date(2026, 11, 1), 3) == datetime.date(2027, 2, 1)
    assert quarter_months(2026, 4)[0] == datetime.date(2026, 10, 1)

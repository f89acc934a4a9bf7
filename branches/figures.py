"""Derived figures: how a number computed from the records is rounded and shown (docs/domain.md,
"Figures and statistics"). Every page, export and report uses these, so the ledger, the compliance
calendar, a report's statistics and the district overview show the same figure for the same
records.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")


def _one_decimal(number):
    return number.quantize(ONE_DECIMAL, ROUND_HALF_UP)


def percent(part, whole):
    """`part` of `whole` in per cent, rounded half up to one decimal: 2 of 3 -> 66.7,
    1 of 2000 (0.05) -> 0.1. None when there is nothing to divide by."""
    if not whole:
        return None
    return _one_decimal(Decimal(part) * 100 / Decimal(whole))


def per_member(total, members):
    """A total divided by a number of members, rounded half up to one decimal (None for none)."""
    if not members:
        return None
    return _one_decimal(Decimal(total) / Decimal(members))


def plain(number):
    """A Decimal as plain text without trailing zeros: 32.0 -> "32", 21.50 -> "21.5"."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Figure:
    """One derived figure of a page, a report or an export."""

    key: str  # unique on the page and in the export
    label: str
    value: object
    unit: str = ""
    drill: str | None = None  # the overview's drill-down key; defaults to `key`
    required: int | None = None  # records required in the period (a report's activities)
    attendance_rate: Decimal | None = None
    note: str = ""  # e.g. the yearly requirement an hours figure compares to
    url: str = ""  # set by a view

    def __post_init__(self):
        self.label, self.unit = str(self.label), str(self.unit)
        if self.drill is None:
            self.drill = self.key

    @property
    def shortfall(self):
        return self.required is not None and self.value < self.required

    @property
    def text(self):
        """ "85.0%", "12 人", "—" when there is nothing to divide."""
        if self.value is None:
            return "—"
        if self.unit == "%":
            return f"{self.value}%"
        return f"{self.value} {self.unit}".strip()

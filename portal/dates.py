"""Plausible dates: the one definition of the range a date typed into any form may fall in.

A browser's date input happily sends 0001-01-01 or 9999-12-31 (a slip of the year, a stuck key),
and such a date breaks later arithmetic (a default term end three years on, an age) or simply sits
in the ledger as nonsense. Every date field of every form is checked against a `DateRange`: by
default 1900-01-01 to five years from today, tighter where the domain says so (a fact that has
happened is not in the future; nothing of the party's work predates its founding in July 1921).
The message is in Chinese and names the range; the date input gets the same `min`/`max`, so the
browser's picker stays inside it.

Forms get the check from `PlausibleDatesMixin` (every `forms.DateField` of the form; a form
names tighter ranges in `date_ranges`); filters take `PlausibleDatesForm` as their form.
Every date field of the portal's forms and filters is typed with the one widget, `DateInput`.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1900, 1, 1)
PARTY_FOUNDED = datetime.date(1921, 7, 1)
YEARS_AHEAD = 5


def add_months(day, months):
    """The same day `months` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def years_later(day, years):
    """The same day `years` later (28 February for a 29 February that has no match)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class DateInput(forms.DateInput):
    """The one date widget of the portal's forms and filters: the browser's date picker, which
    sends and shows ISO dates (YYYY-MM-DD); `apply_date_range` adds its `min`/`max`."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


@deconstructible
class DateRange:
    """A validator: the date lies between `earliest` and `years_ahead` years from today
    (`years_ahead=0`: not after today)."""

    message = _("请填写 %(earliest)s 至 %(latest)s 之间的日期。")
    past_message = _("请填写 %(earliest)s 至今天（%(latest)s）之间的日期。")
    code = "date_out_of_range"

    def __init__(self, earliest=EARLIEST, years_ahead=YEARS_AHEAD):
        self.earliest, self.years_ahead = earliest, years_ahead

    def bounds(self, today=None):
        today = today or datetime.date.today()
        return self.earliest, years_later(today, self.years_ahead)

    def __call__(self, value):
        if not isinstance(value, datetime.date):
            return
        if isinstance(value, datetime.datetime):
            value = value.date()
        earliest, latest = self.bounds()
        if not earliest <= value <= latest:
            raise ValidationError(
                self.past_message if self.years_ahead == 0 else self.message,
                code=self.code,
                params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
            )

    def __eq__(self, other):
        return isinstance(other, DateRange) and (self.earliest, self.years_ahead) == (
            other.earliest,
            other.years_ahead,
        )


ANY_DATE = DateRange()
PAST_DATE = DateRange(years_ahead=0)  # a fact that has happened: birth, a transfer
PARTY_PAST_DATE = DateRange(PARTY_FOUNDED, years_ahead=0)  # a step of party life that happened
PARTY_DATE = DateRange(PARTY_FOUNDED, years_ahead=3)  # party work, planned up to 3 years ahead


def apply_date_range(field, date_range):
    """Check `field` (a forms.DateField) against `date_range` and tell the date picker."""
    field.validators = [v for v in field.validators if not isinstance(v, DateRange)]
    field.validators.append(date_range)
    earliest, latest = date_range.bounds()
    field.widget.attrs.update({"min": earliest.isoformat(), "max": latest.isoformat()})


class PlausibleDatesMixin:
    """Add to a form's bases: every date field of the form accepts only plausible dates
    (`ANY_DATE` unless the form's `date_ranges` names a tighter range for the field)."""

    date_ranges = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                apply_date_range(field, self.date_ranges.get(name, ANY_DATE))


class PlausibleDatesForm(PlausibleDatesMixin, forms.Form):
    """The base form of hand-made forms and filters (django-filter's `Meta.form`) with dates."""

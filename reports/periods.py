"""Report periods: a calendar year, a school year (1 Sep - 31 Aug) or a committee term (届).

A period is a pair of dates (both inclusive) plus the year it is filed under, so "2019学年度" is
2019-09-01 .. 2020-08-31 filed under 2019, and a 2011-2013 term is filed under its last year.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    CALENDAR_YEAR = "calendar", _("自然年度")
    SCHOOL_YEAR = "school", _("学年度（9月1日至次年8月31日）")
    TERM = "term", _("支委会任期（届）")


@dataclass(frozen=True)
class Period:
    type: str
    start: datetime.date
    end: datetime.date
    year: int

    @property
    def label(self):
        if self.type == PeriodType.CALENDAR_YEAR:
            return gettext("%(year)s年度") % {"year": self.year}
        if self.type == PeriodType.SCHOOL_YEAR:
            return gettext("%(year)s学年度") % {"year": self.year}
        return gettext("%(start)s—%(end)s年任期") % {
            "start": self.start.year,
            "end": self.end.year,
        }

    def previous(self):
        """The period before this one, of the same length (last year, or the previous term)."""
        if self.type == PeriodType.CALENDAR_YEAR:
            return calendar_year(self.year - 1)
        if self.type == PeriodType.SCHOOL_YEAR:
            return school_year(self.year - 1)
        years = max(1, round(((self.end - self.start).days + 1) / 365.25))
        end = self.start - datetime.timedelta(days=1)
        return Period(PeriodType.TERM, _shift_years(self.start, -years), end, end.year)

    def contains(self, day):
        return self.start <= day <= self.end


def calendar_year(year):
    return Period(
        PeriodType.CALENDAR_YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31), year
    )


def school_year(year):
    """The school year that starts on 1 September of `year` (2019学年度 = 2019-09 .. 2020-08)."""
    return Period(
        PeriodType.SCHOOL_YEAR, datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31), year
    )


def term(start, end):
    return Period(PeriodType.TERM, start, end, end.year)


def committee_term(committee):
    """A committee's term, up to the day before the next election (the actual one when the
    term ended early or late, else the day the term expires, after an approved extension)."""
    end = (committee.ended_on or committee.due_date) - datetime.timedelta(days=1)
    return term(committee.term_start, end)


def period_for(*, period_type, year=None, committee=None):
    """The period a report form names: a calendar or school year, or a committee's term."""
    if period_type == PeriodType.CALENDAR_YEAR:
        return calendar_year(year)
    if period_type == PeriodType.SCHOOL_YEAR:
        return school_year(year)
    return committee_term(committee)


def _shift_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)

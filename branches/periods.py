"""Periods: the one period type of the portal (docs/domain.md, "Periods").

A period is a pair of dates (both inclusive), the year it is filed under and its kind: a calendar
year, a school year (1 September to 31 August, named by the year it starts: "2019学年度" is
2019-09-01 .. 2020-08-31), a committee term (届, filed under the year it ends), a quarter or a
month. The compliance calendar, the ledger, the overview and the reports all take one of these.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.dates import years_later

SCHOOL_YEAR_STARTS = 9  # September


class PeriodType(models.TextChoices):
    CALENDAR_YEAR = "calendar", _("自然年度")
    SCHOOL_YEAR = "school", _("学年度（9月1日至次年8月31日）")
    TERM = "term", _("支委会任期（届）")
    QUARTER = "quarter", _("季度")
    MONTH = "month", _("月")


# The kinds of period a report is filed for (the choices of Report.period_type).
REPORT_PERIOD_CHOICES = [
    (kind.value, kind.label)
    for kind in (PeriodType.CALENDAR_YEAR, PeriodType.SCHOOL_YEAR, PeriodType.TERM)
]


def _month_end(day):
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    type: str
    start: datetime.date
    end: datetime.date
    year: int
    number: int = 0  # a quarter's place in its year (1-4); a month's number (1-12)

    @property
    def label(self):
        if self.type == PeriodType.CALENDAR_YEAR:
            return gettext("%(year)s年度") % {"year": self.year}
        if self.type == PeriodType.SCHOOL_YEAR:
            return gettext("%(year)s学年度") % {"year": self.year}
        if self.type == PeriodType.MONTH:
            return gettext("%(m)s月") % {"m": self.start.month}
        if self.type == PeriodType.QUARTER:
            return gettext("第%(n)s季度（%(a)s–%(b)s月）") % {
                "n": "一二三四"[self.number - 1],
                "a": self.start.month,
                "b": self.end.month,
            }
        return gettext("%(start)s—%(end)s年任期") % {
            "start": self.start.year,
            "end": self.end.year,
        }

    def label_as_of(self, day):
        """The label as read on `day`: a month or quarter of another year names its year
        ("2025年12月", "2025年第四季度（10–12月）" in January 2026; "12月" in December 2025)."""
        if self.type in (PeriodType.MONTH, PeriodType.QUARTER) and self.start.year != day.year:
            return gettext("%(year)s年%(period)s") % {"year": self.start.year, "period": self.label}
        return self.label

    @property
    def school_year(self):
        return self.type == PeriodType.SCHOOL_YEAR

    def contains(self, day):
        return self.start <= day <= self.end

    def as_of(self, today):
        """The day the period's roster counts are taken on: its end, or today while it runs
        (its first day before it starts)."""
        return min(self.end, max(today, self.start))

    def previous(self):
        """The period before this one, of the same length (last year, or the previous term)."""
        if self.type == PeriodType.CALENDAR_YEAR:
            return calendar_year(self.year - 1)
        if self.type == PeriodType.SCHOOL_YEAR:
            return school_year(self.year - 1)
        years = max(1, round(((self.end - self.start).days + 1) / 365.25))
        end = self.start - datetime.timedelta(days=1)
        return Period(PeriodType.TERM, years_later(self.start, -years), end, end.year)

    # Cached: a district's overview asks for them once per organisation (BENCHMARKS.md).
    @cached_property
    def months(self):
        """The calendar months of the period, in order."""
        result, day = [], self.start
        while day <= self.end:
            result.append(Period(PeriodType.MONTH, day, _month_end(day), day.year, day.month))
            day = _month_end(day) + datetime.timedelta(days=1)
        return tuple(result)

    @cached_property
    def quarters(self):
        """Three-month quarters from the period's start: a school year's are Sep–Nov, Dec–Feb,
        Mar–May, Jun–Aug."""
        months = self.months
        return tuple(
            Period(PeriodType.QUARTER, months[i].start, months[i + 2].end, self.year, i // 3 + 1)
            for i in range(0, len(months) - 2, 3)
        )

    @property
    def whole(self):
        return self


def calendar_year(year):
    return Period(
        PeriodType.CALENDAR_YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31), year
    )


def school_year(year):
    """The school year that starts on 1 September of `year` (2019学年度 = 2019-09 .. 2020-08)."""
    return _school_year(year)


def _school_year(year):
    return Period(
        PeriodType.SCHOOL_YEAR,
        datetime.date(year, SCHOOL_YEAR_STARTS, 1),
        datetime.date(year + 1, SCHOOL_YEAR_STARTS, 1) - datetime.timedelta(days=1),
        year,
    )


def year_period(year, *, school_year=False):
    """A calendar year, or the school year starting 1 September of `year`."""
    return _school_year(year) if school_year else calendar_year(year)


def period_containing(day, *, school_year=False):
    """The calendar or school year that includes `day` (31 August is in the school year before,
    1 September starts a new one)."""
    if school_year:
        return _school_year(day.year if day.month >= SCHOOL_YEAR_STARTS else day.year - 1)
    return calendar_year(day.year)


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

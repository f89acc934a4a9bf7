"""A member's own page: their attendance, hours against the yearly study requirement, talks,
dues and the branch's coming meetings. Every figure reads the rules branches and dues define
(Attendance.objects.of_held(...).totals(), STUDY_HOURS_REQUIRED, StudyMember, the DuesBook);
nothing of another member is returned.

A constant number of queries: the attendance rows of the year, their totals, the talks, the
confirmations, the planned meetings, the dues book (four) when the branch keeps dues.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from branches.models import Activity, Attendance
from branches.models.activities import Kind
from branches.periods import calendar_year
from branches.selectors.compliance import STUDY_HOURS_REQUIRED, StudyMember
from dues.models import DuesBase
from dues.rules import month_start, months_between
from dues.selectors.bills import DuesBook

UPCOMING_LIMIT = 10


@dataclass
class OwnPage:
    member: object
    period: object
    today: datetime.date
    attendance: list
    study: StudyMember
    volunteer_hours: Decimal
    expected_count: int
    present_count: int
    talks: list
    upcoming: list
    confirmed_ids: set
    dues_lines: list = field(default_factory=list)
    keeps_dues: bool = False

    @property
    def required_hours(self):
        return STUDY_HOURS_REQUIRED

    @property
    def owed_lines(self):
        return [line for line in self.dues_lines if line.owed]


def own_page(member, *, today=None, year=None):
    today = today or datetime.date.today()
    period = calendar_year(year or today.year)
    org_ids = [member.organization_id]
    held = Attendance.objects.of_held(org_ids, period.start, period.end).filter(member=member)
    attendance = list(
        held.select_related("activity", "activity__group").order_by(
            "-activity__date", "-activity_id"
        )
    )
    totals = next(iter(held.totals("member_id")), {})
    study = StudyMember(member.id, member.name, totals.get("study_hours") or Decimal(0))
    talks = list(
        Activity.objects.held()
        .filter(organization_id=member.organization_id, kind=Kind.TALK)
        .filter(date__range=(period.start, period.end))
        .filter(Q(talker=member) | Q(talkee=member))
        .select_related("talker", "talkee")
        .order_by("-date", "-id")
    )
    study.talks = len(talks)
    upcoming = list(
        Activity.objects.planned()
        .filter(organization_id=member.organization_id, date__gte=today)
        .exclude(kind=Kind.TALK)
        .select_related("group")
        .order_by("date", "start_time", "id")[:UPCOMING_LIMIT]
    )
    confirmed = set(
        member.confirmations.filter(activity__date__gte=period.start).values_list(
            "activity_id", flat=True
        )
    )
    page = OwnPage(
        member=member,
        period=period,
        today=today,
        attendance=attendance,
        study=study,
        volunteer_hours=totals.get("volunteer_hours") or Decimal(0),
        expected_count=totals.get("expected_count") or 0,
        present_count=totals.get("present_count") or 0,
        talks=talks,
        upcoming=upcoming,
        confirmed_ids=confirmed,
    )
    page.keeps_dues = DuesBase.objects.filter(member=member).exists()
    if page.keeps_dues:
        first, last = month_start(period.start), month_start(min(today, period.end))
        book = DuesBook({member.organization_id}, first, last)
        mine = next((m for m in book.members if m.id == member.id), None)
        if mine is not None:
            page.dues_lines = book.member_lines(mine, months_between(first, last))
    return page

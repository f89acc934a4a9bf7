"""Which required records exist and which are missing, per organisation, month, quarter and year.

One function, `compliance_for(organizations, year=..., school_year=...)`, serves the branch calendar,
the secretary's to-do panel and the district matrix, so their numbers agree. It runs a CONSTANT
number of aggregate queries (six) whatever the number of organisations (and whether or not it
also looks back before the period, `since=`: that only widens the date range of queries 2 and 3):
  1. party groups, 2. committees in office during the period (with their secretaries),
  3. record counts per organisation/kind/group/status/month (with 党课 lecturers),
  4. each organisation's last held record, 5. study hours and talks per member (from the
  period's study and talk records), 6. the party members.

Pages that show many organisations' totals (the district overview, the city and province roll-up)
read `compliance_summaries`: the kept and missing counts and the last record of each, kept per
organisation like the full figures, a few bytes each.

Requirements (docs/domain.md, "Activities and how often they are due"): monthly 支委会 (only while
a committee is in office), each group's 党小组会 and 主题党日; quarterly 党员大会 and 党课; yearly
组织生活会, 民主评议党员 and 谈心谈话 (every party member at least once), and 32 study hours per
member; a warning when no secretary of the period gave a 党课. A school year (1 Sep–31 Aug) has quarters Sep–Nov,
Dec–Feb, Mar–May, Jun–Aug. Missing records only ever produce warnings.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from branches.figures import percent
from branches.kept import kept, kept_for
from branches.models import Activity, Attendance, Committee, CommitteePost, Member, PartyGroup
from branches.models.activities import Kind
from branches.periods import Period, year_period
from branches.selectors.roster import committee_warnings
from portal.dates import add_months

STUDY_HOURS_REQUIRED = Decimal(32)
SILENT_AFTER_DAYS = 30

MONTHLY_KINDS = (Kind.COMMITTEE_MEETING, Kind.GROUP_MEETING, Kind.THEME_DAY)
QUARTERLY_KINDS = (Kind.GENERAL_MEETING, Kind.LECTURE)
YEARLY_KINDS = (Kind.LIFE_MEETING, Kind.APPRAISAL, Kind.TALK)
STUDY = "study_hours"


class State:
    KEPT = "kept"  # a held record exists
    MISSING = "missing"  # the window is over and nothing was held
    DUE = "due"  # the window is open (it includes today) and nothing is held yet
    FUTURE = "future"  # the window has not started


def window_state(window, today, held):
    """The state of a required record in a window (a Period) on `today`."""
    if held:
        return State.KEPT
    if window.end < today:
        return State.MISSING
    return State.DUE if window.start <= today else State.FUTURE


@dataclass
class Slot:
    """One required record in one window: e.g. 3月 支委会, 第一党小组's 党小组会, Q2 党课."""

    kind: str
    label: str
    window: Period
    state: str
    held: int = 0
    planned: int = 0
    group_id: int | None = None

    @property
    def is_missing(self):
        return self.state == State.MISSING


@dataclass
class Row:
    window: Period
    slots: list


@dataclass
class StudyMember:
    member_id: int
    name: str
    hours: Decimal
    talks: int = 0

    @property
    def short(self):
        return max(STUDY_HOURS_REQUIRED - self.hours, Decimal(0))


@dataclass
class Compliance:
    organization: object
    period: Period
    today: datetime.date
    months: list = field(default_factory=list)
    quarters: list = field(default_factory=list)
    yearly: list = field(default_factory=list)
    study: list = field(default_factory=list)
    last_record: datetime.date | None = None
    # Did a secretary of the period give a 党课? None when no secretary is on record.
    secretary_lectured: bool | None = None
    # Month and quarter rows of the periods before this one whose windows end on or after
    # `compliance_for(since=...)` (the to-do's overdue window across the year boundary). They
    # belong to the earlier period's compliance: not counted in this one's figures or warnings.
    earlier: list = field(default_factory=list)

    @property
    def silent(self):
        """No held record in the last 30 days (before today)."""
        return self.last_record is None or (self.today - self.last_record).days > SILENT_AFTER_DAYS

    @property
    def slots(self):
        for row in (*self.months, *self.quarters):
            yield from row.slots
        yield from self.yearly

    @property
    def kept_count(self):
        return sum(1 for slot in self.slots if slot.state == State.KEPT)

    @property
    def missing_count(self):
        return sum(1 for slot in self.slots if slot.state == State.MISSING)

    @property
    def missing(self):
        return [slot for slot in self.slots if slot.state == State.MISSING]

    @property
    def rate(self):
        """Kept share of the windows that are over or kept (None before anything was due)."""
        return percent(self.kept_count, self.kept_count + self.missing_count)

    @property
    def without_talk(self):
        """Party members with no 谈心谈话 in the period (as talker or as the one talked to)."""
        return [member for member in self.study if not member.talks]

    @property
    def study_short(self):
        return [member for member in self.study if member.short > 0]

    def open_slots(self, day=None):
        """Slots whose window includes `day` and which are not yet kept (the to-do list)."""
        day = day or self.today
        return [
            slot
            for slot in self.slots
            if slot.state == State.DUE and slot.window.start <= day <= slot.window.end
        ]

    def warnings(self):
        """Chinese warnings for missed requirements, in calendar order (never blocking)."""
        result = [
            _("%(window)s未开展%(label)s") % {"window": slot.window.label, "label": slot.label}
            for slot in self.missing
        ]
        if self.secretary_lectured is False and self.period.end < self.today:
            result.append(_("%(period)s支部书记没有讲党课") % {"period": self.period.label})
        if self.silent:
            result.append(_("已超过 30 天没有活动记录"))
        return result


def _label(kind):
    """A kind's label as plain text: a kept figure holds no lazy translation proxies (unpickling
    thousands of them was most of the time of reading a province's kept figures)."""
    return str(kind.label)


def _slot(kind, label, window, today, counts, group_id=None):
    held = counts.get((kind, group_id, Activity.Status.HELD), 0)
    planned = counts.get((kind, group_id, Activity.Status.PLANNED), 0)
    return Slot(kind, label, window, window_state(window, today, held), held, planned, group_id)


def compliance_for(organizations, *, year, school_year=False, today=None, since=None):
    """{organization id: Compliance} for each organisation, in six queries whatever their number
    (or one, when every organisation's figures are kept: branches.kept, under its data version).

    `organizations`: an iterable of Organization objects (or a queryset). `since`: a day before
    the period; the month and quarter windows of the periods before it that end on or after that
    day are given as `Compliance.earlier` (the same six queries, over a longer date range).
    Each organisation's figures are its own (its records, its members), whichever organisations
    are asked for together.
    """
    organizations = list(organizations)
    today = today or datetime.date.today()
    by_id = {org.id: org for org in organizations}

    def compute(org_ids):
        results = compute_compliance(
            [by_id[i] for i in org_ids],
            year=year,
            school_year=school_year,
            today=today,
            since=since,
        )
        for result in results.values():
            result.organization = None  # kept without it; the caller's object is put back
        return results

    results = kept("compliance", list(by_id), _arguments(year, school_year, today, since), compute)
    for org_id, result in results.items():
        result.organization = by_id[org_id]
    return {org.id: results[org.id] for org in organizations}


@dataclass(frozen=True)
class Summary:
    """The totals of one organisation's Compliance that lists and roll-ups show (kept and missing
    windows, last held record), without its slots: a few bytes to keep and read per organisation.
    Same properties, same definitions as Compliance's."""

    kept_count: int
    missing_count: int
    last_record: datetime.date | None
    today: datetime.date

    @classmethod
    def of(cls, compliance):
        return cls(
            compliance.kept_count,
            compliance.missing_count,
            compliance.last_record,
            compliance.today,
        )

    @property
    def rate(self):
        return percent(self.kept_count, self.kept_count + self.missing_count)

    @property
    def silent(self):
        return self.last_record is None or (self.today - self.last_record).days > SILENT_AFTER_DAYS


def compliance_summaries(organizations, *, year, school_year=False, today=None, computed=None):
    """{organization id: Summary} for each organisation: one query for all their data versions and
    one cache round trip, then `compute_compliance` (six queries) for those whose summary is not
    kept under their current version. For pages that show many organisations' totals (the
    district overview, the city and province roll-up); their detail comes from `compliance_for`
    for the organisations a page shows. `computed`: a dict that receives the full Compliance of
    the organisations whose summary had to be computed (the caller's page needs no second
    computation of them)."""
    organizations = list(organizations)
    today = today or datetime.date.today()
    by_id = {org.id: org for org in organizations}

    full = {}

    def compute(org_ids):
        results = compute_compliance(
            [by_id[i] for i in org_ids], year=year, school_year=school_year, today=today
        )
        for result in results.values():
            result.organization = None  # as compliance_for keeps them
        full.update(results)
        return {org_id: Summary.of(result) for org_id, result in results.items()}

    # compliance_for's arguments (without `since`): the full figures computed for the summaries
    # are kept for it too.
    arguments = _arguments(year, school_year, today, None)
    summaries = kept(
        "compliance-summary", list(by_id), arguments, compute, companions={"compliance": full}
    )
    if computed is not None:
        computed.update(full)
    return summaries


def _arguments(year, school_year, today, since):
    return f"{year}:{int(school_year)}:{today.isoformat()}:{since.isoformat() if since else ''}"


def compute_compliance(organizations, *, year, school_year=False, today=None, since=None):
    """`compliance_for` computed from the records (six queries), never read from the kept
    figures: the full recomputation they are checked against."""
    organizations = list(organizations)
    today = today or datetime.date.today()
    period = year_period(year, school_year=school_year)
    earlier, first = [], period  # the periods before this one back to `since`, oldest first
    while since is not None and first.start > since:
        first = first.previous()
        earlier.insert(0, first)
    start = first.start
    org_ids = [org.id for org in organizations]

    groups = defaultdict(list)
    for group in PartyGroup.objects.filter(organization_id__in=org_ids).order_by("name", "id"):
        groups[group.organization_id].append(group)

    committees, secretaries = defaultdict(set), defaultdict(set)
    terms = Committee.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=start),
        organization_id__in=org_ids,
        term_start__lte=period.end,
    ).values_list("organization_id", "term_start", "ended_on", "posts__post", "posts__member__name")
    for org_id, term_start, ended, post, name in terms:
        committees[org_id].add((term_start, ended))
        in_period = _committee_in_office([(term_start, ended)], period)
        if post == CommitteePost.Post.SECRETARY and in_period:
            secretaries[org_id].add(name)

    # organisation -> first day of month -> (kind, group id, status) -> number of records
    counts = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    lecturers = defaultdict(set)  # organisation -> lecturers of held 党课
    rows = (
        Activity.objects.filter(organization_id__in=org_ids, date__range=(start, period.end))
        .annotate(month=TruncMonth("date"))
        .values("organization_id", "kind", "group_id", "status", "month", "lecturer")
        .annotate(n=Count("id"))
    )
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        key = (row["kind"], row["group_id"], row["status"])
        counts[row["organization_id"]][month][key] += row["n"]
        held_lecture = row["kind"] == Kind.LECTURE and row["status"] == Activity.Status.HELD
        if held_lecture and period.contains(month):
            lecturers[row["organization_id"]].add(row["lecturer"].strip())

    last = dict(
        Activity.objects.held()
        .filter(organization_id__in=org_ids, date__lte=today)
        .values("organization_id")
        .annotate(last=Max("date"))
        .values_list("organization_id", "last")
    )

    study = defaultdict(list)
    reference = period.as_of(today)
    # Hours and talks come from the period's study and talk records (found through the
    # organisation/kind/date index), not by walking each member's whole attendance history:
    # at province scale that is 0.1 s instead of 3 s for a district (BENCHMARKS.md).
    # Per organisation and member: a member counts the records of their own organisation.
    figures = {
        (row["activity__organization_id"], row["member_id"]): (
            row["study_hours"] or Decimal(0),
            row["talks"],
        )
        for row in Attendance.objects.of_held(org_ids, period.start, period.end)
        .filter(activity__kind__in=(Kind.STUDY, Kind.TALK))
        .totals("activity__organization_id", "member_id")
        .annotate(talks=Count("id", filter=Q(activity__kind=Kind.TALK)))
    }
    members = (
        Member.objects.filter(organization_id__in=org_ids)
        .party_members(reference)
        .order_by("name", "id")
        .values_list("organization_id", "id", "name")
    )
    for org_id, member_id, name in members:
        hours, talks = figures.get((org_id, member_id), (Decimal(0), 0))
        study[org_id].append(StudyMember(member_id, name, hours, talks))

    results = {
        org.id: _compliance(
            org,
            period,
            today,
            groups[org.id],
            committees[org.id],
            counts[org.id],
            last.get(org.id),
            study[org.id],
        )
        for org in organizations
    }
    for org in organizations:
        result = results[org.id]
        if secretaries[org.id]:
            result.secretary_lectured = bool(secretaries[org.id] & lecturers[org.id])
        for before in earlier:
            months, quarters = _rows(
                before, today, groups[org.id], committees[org.id], counts[org.id]
            )
            result.earlier += [row for row in (*months, *quarters) if row.window.end >= since]
    return results


def _sum_counts(month_counts, window):
    total = defaultdict(int)
    for month, by_key in month_counts.items():
        if window.start <= month <= window.end:
            for key, n in by_key.items():
                total[key] += n
    return total


def _committee_in_office(terms, window):
    return any(
        start <= window.end and (ended is None or ended > window.start) for start, ended in terms
    )


def _rows(period, today, groups, terms, month_counts):
    """The period's month rows and quarter rows."""
    months = []
    for window in period.months:
        counts = _sum_counts(month_counts, window)
        slots = []
        if _committee_in_office(terms, window):
            slots.append(
                _slot(Kind.COMMITTEE_MEETING, _label(Kind.COMMITTEE_MEETING), window, today, counts)
            )
        for group in groups:
            name = group.name
            label = (
                f"{name}会" if name.endswith("小组") else _("%(group)s党小组会") % {"group": name}
            )
            slots.append(_slot(Kind.GROUP_MEETING, label, window, today, counts, group.id))
        slots.append(_slot(Kind.THEME_DAY, _label(Kind.THEME_DAY), window, today, counts))
        months.append(Row(window, slots))
    quarters = []
    for window in period.quarters:
        counts = _sum_counts(month_counts, window)
        slots = [_slot(kind, _label(kind), window, today, counts) for kind in QUARTERLY_KINDS]
        quarters.append(Row(window, slots))
    return months, quarters


def _compliance(org, period, today, groups, terms, month_counts, last_record, study):
    result = Compliance(org, period, today, last_record=last_record, study=study)
    result.months, result.quarters = _rows(period, today, groups, terms, month_counts)
    whole = period.whole
    counts = _sum_counts(month_counts, whole)
    result.yearly = [_slot(kind, _label(kind), whole, today, counts) for kind in YEARLY_KINDS]
    # 谈心谈话 is kept when every party member had at least one talk in the period.
    talks = result.yearly[YEARLY_KINDS.index(Kind.TALK)]
    talks.label = _("谈心谈话（每名党员至少一次）")
    talks.held = sum(1 for member in study if member.talks)
    talks.state = (
        State.KEPT if study and talks.held == len(study) else window_state(whole, today, False)
    )
    short = [member for member in study if member.hours < STUDY_HOURS_REQUIRED]
    study_state = State.KEPT if study and not short else window_state(whole, today, False)
    label = _("每名党员学习不少于 %(hours)s 学时") % {"hours": STUDY_HOURS_REQUIRED}
    result.yearly.append(Slot(STUDY, label, whole, study_state, held=len(study) - len(short)))
    return result


# -- the secretary's to-do list -------------------------------------------------------------------


@dataclass
class Todo:
    organization: object
    compliance: Compliance
    month: list
    quarter: list
    year: list
    overdue: list
    planned: list
    committee: list
    today: datetime.date

    @property
    def overdue_items(self):
        """(window label, slot) of the overdue slots; the label names the year when it is not
        this year's ("2025年12月" in January 2026)."""
        return [(slot.window.label_as_of(self.today), slot) for slot in self.overdue]

    @property
    def is_empty(self):
        return not any(
            (self.month, self.quarter, self.year, self.overdue, self.planned) + (self.committee,)
        )


def secretary_todo(organizations, *, today=None, overdue_months=3, planned_limit=5):
    """What each branch has to do: due this month/quarter/year, overdue, planned, committee terms
    (development deadlines are the development app's: its home panel and reminders).

    Overdue ("近三个月"): the missing monthly and quarterly slots whose windows ended in the
    `overdue_months` calendar months before this one, last year's included (on 15 January:
    October to December). A constant number of queries (compliance's six, one for planned
    records, and the committee warnings') whatever the number of organisations and the day.
    """
    organizations = [org for org in organizations if org.is_branch]
    today = today or datetime.date.today()
    # Kept per organisation under its data version (every record, roster and committee write
    # renews it) and the day: the home page reads it in one query and one cache round trip.
    return kept_for(
        "secretary-todo",
        organizations,
        f"{today}:{overdue_months}:{planned_limit}",
        lambda missing: _todos(missing, today, overdue_months, planned_limit),
    )


def _todos(organizations, today, overdue_months, planned_limit):
    """{organisation id: Todo} computed from the records (see secretary_todo)."""
    horizon = add_months(today.replace(day=1), -overdue_months)
    results = compliance_for(organizations, year=today.year, today=today, since=horizon)
    planned = defaultdict(list)
    upcoming = (
        Activity.objects.planned()
        # This month's plans still to be completed, then the coming ones.
        .filter(organization__in=organizations, date__gte=today.replace(day=1))
        .select_related("group")
        .order_by("date", "id")
    )
    for activity in upcoming:
        if len(planned[activity.organization_id]) < planned_limit:
            planned[activity.organization_id].append(activity)
    committee = defaultdict(list)
    for warning in committee_warnings(organizations, today):
        committee[warning.organization.pk].append(warning)
    todos = {}
    for org in organizations:
        result = results[org.id]
        open_slots = result.open_slots(today)
        earlier = [slot for row in result.earlier for slot in row.slots]
        overdue = [
            slot
            for slot in (*earlier, *result.slots)
            if slot.is_missing
            and slot.kind in (*MONTHLY_KINDS, *QUARTERLY_KINDS)
            and slot.window.end >= horizon
        ]
        todos[org.id] = Todo(
            organization=org,
            compliance=result,
            month=[s for s in open_slots if s.kind in MONTHLY_KINDS],
            quarter=[s for s in open_slots if s.kind in QUARTERLY_KINDS],
            year=[s for s in open_slots if s.kind in (*YEARLY_KINDS, STUDY)],
            overdue=overdue,
            planned=planned[org.id],
            committee=committee[org.id],
            today=today,
        )
    return todos

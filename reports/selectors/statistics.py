"""Figures of a report, computed from the records of the period; never typed in.

`compute(organization, period)` returns every figure a report shows, in a fixed number of queries
(independent of how many records there are). `records_for(organization, period, key)` returns the
records behind one figure, for the page each figure links to.

The organisation's records include those of the organisations under it (a 党委's report counts its
branches). Hours are per participant (their own hours, else the record's: PARTICIPANT_HOURS): an
activity of 2 hours attended by 10 members counts 20.
"Per member" divides by the party members (预备 + 正式) on the roster at the end of the period.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from branches.figures import Figure, per_member, percent, plain
from branches.kept import kept_each, kept_over
from branches.models import (
    Activity,
    Attendance,
    Honour,
    Member,
    Movement,
    Organization,
)
from branches.models.activities import ATTENDANCE_KINDS, RECORD_PARTICIPANT_HOURS, Kind, totals_of
from branches.models.members import developed_between, party_member_q
from branches.periods import PeriodType
from branches.selectors.compliance import (
    MONTHLY_KINDS,
    QUARTERLY_KINDS,
    STUDY_HOURS_REQUIRED,
    YEARLY_KINDS,
    compliance_for,
)
from branches.selectors.compliance import STUDY as COMPLIANCE_STUDY
from dues.selectors.district import dues_by_organization, dues_figures

REQUIRED_KINDS = {kind.value for kind in (*MONTHLY_KINDS, *QUARTERLY_KINDS, *YEARLY_KINDS)}

# Kinds listed in the statistics table, in the order of docs/domain.md.
ACTIVITY_KINDS = [
    Kind.GENERAL_MEETING,
    Kind.COMMITTEE_MEETING,
    Kind.GROUP_MEETING,
    Kind.LECTURE,
    Kind.THEME_DAY,
    Kind.LIFE_MEETING,
    Kind.APPRAISAL,
    Kind.TALK,
    Kind.STUDY,
    Kind.VOLUNTEER,
]

ROSTER_FIGURES = [
    ("members_start", _("期初党员人数")),
    ("members_end", _("期末党员人数")),
    ("probationary_end", _("其中期末预备党员")),
    ("developed", _("发展党员（接收预备党员）")),
    ("converted", _("预备党员转正")),
    ("transferred_in", _("组织关系转入")),
    ("transferred_out", _("组织关系转出")),
    ("other_leaving", _("其他减少（去世等）")),
]
HOURS_FIGURES = [
    ("study_hours", _("集中学习学时合计")),
    ("study_hours_per_member", _("人均学习学时")),
    ("volunteer_hours", _("志愿服务时长合计")),
    ("volunteer_hours_per_member", _("人均志愿服务时长")),
    ("volunteer_participants", _("志愿服务参加人次")),
]
HONOUR_FIGURES = [("honours", _("获得表彰"))]
DUES_FIGURES = [
    ("dues_expected", _("党费应缴")),
    ("dues_collected", _("党费实缴")),
    ("dues_remitted", _("党费上缴（本期结束的季度）")),
]

FIGURE_LABELS = dict(ROSTER_FIGURES + HOURS_FIGURES + HONOUR_FIGURES + DUES_FIGURES)
FIGURE_LABELS.update({f"kind-{kind.value}": kind.label for kind in ACTIVITY_KINDS})


@dataclass
class Statistics:
    organization: object
    period: object
    activities: list = field(default_factory=list)
    hours: list = field(default_factory=list)
    roster: list = field(default_factory=list)
    honours: list = field(default_factory=list)
    dues: list = field(default_factory=list)
    attendance_rate: Decimal | None = None

    def all(self):
        return self.activities + self.hours + self.roster + self.honours + self.dues

    def by_key(self):
        return {figure.key: figure for figure in self.all()}

    def value(self, key):
        return self.by_key()[key].value


def snapshot(stats):
    """{figure key: value as plain text}, the JSON kept with each submitted version."""
    return {
        figure.key: plain(figure.value) if isinstance(figure.value, Decimal) else figure.value
        for figure in stats.all()
    }


def changed_figures(version, current):
    """[(label, value at submission, value now)] for the figures of a submitted version that the
    records have changed since (`current`: the period's statistics now)."""
    now = snapshot(current)
    return [
        (figure.label, version.figures[figure.key], now[figure.key])
        for figure in current.all()
        if figure.key in version.figures and version.figures[figure.key] != now[figure.key]
    ]


def _months(period):
    days = (period.end - period.start).days + 1
    return max(1, round(days / 30.44))


def _compliance_years(period):
    """The compliance years whose requirements make up the period's."""
    if period.type == PeriodType.CALENDAR_YEAR:
        return [(period.year, False)]
    if period.type == PeriodType.SCHOOL_YEAR:
        return [(period.year, True)]
    return [(year, False) for year in range(period.start.year, period.end.year + 1)]


def required_counts(org_ids, period, today=None):
    """{kind: records required in the period}, from the same rules as the compliance calendar
    (branches.selectors.compliance): one per required window whose middle falls in the period."""
    organizations = list(Organization.objects.filter(id__in=org_ids))
    required = Counter()
    for year, school_year in _compliance_years(period):
        results = compliance_for(organizations, year=year, school_year=school_year, today=today)
        for result in results.values():
            for slot in result.slots:
                middle = slot.window.start + (slot.window.end - slot.window.start) / 2
                if slot.kind != COMPLIANCE_STUDY and period.contains(middle):
                    required[slot.kind] += 1
    return required


def _activities(org_ids, period):
    return (
        Activity.objects.filter(organization_id__in=org_ids)
        .held()
        .between(period.start, period.end)
    )


def _members(org_ids):
    return Member.objects.filter(organization_id__in=org_ids)


def _movements(org_ids, period, kinds):
    return Movement.objects.filter(
        member__organization_id__in=org_ids,
        kind__in=kinds,
        date__gte=period.start,
        date__lte=period.end,
    )


def _honours(org_ids, period):
    """Honours are kept by year: a year or school year counts the honours of its own year
    (2019学年度 -> 2019), a term counts every year it spans."""
    first = period.start.year if period.type == PeriodType.TERM else period.year
    return Honour.objects.filter(
        organization_id__in=org_ids, year__gte=first, year__lte=period.year
    ).select_related("member", "organization__school")


def compute(organization, period, today=None):
    """Every figure of the period, in a constant number of queries whatever the number of records.

    Kept (branches.kept.kept_over) under the data versions of the organisation and those under it,
    which every write behind these figures renews (records, attendance, roster, movements,
    honours, dues): two queries (the organisations under, their versions) and one cache read
    when nothing changed since; `_compute` otherwise."""
    today = today or datetime.date.today()
    org_ids = Organization.objects.subtree_ids(organization)
    arguments = f"{organization.id}:{period.type}:{period.start}:{period.end}:{period.year}:{today}"
    stats = kept_over(
        "report-statistics",
        org_ids,
        arguments,
        lambda: _compute(organization, org_ids, period, today),
    )
    stats.organization = organization
    return stats


def _compute(organization, org_ids, period, today):
    """The figures from the records: organisations under, activities by kind, the compliance
    rules' (one organisations query and six per year), 2 roster aggregates, hours, honours,
    dues."""
    stats = Statistics(organization=organization, period=period)

    held = dict(_activities(org_ids, period).values_list("kind").annotate(n=Count("id")).order_by())
    totals = {
        row["activity__kind"]: row
        for row in Attendance.objects.of_held(org_ids, period.start, period.end).totals(
            "activity__kind"
        )
    }
    no_rows = {
        "expected_count": 0,
        "present_count": 0,
        "study_hours": None,
        "volunteer_hours": None,
        "participants": 0,
    }
    required = required_counts(org_ids, period, today)
    expected_total = present_total = 0
    for kind in ACTIVITY_KINDS:
        row = totals.get(kind.value, no_rows)
        counts_attendance = kind in ATTENDANCE_KINDS
        expected_total += row["expected_count"]
        present_total += row["present_count"]
        stats.activities.append(
            Figure(
                key=f"kind-{kind.value}",
                label=kind.label,
                value=held.get(kind.value, 0),
                unit=_("次"),
                required=required.get(kind.value, 0)
                if kind.value in REQUIRED_KINDS and kind != Kind.TALK
                else None,
                attendance_rate=percent(row["present_count"], row["expected_count"])
                if counts_attendance
                else None,
                # 谈心谈话 is required of every member, not a number of records.
                note=_("每名党员至少一次") if kind == Kind.TALK else "",
            )
        )
    stats.attendance_rate = percent(present_total, expected_total)

    # The roster figures in two aggregates (members, movements) rather than eight counts: a
    # district's zip computes them for every report (BENCHMARKS.md).
    counts = _members(org_ids).aggregate(
        members_start=Count("id", filter=party_member_q(period.start)),
        members_end=Count("id", filter=party_member_q(period.end)),
        probationary_end=Count(
            "id",
            filter=party_member_q(period.end)
            & (Q(full_date__isnull=True) | Q(full_date__gt=period.end)),
        ),
        developed=Count("id", filter=developed_between(period.start, period.end)),
        converted=Count("id", filter=Q(full_date__range=(period.start, period.end))),
    )
    leaving = [Movement.Kind.DEATH, Movement.Kind.OTHER]
    counts |= _movements(org_ids, period, Movement.Kind.values).aggregate(
        transferred_in=Count("id", filter=Q(kind=Movement.Kind.TRANSFER_IN)),
        transferred_out=Count("id", filter=Q(kind=Movement.Kind.TRANSFER_OUT)),
        other_leaving=Count("id", filter=Q(kind__in=leaving)),
    )
    stats.roster = [
        Figure(key=key, label=label, value=counts[key], unit=_("人"))
        for key, label in ROSTER_FIGURES
    ]

    study = totals.get(Kind.STUDY.value, no_rows)["study_hours"] or Decimal(0)
    volunteer = totals.get(Kind.VOLUNTEER.value, no_rows)["volunteer_hours"] or Decimal(0)
    members_end = counts["members_end"]
    study_required = (STUDY_HOURS_REQUIRED * _months(period) / 12).quantize(Decimal("0.1"))
    stats.hours = [
        Figure("study_hours", FIGURE_LABELS["study_hours"], study, _("学时")),
        Figure(
            "study_hours_per_member",
            FIGURE_LABELS["study_hours_per_member"],
            per_member(study, members_end),
            _("学时"),
            note=_("每人不少于 %(hours)s 学时") % {"hours": plain(study_required)},
        ),
        Figure("volunteer_hours", FIGURE_LABELS["volunteer_hours"], volunteer, _("小时")),
        Figure(
            "volunteer_hours_per_member",
            FIGURE_LABELS["volunteer_hours_per_member"],
            per_member(volunteer, members_end),
            _("小时"),
        ),
        Figure(
            "volunteer_participants",
            FIGURE_LABELS["volunteer_participants"],
            totals.get(Kind.VOLUNTEER.value, no_rows)["participants"],
            _("人次"),
        ),
    ]

    stats.honours = [
        Figure("honours", FIGURE_LABELS["honours"], _honours(org_ids, period).count(), _("项")),
    ]
    dues, remitted = dues_figures(org_ids, period.start, period.end)
    values = {
        "dues_expected": dues.expected,
        "dues_collected": dues.collected,
        "dues_remitted": remitted,
    }
    stats.dues = [Figure(key, label, values[key], _("元")) for key, label in DUES_FIGURES]
    return stats


def records_for(organization, period, key):
    """(template kind, queryset) of the records behind one figure; KeyError for unknown keys."""
    if key not in FIGURE_LABELS:
        raise KeyError(key)
    org_ids = Organization.objects.subtree_ids(organization)
    members = _members(org_ids).select_related("organization").order_by("name", "id")
    if key.startswith("kind-"):
        return "activities", _activities(org_ids, period).filter(
            kind=key.removeprefix("kind-")
        ).with_counts().select_related("organization", "group").order_by("date", "id")
    if key in {"study_hours", "study_hours_per_member"}:
        return "activities", _activities(org_ids, period).filter(
            kind=Kind.STUDY
        ).with_counts().select_related("organization", "group").order_by("date", "id")
    if key.startswith("volunteer"):
        return "activities", _activities(org_ids, period).filter(
            kind=Kind.VOLUNTEER
        ).with_counts().select_related("organization", "group").order_by("date", "id")
    if key == "members_start":
        return "members", members.party_members(period.start)
    if key == "members_end":
        return "members", members.party_members(period.end)
    if key == "probationary_end":
        return "members", members.probationary(period.end)
    if key == "developed":
        return "members", members.filter(developed_between(period.start, period.end))
    if key == "converted":
        return "members", members.filter(full_date__gte=period.start, full_date__lte=period.end)
    kinds = {
        "transferred_in": [Movement.Kind.TRANSFER_IN],
        "transferred_out": [Movement.Kind.TRANSFER_OUT],
        "other_leaving": [Movement.Kind.DEATH, Movement.Kind.OTHER],
    }
    if key in kinds:
        return "movements", _movements(org_ids, period, kinds[key]).select_related(
            "member"
        ).order_by("date", "id")
    if key.startswith("dues_"):
        organizations = Organization.objects.filter(id__in=org_ids).order_by("name")
        return "dues", dues_by_organization(list(organizations), period.start, period.end)
    return "honours", _honours(org_ids, period).order_by("year", "id")


# -- key figures for many reports at once (the reviewer's queue) ---------------------------------

THREE_MEETINGS_ONE_LECTURE = (
    Kind.GENERAL_MEETING,
    Kind.COMMITTEE_MEETING,
    Kind.GROUP_MEETING,
    Kind.LECTURE,
)


@dataclass(frozen=True)
class Summary:
    """A few key figures of one period; the same numbers `compute` gives, for a list page."""

    meetings: int  # 三会一课 held
    theme_days: int
    attendance_rate: Decimal | None
    study_hours_per_member: Decimal | None
    volunteer_hours: Decimal
    members_end: int


def _totals(activities, members, period):
    """The sums a Summary is made of, for one organisation's held records and roster rows:
    (三会一课, 主题党日, 应到, 实到, study hours, volunteer hours, party members at the end)."""
    held = [a for a in activities if period.contains(a.date)]
    totals = totals_of(held)
    return (
        sum(1 for a in held if a.kind in THREE_MEETINGS_ONE_LECTURE),
        sum(1 for a in held if a.kind == Kind.THEME_DAY),
        totals["expected_count"],
        totals["present_count"],
        totals["study_hours"],
        totals["volunteer_hours"],
        sum(1 for m in members if m.is_party_member_on(period.end)),
    )


def _summary(parts):
    """The Summary of the organisations whose `_totals` are given (a report's subtree)."""
    meetings, theme_days, expected, present, study, volunteer, members_end = (
        (sum(values) for values in zip(*parts, strict=True))
        if parts
        else (0, 0, 0, 0, Decimal(0), Decimal(0), 0)
    )
    return Summary(
        meetings=meetings,
        theme_days=theme_days,
        attendance_rate=percent(present, expected),
        study_hours_per_member=per_member(Decimal(study), members_end),
        volunteer_hours=Decimal(volunteer),
        members_end=members_end,
    )


class _Held(NamedTuple):
    id: int
    organization_id: int
    kind: str
    date: object
    expected_count: int
    present_count: int
    participant_hours: Decimal | None  # hours of its present participants, summed


def summaries(reports):
    """{report id: (this period's Summary, the previous period's)}: the subtrees of the reports'
    organisations (one query), then each organisation's sums per period kept under its data
    version (branches.kept: one query for the versions, one cache round trip); the held records
    and roster rows (two queries) only for organisations whose sums are not kept."""
    reports = list(reports)
    if not reports:
        return {}
    under = Organization.objects.subtree_map({report.organization_id for report in reports})
    periods = {report.id: (report.period, report.period.previous()) for report in reports}
    by_arguments = {_period_key(period): period for pair in periods.values() for period in pair}
    wanted = [
        (org_id, _period_key(period))
        for report in reports
        for org_id in sorted(under[report.organization_id])
        for period in periods[report.id]
    ]
    sums = kept_each("report-summary", wanted, lambda pairs: _compute_totals(pairs, by_arguments))
    result = {}
    for report in reports:
        ids = sorted(under[report.organization_id])
        result[report.id] = tuple(
            _summary([sums[(org_id, _period_key(period))] for org_id in ids])
            for period in periods[report.id]
        )
    return result


def _period_key(period):
    return f"{period.start.isoformat()}:{period.end.isoformat()}"


def _compute_totals(pairs, periods):
    """{(organisation id, period key): `_totals`} for these pairs (two queries)."""
    org_ids = {org_id for org_id, _key in pairs}
    start = min(periods[key].start for _org_id, key in pairs)
    end = max(periods[key].end for _org_id, key in pairs)
    activities, members = {}, {}
    # Plain rows, one join (no DISTINCT needed): a page of reports reads thousands of records.
    rows = (
        Activity.objects.filter(organization_id__in=org_ids)
        .held()
        .between(start, end)
        .values_list("id", "organization_id", "kind", "date")
        .annotate(
            expected_count=Count("attendances"),
            present_count=Count("attendances", filter=Q(attendances__present=True)),
            participant_hours=Sum(RECORD_PARTICIPANT_HOURS, filter=Q(attendances__present=True)),
        )
        .order_by()
    )
    for row in rows:
        activity = _Held(*row)
        activities.setdefault(activity.organization_id, []).append(activity)
    roster = Member.objects.filter(organization_id__in=org_ids).only(
        "organization_id", "joined_on", "left_on", "admission_date"
    )
    for member in roster:
        members.setdefault(member.organization_id, []).append(member)
    return {
        (org_id, key): _totals(activities.get(org_id, []), members.get(org_id, []), periods[key])
        for org_id, key in pairs
    }

"""The district overview: matrix rows, district figures and chart series, in a fixed number of
queries whatever the number of organisations or records.

Queries (see `build_overview`): 1. organisations with today's roster counts, 2. their data
versions (the compliance totals are kept per organisation, `compliance_summaries`; six queries
more when some branch's are not kept), 3. the data versions again for the held records per
organisation/month/kind and the attendance and hours per organisation and month (kept the same
way; two queries more when some organisation's are not kept), 4. development stages,
5. developed/converted in the period, 6. honours by level, 7. reports of the year. The matrix
cells of the rows shown (`show_rows`): none when the totals were computed (their full figures are
at hand), else one for the data versions (and six when some of those branches' figures are not
kept).

Every district figure is the sum of the rows shown, so filters (school, organisation kind, silent)
narrow the figures too. Numbers use the same definitions as the branch pages: attendance counts
records of ATTENDANCE_KINDS, hours are per present participant (the ledger's per-member totals).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from branches.figures import Figure, per_member, percent
from branches.kept import kept
from branches.models import Activity, Attendance, Honour, Member, Organization
from branches.models.activities import Kind
from branches.models.members import STAGE_DATES, Stage, developed_between
from branches.periods import PeriodType
from branches.selectors.compliance import compliance_for, compliance_summaries
from branches.selectors.roster import member_count_annotations
from reports.models import Report

from .matrix import OrgRow, branch_cells, branch_urls, columns_for, month_key

SORTS = ("school", "rate", "-rate")
CARD_KEYS = ("compliance", "missing", "silent", "members", "attendance_rate", "study_per_member")
# Statuses as the reviewer reads them, "not started" first.
NOT_STARTED = "none"


@dataclass
class Section:
    title: str
    figures: list


@dataclass
class Charts:
    months: list  # [(label, "YYYY-MM")]
    by_kind: list  # [(kind value, label, [count per month], total)]
    attendance: list  # [(label, "YYYY-MM", expected, present, rate)]
    schools: list  # [(school, branch count, kept, missing, rate)]

    @property
    def kind_rows(self):
        """[(kind value, label, [("YYYY-MM", count)], total)] for the data table."""
        keys = [key for _label, key in self.months]
        return [
            (kind, label, list(zip(keys, counts, strict=True)), total)
            for kind, label, counts, total in self.by_kind
        ]

    @property
    def month_totals(self):
        return [sum(counts[i] for *_k, counts, _t in self.by_kind) for i in range(len(self.months))]

    def as_json(self):
        return {
            "months": [label for label, _key in self.months],
            "byKind": [
                {"name": str(label), "data": counts}
                for _kind, label, counts, total in self.by_kind
                if total
            ],
            "attendance": [
                float(rate) if rate is not None else None for *_rest, rate in self.attendance
            ],
            "schools": [school.name for school, *_rest in self.schools],
            "schoolRates": [
                float(rate) if rate is not None else None for *_rest, rate in self.schools
            ],
            "labels": {
                "records": _("记录数"),
                "attendance": _("出席率（%）"),
                "compliance": _("合规完成率（%）"),
            },
        }


@dataclass
class Overview:
    district: object
    period: object
    today: datetime.date
    on: datetime.date
    columns: list
    rows: list
    sections: list = field(default_factory=list)
    charts: Charts | None = None
    # {organisation id: Compliance} computed while building (its summary was not kept).
    computed: dict = field(default_factory=dict)

    @property
    def branch_rows(self):
        return [row for row in self.rows if row.is_branch]

    @property
    def silent_rows(self):
        return [row for row in self.rows if row.silent]

    @property
    def kept(self):
        return sum(row.kept for row in self.rows)

    @property
    def missing(self):
        return sum(row.missing for row in self.rows)

    @property
    def rate(self):
        return percent(self.kept, self.kept + self.missing)

    @property
    def cards(self):
        """The headline figures shown above the matrix."""
        return [self.figure(key) for key in CARD_KEYS]

    def figure(self, key):
        for section in self.sections:
            for figure in section.figures:
                if figure.key == key:
                    return figure
        raise KeyError(key)


def organizations_in(district, *, school=None, kind=""):
    queryset = Organization.objects.filter(school__district=district)
    if school is not None:
        queryset = queryset.filter(school=school)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def build_overview(district, *, period, today, school=None, kind="", sort="school", silent=False):
    """Everything the overview page and its Excel export show (see module docstring)."""
    on = period.as_of(today)
    organizations = list(
        organizations_in(district, school=school, kind=kind)
        .select_related("school")
        .annotate(**member_count_annotations(on))
    )
    branches = [org for org in organizations if org.is_branch]
    # Every row's totals (the figures, the schools, the sorting and the silent filter need them
    # all); the cells only for the rows shown (`show_rows`).
    computed = {}  # the full figures of the branches whose summaries were not kept
    compliance = compliance_summaries(
        branches,
        year=period.year,
        school_year=period.school_year,
        today=today,
        computed=computed,
    )
    columns = columns_for(period)
    rows = []
    for org in organizations:
        row = OrgRow(
            org,
            members=org.party_member_count,
            full=org.full_member_count,
            probationary=org.probationary_count,
            development=org.development_count,
        )
        if org.is_branch:
            row.compliance = compliance[org.id]
        rows.append(row)
    if silent:
        rows = [row for row in rows if row.silent]
    rows.sort(key=lambda row: row.sort_key(sort if sort in SORTS else "school"))

    ids = [row.organization.id for row in rows]
    by_org = {row.organization.id: row for row in rows}
    figures = _activity_figures(ids, period)
    monthly = _held_by_month(figures, by_org)
    by_month = _attendance(figures, by_org)
    _reports_by_org(ids, period, by_org)
    overview = Overview(district, period, today, on, columns, rows, computed=computed)
    overview.charts = _charts(overview, monthly, by_month)
    overview.sections = _sections(overview, ids)
    return overview


def show_rows(overview, rows):
    """Give these rows of the overview their links and matrix cells (the page's rows, or every
    row for the Excel export): the branches' full compliance (`compliance_for`: kept, or six
    queries for those of them whose figures are not) for these rows only."""
    period = overview.period
    compliance = dict(overview.computed)
    branches = [
        row.organization for row in rows if row.is_branch and row.organization.id not in compliance
    ]
    if branches:
        compliance |= compliance_for(
            branches, year=period.year, school_year=period.school_year, today=overview.today
        )
    for row in rows:
        if row.is_branch:
            org = row.organization
            row.calendar_url, row.ledger_url = branch_urls(org, period)
            row.cells = branch_cells(
                compliance[org.id], overview.columns, row.calendar_url, row.ledger_url
            )
    return rows


def _held(ids, period):
    return Activity.objects.filter(organization_id__in=ids).held().between(period.start, period.end)


def _activity_figures(ids, period):
    """{organisation id: (held, attendance)} for the period: held records per (first of month,
    kind), and per first of month [应到, 实到, study hours, volunteer hours]. Kept per organisation
    under its data version (branches.kept: one query for the versions, one cache round trip);
    for the organisations whose figures are not kept, two queries."""

    def compute(org_ids):
        figures = {org_id: ({}, {}) for org_id in org_ids}
        rows = (
            _held(org_ids, period)
            .annotate(y=ExtractYear("date"), m=ExtractMonth("date"))
            .values_list("organization_id", "y", "m", "kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        for org_id, year, month, kind, n in rows:
            held = figures[org_id][0]
            key = (datetime.date(year, month, 1), kind)
            held[key] = held.get(key, 0) + n
        rows = (
            Attendance.objects.of_held(org_ids, period.start, period.end)
            .annotate(y=ExtractYear("activity__date"), m=ExtractMonth("activity__date"))
            .totals("activity__organization_id", "y", "m")
        )
        for row in rows:
            attendance = figures[row["activity__organization_id"]][1]
            entry = attendance.setdefault(
                datetime.date(row["y"], row["m"], 1), [0, 0, Decimal(0), Decimal(0)]
            )
            entry[0] += row["expected_count"]
            entry[1] += row["present_count"]
            entry[2] += row["study_hours"] or Decimal(0)
            entry[3] += row["volunteer_hours"] or Decimal(0)
        return figures

    return kept("overview-activity", ids, f"{period.start}:{period.end}", compute)


def _held_by_month(figures, by_org):
    """{(first of month, kind): held records}; also each row's `held` total."""
    monthly = defaultdict(int)
    for org_id, (held, _attendance) in figures.items():
        for key, n in held.items():
            monthly[key] += n
            by_org[org_id].held += n
    return monthly


def _attendance(figures, by_org):
    """应到/实到 over records that count for attendance, and hours per present participant, per
    organisation and month; sets each row's figures, returns {month: (应到, 实到)}."""
    by_month = defaultdict(lambda: (0, 0))
    for org_id, (_held, attendance) in figures.items():
        target = by_org[org_id]
        for month, (expected, present, study, volunteer) in attendance.items():
            target.expected += expected
            target.present += present
            target.study_hours += study
            target.volunteer_hours += volunteer
            total_expected, total_present = by_month[month]
            by_month[month] = (total_expected + expected, total_present + present)
    return by_month


def year_reports(ids, period):
    """Reports filed under the overview's year (calendar or school year; term reports aside)."""
    return Report.objects.filter(
        organization_id__in=ids,
        year=period.year,
        period_type__in=[PeriodType.CALENDAR_YEAR, PeriodType.SCHOOL_YEAR],
    )


def _reports_by_org(ids, period, by_org):
    for report in year_reports(ids, period).order_by("period_start", "kind", "id"):
        by_org[report.organization_id].reports.append(report)


def _charts(overview, monthly, attendance):
    months = [(column.label, column.window.start) for column in overview.columns[:12]]
    by_kind = []
    for kind in Kind:
        counts = [monthly.get((start, kind.value), 0) for _label, start in months]
        by_kind.append((kind.value, kind.label, counts, sum(counts)))
    trend = []
    for label, start in months:
        expected, present = attendance.get(start, (0, 0))
        trend.append((label, month_key(start), expected, present, percent(present, expected)))
    schools = {}
    for row in overview.branch_rows:
        school = row.organization.school
        entry = schools.setdefault(school.pk, [school, 0, 0, 0])
        entry[1] += 1
        entry[2] += row.kept
        entry[3] += row.missing
    school_rows = [
        (
            school,
            count,
            kept,
            missing,
            percent(kept, kept + missing),
        )
        for school, count, kept, missing in sorted(schools.values(), key=lambda e: e[0].name)
    ]
    return Charts(
        [(label, month_key(start)) for label, start in months], by_kind, trend, school_rows
    )


def _pipeline(ids, period, on):
    """People on the roster at each development stage on `on`, and the period's steps."""
    stages = dict(
        Member.objects.filter(organization_id__in=ids)
        .on_roster(on)
        .with_stage(on)
        .values_list("stage_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    steps = Member.objects.filter(organization_id__in=ids).aggregate(
        developed=Count("id", filter=developed_between(period.start, period.end)),
        converted=Count("id", filter=Q(full_date__range=(period.start, period.end))),
    )
    return stages, steps


def _sections(overview, ids):
    rows, on, period = overview.rows, overview.on, overview.period
    stages, steps = _pipeline(ids, period, on)
    people = _("人")
    day = on.isoformat()
    members = Section(
        _("党员（截至 %(day)s）") % {"day": day},
        [
            Figure("members", _("党员总数"), sum(r.members for r in rows), people),
            Figure("full", _("正式党员"), sum(r.full for r in rows), people),
            Figure("probationary", _("预备党员"), sum(r.probationary for r in rows), people),
        ],
    )
    stage_labels = dict(Stage.choices)
    pipeline = Section(
        _("发展党员"),
        [
            Figure(f"stage-{stage}", stage_labels[stage], stages.get(stage, 0), people)
            for stage, _field in STAGE_DATES[:3]
        ]
        + [
            Figure("developed", _("本期接收预备党员"), steps["developed"], people),
            Figure("converted", _("本期预备党员转正"), steps["converted"], people),
        ],
    )
    expected = sum(r.expected for r in rows)
    present = sum(r.present for r in rows)
    attendance_rate = percent(present, expected)
    study = sum((r.study_hours for r in rows), Decimal(0))
    volunteer = sum((r.volunteer_hours for r in rows), Decimal(0))
    party = sum(r.members for r in rows)
    records = Section(
        _("活动与合规（%(period)s）") % {"period": period.label},
        [
            Figure("records", _("已开展活动记录"), sum(r.held for r in rows), _("条")),
            Figure("compliance", _("合规完成率（到期项）"), overview.rate, "%", drill="matrix"),
            Figure("missing", _("缺项"), overview.missing, _("项"), drill="matrix"),
            Figure("silent", _("超过 30 天无记录的支部"), len(overview.silent_rows), _("个")),
            Figure("attendance_rate", _("出席率（实到/应到）"), attendance_rate, "%", "attendance"),
            Figure("expected", _("应到人次"), expected, _("人次"), "attendance"),
            Figure("present", _("实到人次"), present, _("人次"), "attendance"),
            Figure("study_hours", _("集中学习学时合计"), study, _("学时"), "study"),
            Figure(
                "study_per_member",
                _("人均学习学时"),
                per_member(study, party),
                _("学时"),
                "study",
            ),
            Figure("volunteer_hours", _("志愿服务时长合计"), volunteer, _("小时"), "volunteer"),
        ],
    )
    honours = _honours(ids, period)
    honour_section = Section(
        _("表彰（%(year)s 年）") % {"year": period.year},
        [Figure("honours", _("获得表彰合计"), sum(honours.values()), _("项"))]
        + [
            Figure(f"honours-{level}", label, honours.get(level, 0), _("项"))
            for level, label in Honour.Level.choices
        ],
    )
    reports = [report for row in rows for report in row.reports]
    statuses = defaultdict(int)
    ratings = defaultdict(int)
    for report in reports:
        statuses[report.status] += 1
        if report.rating:
            ratings[report.rating] += 1
    not_started = sum(1 for row in rows if not row.reports)
    report_section = Section(
        _("年度报告（%(year)s 年度）") % {"year": period.year},
        [Figure(f"reports-{NOT_STARTED}", _("未开始（尚无报告的党组织）"), not_started, _("个"))]
        + [
            Figure(f"reports-{status}", label, statuses[status], _("份"))
            for status, label in Report.Status.choices
        ]
        + [
            Figure(f"rating-{rating}", _("评定“%(r)s”") % {"r": label}, ratings[rating], _("份"))
            for rating, label in Report.Rating.choices
        ],
    )
    return [members, pipeline, records, honour_section, report_section]


def _honours(ids, period):
    return dict(
        Honour.objects.filter(organization_id__in=ids, year=period.year)
        .values_list("level")
        .annotate(n=Count("id"))
        .order_by()
    )

"""The compliance matrix of a district: one row per organisation, one cell per month/quarter/year.

Cells come from `branches.selectors.compliance.compliance_for`, the function behind each branch's
own compliance calendar, so a cell here and the calendar of the same branch always agree.
Each cell carries its colour state and a text readable without colour: a short code per required
record followed by a symbol (委✓ 组✗ 日…), and the full wording as a tooltip.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from branches.figures import percent
from branches.models import Organization
from branches.models.activities import Kind
from branches.periods import Period
from branches.selectors.compliance import STUDY, State

# Short codes of the required records, as printed in the cells and explained in the legend.
CODES = {
    Kind.COMMITTEE_MEETING.value: "委",
    Kind.GROUP_MEETING.value: "组",
    Kind.THEME_DAY.value: "日",
    Kind.GENERAL_MEETING.value: "会",
    Kind.LECTURE.value: "课",
    Kind.LIFE_MEETING.value: "生",
    Kind.APPRAISAL.value: "评",
    Kind.TALK.value: "谈",
    STUDY: "学",
}
CODE_LABELS = [
    ("委", Kind.COMMITTEE_MEETING.label),
    ("组", Kind.GROUP_MEETING.label),
    ("日", Kind.THEME_DAY.label),
    ("会", Kind.GENERAL_MEETING.label),
    ("课", Kind.LECTURE.label),
    ("生", Kind.LIFE_MEETING.label),
    ("评", Kind.APPRAISAL.label),
    ("谈", Kind.TALK.label),
    ("学", _lazy("每名党员学习不少于 32 学时")),
]
SYMBOLS = {State.KEPT: "✓", State.MISSING: "✗", State.DUE: "…", State.FUTURE: "·"}
STATE_LABELS = {
    State.KEPT: _lazy("已开展"),
    State.MISSING: _lazy("缺"),
    State.DUE: _lazy("待开展"),
    State.FUTURE: _lazy("未到期"),
}
PARTIAL = "partial"  # a cell where some required records were kept and some are missing
CELL_LEGEND = [
    (State.KEPT, "✓", _lazy("全部已开展")),
    (PARTIAL, "✗", _lazy("部分缺项")),
    (State.MISSING, "✗", _lazy("缺项")),
    (State.DUE, "…", _lazy("本期进行中，尚未开展")),
    (State.FUTURE, "·", _lazy("未到期")),
]
SILENT_TEXT = _lazy("⚠30天无记录")
NO_REPORT = _lazy("未开始")
NOT_APPLICABLE = _lazy("不适用：活动记录按党支部填报")
KIND_ORDER = {
    Organization.Kind.COMMITTEE: 0,
    Organization.Kind.GENERAL_BRANCH: 1,
    Organization.Kind.BRANCH: 2,
}
QUARTER_NAMES = "一二三四"


@dataclass(frozen=True)
class Column:
    key: str  # m1..m12 (in period order), q1..q4, year
    label: str
    window: Period
    scope: str  # "month", "quarter" or "year"


def columns_for(period):
    months = [
        Column(f"m{i}", f"{w.start.month}月", w, "month") for i, w in enumerate(period.months, 1)
    ]
    quarters = [
        Column(f"q{i}", _("%(n)s季度") % {"n": QUARTER_NAMES[i - 1]}, w, "quarter")
        for i, w in enumerate(period.quarters, 1)
    ]
    return [*months, *quarters, Column("year", _("全年"), period.whole, "year")]


@dataclass
class Cell:
    column: Column
    state: str
    text: str
    title: str
    url: str
    slots: list = field(default_factory=list)


@dataclass
class OrgRow:
    organization: Organization
    compliance: object = None  # branches.selectors.compliance.Compliance, for branches only
    cells: list = field(default_factory=list)
    # Roster as of the overview's date (Organization annotations of branches.selectors.roster).
    members: int = 0
    full: int = 0
    probationary: int = 0
    development: int = 0
    # Held records of the period and attendance/hours from their attendance rows.
    held: int = 0
    expected: int = 0
    present: int = 0
    study_hours: Decimal = Decimal(0)
    volunteer_hours: Decimal = Decimal(0)
    reports: list = field(default_factory=list)
    calendar_url: str = ""
    ledger_url: str = ""

    @property
    def is_branch(self):
        return self.compliance is not None

    @cached_property
    def rate(self):
        return self.compliance.rate if self.compliance else None

    @cached_property
    def kept(self):
        return self.compliance.kept_count if self.compliance else 0

    @cached_property
    def missing(self):
        return self.compliance.missing_count if self.compliance else 0

    @property
    def silent(self):
        return bool(self.compliance and self.compliance.silent)

    @property
    def last_record(self):
        return self.compliance.last_record if self.compliance else None

    @property
    def attendance_rate(self):
        return percent(self.present, self.expected)

    # -- the texts shown in the page's table and written to the Excel export --------------------

    @property
    def rate_text(self):
        return "—" if self.rate is None else f"{self.rate}%"

    @property
    def last_text(self):
        if not self.is_branch:
            return "—"
        day = self.last_record.isoformat() if self.last_record else _("无记录")
        return f"{day} {SILENT_TEXT}" if self.silent else day

    @property
    def attendance_text(self):
        value = self.attendance_rate
        return "—" if value is None else f"{value}%"

    @property
    def report_items(self):
        """[(report, text)]: e.g. "2024学年度 年度党建工作总结：已通过（好）"."""
        items = []
        for report in self.reports:
            text = (
                f"{report.period_label} {report.get_kind_display()}：{report.get_status_display()}"
            )
            if report.rating:
                text += f"（{report.get_rating_display()}）"
            items.append((report, text))
        return items

    @property
    def reports_text(self):
        return "；".join(text for _report, text in self.report_items) or str(NO_REPORT)

    def sort_key(self, sort):
        school = (self.organization.school.name, KIND_ORDER[self.organization.kind])
        place = (*school, self.organization.name, self.organization.pk)
        if sort == "school":
            return place
        rate = self.rate
        if rate is None:
            return (1, 0, *place)
        return (0, rate if sort == "rate" else -rate, *place)


def _group_text(code, slots):
    """Several party groups share one code: 组✓ when all kept, else 组1/3 and the worst symbol."""
    states = [slot.state for slot in slots]
    worst = _cell_state(states)
    symbol = SYMBOLS.get(worst, "✗")
    if len(slots) == 1 or worst == State.KEPT:
        return f"{code}{symbol}"
    kept = sum(1 for state in states if state == State.KEPT)
    return f"{code}{kept}/{len(slots)}{symbol}"


def _cell_state(states):
    if State.MISSING in states:
        return PARTIAL if State.KEPT in states else State.MISSING
    if State.DUE in states:
        return State.DUE
    if states and all(state == State.KEPT for state in states):
        return State.KEPT
    return State.FUTURE


def _text(label, cache):
    """A slot's label as text; lazy labels (the kinds') are translated once per build."""
    if isinstance(label, str):
        return label
    key = id(label)
    if key not in cache:
        cache[key] = str(label)
    return cache[key]


def _cell(column, slots, calendar_url, ledger_url, state_labels):
    state = _cell_state([slot.state for slot in slots])
    parts, groups = [], []
    for slot in slots:
        if slot.kind == Kind.GROUP_MEETING:
            if not groups:
                parts.append(None)  # the groups' place in the text
            groups.append(slot)
        else:
            parts.append(f"{CODES[slot.kind]}{SYMBOLS[slot.state]}")
    if groups:
        parts[parts.index(None)] = _group_text(CODES[Kind.GROUP_MEETING], groups)
    title = "；".join(
        f"{_text(slot.label, state_labels)}：{state_labels[slot.state]}" for slot in slots
    )
    title = f"{column.window.label} {title}"
    if state in (State.KEPT, State.FUTURE):
        window = column.window  # ISO dates need no escaping
        url = f"{ledger_url}&date_from={window.start}&date_to={window.end}&status=held"
    else:
        url = calendar_url
    return Cell(column, state, " ".join(parts), title, url, list(slots))


def period_query(period):
    query = {"year": period.year}
    if period.school_year:
        query["school"] = "1"
    return urlencode(query)


def branch_cells(compliance, columns, calendar_url, ledger_url):
    """One Cell per column from the branch's Compliance (months, quarters, the whole year)."""
    rows = {
        "month": list(compliance.months),
        "quarter": list(compliance.quarters),
    }
    cells = []
    indexes = {"month": 0, "quarter": 0}
    state_labels = {state: str(label) for state, label in STATE_LABELS.items()}
    for column in columns:
        if column.scope == "year":
            slots = list(compliance.yearly)
        else:
            slots = rows[column.scope][indexes[column.scope]].slots
            indexes[column.scope] += 1
        cells.append(_cell(column, slots, calendar_url, ledger_url, state_labels))
    return cells


def branch_urls(organization, period):
    query = period_query(period)
    calendar = f"{reverse('branches:compliance_calendar', args=[organization.pk])}?{query}"
    ledger = f"{reverse('branches:ledger', args=[organization.pk])}?{query}"
    return calendar, ledger


def month_key(day):
    return f"{day:%Y-%m}"


def parse_month(value, period):
    """A "2024-03" string inside the period -> the first of that month (None otherwise)."""
    try:
        day = datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return None
    return day if period.contains(day) else None

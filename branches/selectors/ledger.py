"""The ledger (台账) of a branch for a period: its records, per-member totals and the texts of its
columns (the Excel and Word files are written by branches/exports/ledger.py from these).

Selectors here are statistics-friendly: `records()` returns an annotated queryset (应到/实到 as
`expected_count`/`present_count`), `member_totals()` two queries for all members (kept under the
organisation's data version for one organisation).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from branches.figures import percent
from branches.kept import kept
from branches.models import Activity, Attendance, Member
from branches.models.activities import ATTENDANCE_KINDS


def records(organization, start, end, *, absentees_only=False):
    """Every record of the organisation dated in [start, end], oldest first, ready for the ledger.

    `absentees_only`: prefetch only the absent members' rows (the ledger page names absentees;
    a year of a large branch has thousands of attendance rows, see BENCHMARKS.md)."""
    attendance = Attendance.objects.select_related("member").order_by("member__name")
    if absentees_only:
        attendance = attendance.filter(present=False).only(
            "activity_id", "member_id", "present", "absence_reason", "member__name"
        )
    return (
        Activity.objects.filter(organization=organization, date__range=(start, end))
        .with_counts()
        .select_related("group", "talker", "talkee")
        .prefetch_related(
            "agenda_items",
            Prefetch("attendances", queryset=attendance),
            "appraisals__member",
        )
        # Same-day records in time order (a record without a time after the timed ones).
        .order_by("date", F("start_time").asc(nulls_last=True), "id")
    )


@dataclass
class MemberTotal:
    member: Member
    expected: int
    present: int
    study_hours: Decimal
    volunteer_hours: Decimal

    @property
    def rate(self):
        return percent(self.present, self.expected)


def member_totals(organization_or_ids, start, end):
    """Per member on the roster at any time in [start, end]: attendance and hours (two queries:
    the members, and one aggregate over the period's records).

    Attendance counts records of the kinds in ATTENDANCE_KINDS (not volunteering or talks);
    hours are each present participant's hours (PARTICIPANT_HOURS: their own, else the record's)
    of study or volunteer records.
    The aggregate starts from the period's records (organisation/date index), not from each
    member's whole attendance history: a tenth of the time on ten years of records.
    """
    if hasattr(organization_or_ids, "pk"):
        # One organisation (the ledger page and files): kept under its data version
        # (branches.kept), the two queries only after its records or roster changed.
        org_id = organization_or_ids.pk
        arguments = f"{start.isoformat()}:{end.isoformat()}"
        return kept(
            "member-totals",
            [org_id],
            arguments,
            lambda ids: {org_id: _member_totals(ids, start, end)},
        )[org_id]
    return _member_totals(organization_or_ids, start, end)


def _member_totals(ids, start, end):
    members = (
        Member.objects.filter(organization_id__in=ids, admission_date__lte=end)
        .on_roster(start, until=end)
        .order_by("name", "id")
    )
    figures = {
        row["member_id"]: row
        for row in Attendance.objects.of_held(ids, start, end).totals("member_id")
    }
    empty = {"expected_count": 0, "present_count": 0, "study_hours": None, "volunteer_hours": None}
    return [
        MemberTotal(
            m,
            (row := figures.get(m.id, empty))["expected_count"],
            row["present_count"],
            row["study_hours"] or Decimal(0),
            row["volunteer_hours"] or Decimal(0),
        )
        for m in members
    ]


# -- one record as facts ------------------------------------------------------------------------


def time_text(activity):
    text = f"{activity.date:%Y-%m-%d}"
    if activity.start_time:
        text += f" {activity.start_time:%H:%M}"
    if activity.end_date and activity.end_date != activity.date:
        text += f" 至 {activity.end_date:%Y-%m-%d}"
    return text


def absence_text(activity):
    if activity.kind not in ATTENDANCE_KINDS:
        return ""  # volunteering and talks have participants, not absentees
    absent = [row for row in activity.attendances.all() if not row.present]
    if not absent:
        return _("无")
    return "、".join(
        f"{row.member.name}（{row.get_absence_reason_display()}）"
        if row.absence_reason
        else row.member.name
        for row in absent
    )


def vote_text(item):
    if not item.result:
        return ""
    return _("表决：赞成 %(f)s，反对 %(a)s，弃权 %(n)s，%(r)s%(e)s") % {
        "f": item.votes_for or 0,
        "a": item.votes_against or 0,
        "n": item.votes_abstain or 0,
        "r": item.get_result_display(),
        "e": _("（选举）") if item.is_election else "",
    }


def decisions_text(activity):
    lines = []
    for number, item in enumerate(activity.agenda_items.all(), start=1):
        line = f"{number}. {item.title}"
        if item.decision:
            line += f"：{item.decision}"
        vote = vote_text(item)
        if vote:
            line += f"（{vote}）"
        lines.append(line)
    if activity.content:
        lines.append(activity.content)
    return "\n".join(lines)


def detail_text(activity):
    """Kind-specific facts: lecturer, talk pair, hours, appraisal results."""
    parts = []
    if activity.lecturer:
        parts.append(_("授课人：%(name)s") % {"name": activity.lecturer})
    if activity.talker_id:
        parts.append(
            _("谈话人：%(a)s；谈话对象：%(b)s")
            % {"a": activity.talker.name, "b": activity.talkee.name if activity.talkee else ""}
        )
    if activity.group_id:
        parts.append(_("党小组：%(name)s") % {"name": activity.group.name})
    if activity.hours is not None:
        parts.append(_("每人时长：%(h)s 小时") % {"h": activity.hours})
    grades = activity.appraisals.all()
    if grades:
        parts.append(
            _("评议结果：")
            + "、".join(f"{a.member.name}（{a.get_grade_display()}）" for a in grades)
        )
    return "；".join(parts)


FACT_LABELS = (
    _lazy("时间"),
    _lazy("地点"),
    _lazy("主持人"),
    _lazy("记录人"),
    _lazy("应到"),
    _lazy("实到"),
    _lazy("缺席及原因"),
    _lazy("主题"),
    _lazy("内容与决议"),
    _lazy("其他"),
)


def record_facts(activity):
    """The ledger's columns for one record, as (label, text) pairs; exports share them."""
    values = [
        time_text(activity),
        activity.place,
        activity.host,
        activity.recorder,
        str(activity.expected_count),
        str(activity.present_count),
        absence_text(activity),
        activity.topic,
        decisions_text(activity),
        detail_text(activity),
    ]
    return [(str(label), value) for label, value in zip(FACT_LABELS, values, strict=True)]

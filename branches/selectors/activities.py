"""Reads of activity records the filing pages need: the last record to copy, the warnings on a
saved record and its audit trail, what a new record starts with."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from branches.models import Activity, Committee, CommitteePost
from branches.models.activities import PLAN_KINDS, Kind, attendance_changes
from portal.history import history_rows


def record_warnings(activity, attendance_rows):
    """Things to point out on a saved record, never blocking (frequencies and quorums without votes)."""
    warnings = []
    if not activity.is_held:
        return warnings
    expected = len(attendance_rows)
    present = sum(1 for row in attendance_rows if row.present)
    if activity.kind == Kind.COMMITTEE_MEETING:
        if expected == 0:
            warnings.append(_("会议当日没有在任的支部委员会，请先在花名册中登记支委。"))
        elif present * 2 <= expected:
            warnings.append(
                _("到会支委未超过半数（应到 %(due)s 人，实到 %(present)s 人），会议不能作出决定。")
                % {"due": expected, "present": present}
            )
    if activity.kind == Kind.GENERAL_MEETING:
        due = sum(1 for row in attendance_rows if row.can_vote)
        came = sum(1 for row in attendance_rows if row.can_vote and row.present)
        if due and came * 2 <= due:
            warnings.append(
                _(
                    "到会有表决权党员未超过半数（应到 %(due)s 人，实到 %(present)s 人），不能进行表决。"
                )
                % {"due": due, "present": came}
            )
    if activity.kind == Kind.GROUP_MEETING and expected == 0:
        warnings.append(_("该党小组在会议当日没有党员。"))
    if activity.kind in (Kind.STUDY, Kind.VOLUNTEER) and not activity.hours:
        warnings.append(_("未填写每人学时/服务时长，该活动不计入个人学时统计。"))
    return warnings


def last_record(organization, kind, *, group=None, before_id=None):
    """The most recent HELD record of that kind (and group), used to prefill a recurring meeting;
    a plan is never copied."""
    records = Activity.objects.held().filter(organization=organization, kind=kind)
    if group is not None:
        records = records.filter(group=group)
    if before_id:
        records = records.exclude(id=before_id)
    return records.order_by("-date", "-id").first()


def plan_in_month(organization, kind, day, *, group=None):
    """A planned record of that kind (and group) in the month of `day`: filing a held record
    then offers to complete that plan instead of adding a second record."""
    if day is None:
        return None
    plans = Activity.objects.planned().filter(
        organization=organization, kind=kind, date__year=day.year, date__month=day.month
    )
    if group is not None:
        plans = plans.filter(group=group)
    return plans.order_by("date", "id").first()


def activity_history(activity, limit=50):
    """Who changed the record and when: its own fields, and attendance marked differently after
    it was filed (each change names the member). Newest first; a constant number of queries."""
    rows = history_rows(activity, exclude=Activity.history_excluded_fields, limit=limit)
    attendance = attendance_changes(activity, limit=limit)
    return sorted(rows + attendance, key=lambda row: row.when, reverse=True)[:limit]


@dataclass
class FilingDefaults:
    """What a new record's form starts with: the secretary in office as host, the last recorder
    and place of the organisation's records, and its recent places as suggestions."""

    host: str = ""
    recorder: str = ""
    place: str = ""
    places: list = field(default_factory=list)


def filing_defaults(organization, on, *, suggestions=8):
    """Two queries: the secretary's post and the organisation's latest records."""
    secretary = (
        CommitteePost.objects.filter(
            committee__in=Committee.objects.in_office(on).filter(organization=organization),
            post=CommitteePost.Post.SECRETARY,
        )
        .values_list("member__name", flat=True)
        .first()
    )
    recent = Activity.objects.filter(organization=organization).order_by("-date", "-id")
    rows = list(recent.values_list("recorder", "place")[:50])
    places = list(dict.fromkeys(place for _recorder, place in rows if place))
    return FilingDefaults(
        host=secretary or "",
        recorder=next((recorder for recorder, _place in rows if recorder), ""),
        place=places[0] if places else "",
        places=places[:suggestions],
    )


def year_plan(organization, year):
    """The organisation's planned records of a calendar year, by date (one query)."""
    return list(
        Activity.objects.planned()
        .filter(organization=organization, date__year=year)
        .select_related("group")
        .order_by("date", "kind", "id")
    )


def plan_to_copy(organization, year, *, limit=40):
    """Last year's plan as rows for this year's: every record of `year` (planned or held) of a
    kind planned on the plan page, as {month, kind, topic}, one per month, kind and topic."""
    rows = (
        Activity.objects.filter(organization=organization, date__year=year, kind__in=PLAN_KINDS)
        .order_by("date", "id")
        .values_list("date__month", "kind", "topic")
    )
    return [
        {"month": month, "kind": kind, "topic": topic} for month, kind, topic in dict.fromkeys(rows)
    ][:limit]

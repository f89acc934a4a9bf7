"""The records behind one figure or chart value of the district overview (read-only lists).

`records_for(ids, period, on, key, month=None)` returns (template kind, label, queryset) or raises
KeyError for an unknown key. The querysets use the same filters as overview.selectors.figures, so a
list has exactly as many rows as the number it explains.
"""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from branches.models import Activity, Attendance, Honour, Member, Organization
from branches.models.activities import ATTENDANCE_KINDS, Kind
from branches.models.members import STAGE_DATES, Stage, developed_between
from reports.models import Report

from .figures import NOT_STARTED, year_reports

ACTIVITY_KEYS = {
    "records": (_lazy("已开展活动记录"), None),
    "attendance": (_lazy("计入出席率的活动记录"), ATTENDANCE_KINDS),
    "study": (Kind.STUDY.label, (Kind.STUDY,)),
    "volunteer": (Kind.VOLUNTEER.label, (Kind.VOLUNTEER,)),
}
ACTIVITY_KEYS.update({f"kind-{kind.value}": (kind.label, (kind,)) for kind in Kind})
STAGE_KEYS = {f"stage-{stage.value}": stage for stage, _field in STAGE_DATES[:3]}


def _activities(ids, period, kinds, month):
    records = Activity.objects.filter(
        organization_id__in=ids,
        status=Activity.Status.HELD,
        date__range=(period.start, period.end),
    )
    if kinds is not None:
        records = records.filter(kind__in=list(kinds))
    if month is not None:
        records = records.filter(date__year=month.year, date__month=month.month)
    # 应到/实到 as subqueries rather than with_counts()'s GROUP BY: the paginator's COUNT then
    # skips them, and only the page's rows compute them.
    rows = Attendance.objects.filter(activity=OuterRef("pk")).order_by().values("activity")
    return (
        records.annotate(
            expected_count=Coalesce(Subquery(rows.annotate(n=Count("id")).values("n")), 0),
            present_count=Coalesce(
                Subquery(rows.filter(present=True).annotate(n=Count("id")).values("n")), 0
            ),
        )
        .select_related("organization__school", "group")
        .order_by("date", "organization__school__name", "organization__name", "id")
    )


def _members(ids, key, period, on):
    members = Member.objects.filter(organization_id__in=ids).select_related(
        "organization__school", "group"
    )
    if key == "members":
        members = members.party_members(on)
    elif key == "full":
        members = members.full_members(on)
    elif key == "probationary":
        members = members.probationary(on)
    elif key in STAGE_KEYS:
        members = members.on_roster(on).with_stage(on).filter(stage_on=STAGE_KEYS[key].value)
    elif key == "developed":
        members = members.filter(developed_between(period.start, period.end))
    elif key == "converted":
        members = members.filter(full_date__range=(period.start, period.end))
    else:
        raise KeyError(key)
    return members.order_by("organization__school__name", "organization__name", "name", "id")


MEMBER_LABELS = {
    "members": _lazy("党员"),
    "full": _lazy("正式党员"),
    "probationary": _lazy("预备党员"),
    "developed": _lazy("本期接收预备党员"),
    "converted": _lazy("本期预备党员转正"),
}


def records_for(ids, period, on, key, month=None):
    """(kind of list, label, queryset) behind `key`; KeyError when the key is unknown."""
    if key in ACTIVITY_KEYS:
        label, kinds = ACTIVITY_KEYS[key]
        return "activities", str(label), _activities(ids, period, kinds, month)
    if key in MEMBER_LABELS or key in STAGE_KEYS:
        label = MEMBER_LABELS.get(key) or Stage(STAGE_KEYS[key]).label
        return "members", str(label), _members(ids, key, period, on)
    if key == "honours" or key.startswith("honours-"):
        honours = Honour.objects.filter(organization_id__in=ids, year=period.year)
        label = _("表彰")
        if key != "honours":
            level = key.removeprefix("honours-")
            if level not in Honour.Level.values:
                raise KeyError(key)
            honours, label = honours.filter(level=level), Honour.Level(level).label
        honours = honours.select_related("organization__school", "member")
        return "honours", str(label), honours.order_by("organization__school__name", "title", "id")
    if key == f"reports-{NOT_STARTED}":
        organizations = (
            Organization.objects.filter(id__in=ids)
            .exclude(id__in=year_reports(ids, period).values("organization_id"))
            .select_related("school")
            .order_by("school__name", "kind", "name")
        )
        return "organizations", _("尚无报告的党组织"), organizations
    reports = year_reports(ids, period).select_related("organization__school", "author")
    if key.startswith("reports-"):
        status = key.removeprefix("reports-")
        if status not in Report.Status.values:
            raise KeyError(key)
        reports, label = reports.filter(status=status), Report.Status(status).label
    elif key.startswith("rating-"):
        rating = key.removeprefix("rating-")
        if rating not in Report.Rating.values:
            raise KeyError(key)
        reports = reports.filter(Q(status=Report.Status.APPROVED) & Q(rating=rating))
        label = _("评定“%(r)s”") % {"r": Report.Rating(rating).label}
    else:
        raise KeyError(key)
    return "reports", str(label), reports.order_by("organization__school__name", "title", "id")

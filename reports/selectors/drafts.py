"""Section 一 of a report drafted from the period's records: a plain, factual summary as numbered
points, with the figures of reports/selectors/statistics.py."""

from django.utils.translation import gettext as _

from branches.figures import plain
from branches.models import Activity, Organization
from branches.models.activities import ATTENDANCE_KINDS, Kind
from projects.selectors.reports import draft_point as projects_point
from reports.selectors import statistics

TOPICS_SHOWN = 5


def _day(day, period):
    if period.start.year == period.end.year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def _full_day(day):
    return f"{day.year}年{day.month}月{day.day}日"


def draft_work_section(organization, period):
    """A plain, factual summary of the period's records, as numbered points (section 一)."""
    stats = statistics.compute(organization, period)
    figures = stats.by_key()
    activities = (
        Activity.objects.filter(organization_id__in=Organization.objects.subtree_ids(organization))
        .held()
        .between(period.start, period.end)
        .order_by("date", "id")
        .only("kind", "date", "topic")
    )
    by_kind = {}
    for activity in activities:
        by_kind.setdefault(activity.kind, []).append(activity)

    lines = [
        _("%(period)s（%(start)s至%(end)s），%(org)s依据台账记录，工作完成情况如下：")
        % {
            "period": period.label,
            "start": _full_day(period.start),
            "end": _full_day(period.end),
            "org": organization.name,
        }
    ]
    points = []
    for kind in statistics.ACTIVITY_KINDS:
        records = by_kind.get(kind.value, [])
        figure = figures[f"kind-{kind.value}"]
        if not records:
            if figure.required:
                points.append(
                    _("%(kind)s：本期台账中尚无记录（按要求应开展 %(required)s 次）。")
                    % {"kind": kind.label, "required": figure.required}
                )
            continue
        dates = "、".join(_day(record.date, period) for record in records[:12])
        if len(records) > 12:
            dates += _("等")
        topic_list = list(dict.fromkeys(r.topic for r in records if r.topic))
        topics = "“" + "”“".join(topic_list[:TOPICS_SHOWN]) + "”" if topic_list else ""
        if len(topic_list) > TOPICS_SHOWN:
            topics += _("等")
        text = _("%(kind)s：共开展 %(count)s 次（%(dates)s）") % {
            "kind": kind.label,
            "count": len(records),
            "dates": dates,
        }
        if figure.required:
            text += _("，应开展 %(required)s 次") % {"required": figure.required}
        if topics:
            text += _("，主题为%(topics)s") % {"topics": topics}
        if kind in ATTENDANCE_KINDS and figure.attendance_rate is not None:
            text += _("，出席率 %(rate)s%%") % {"rate": figure.attendance_rate}
        if kind == Kind.STUDY:
            text += _("；合计 %(total)s 学时，人均 %(per)s 学时") % {
                "total": plain(figures["study_hours"].value),
                "per": plain(figures["study_hours_per_member"].value or 0),
            }
        if kind == Kind.VOLUNTEER:
            text += _("；%(persons)s 人次参加，合计服务 %(total)s 小时") % {
                "persons": figures["volunteer_participants"].value,
                "total": plain(figures["volunteer_hours"].value),
            }
        points.append(text + "。")

    roster = {key: figures[key].value for key, _label in statistics.ROSTER_FIGURES}
    team = _("党员队伍：期初党员 %(members_start)s 名，期末 %(members_end)s 名") % roster
    if roster["probationary_end"]:
        team += _("（其中预备党员 %(probationary_end)s 名）") % roster
    changes = [
        (roster["developed"], _("发展党员 %s 名")),
        (roster["converted"], _("预备党员转正 %s 名")),
        (roster["transferred_in"], _("转入 %s 名")),
        (roster["transferred_out"], _("转出 %s 名")),
        (roster["other_leaving"], _("其他减少 %s 名")),
    ]
    changes = [label % count for count, label in changes if count]
    if changes:
        team += _("；本期") + "，".join(changes)
    points.append(team + "。")

    if "honours" in figures and figures["honours"].value:
        _kind, honours = statistics.records_for(organization, period, "honours")
        names = "、".join(f"“{honour}”" for honour in honours[:10])
        points.append(
            _("获得表彰 %(count)s 项：%(names)s。")
            % {"count": figures["honours"].value, "names": names}
        )
    points += [point for point in [projects_point(organization, period)] if point]
    lines += [f"{number}、{point}" for number, point in enumerate(points, start=1)]
    return "\n".join(lines)

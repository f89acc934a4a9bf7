"""The projects of a report's period, for the report's section 一 (reports.selectors.drafts)."""

from django.utils.translation import gettext as _

from branches.figures import plain
from branches.models import Organization
from projects.models import Project
from projects.selectors.figures import figures_for


def period_projects(organization, period):
    """[(project, Figures)] of the organisation's projects (and those under it) running in the
    period, each with its figures counted over the period's records and milestones."""
    projects = list(
        Project.objects.filter(
            organization_id__in=Organization.objects.subtree([organization]).values("id")
        )
        .overlapping(period.start, period.end)
        .select_related("organization", "group")
        .order_by("start_date", "title", "id")
    )
    figures = figures_for(projects, period.start, period.end)
    return [(project, figures[project.id]) for project in projects]


def draft_point(organization, period):
    """One numbered point naming each project with its figures; None without projects."""
    rows = period_projects(organization, period)
    if not rows:
        return None
    parts = [
        _(
            "“%(title)s”（%(kind)s）：活动记录 %(records)s 次，参与 %(people)s 人，"
            "时长 %(hours)s 小时，里程碑完成 %(met)s/%(milestones)s"
        )
        % {
            "title": project.title,
            "kind": project.get_kind_display(),
            "records": figures.records,
            "people": figures.people,
            "hours": plain(figures.hours),
            "met": figures.milestones_met,
            "milestones": figures.milestones,
        }
        for project, figures in rows
    ]
    return _("党建项目 %(count)s 个：") % {"count": len(rows)} + "；".join(parts) + "。"

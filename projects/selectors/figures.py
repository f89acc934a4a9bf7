"""The figures of projects, derived from the records tagged with them (never typed in).

One definition for every page that shows them (the project page, the organisation's list, the
district list and its export, the yearly report's draft): `figures_for(projects, start, end)`.
Records are the HELD records tagged with the project (dated in [start, end] when given); people
are the present participants of those records and the project's leader and team; hours are the
study and volunteer hours of those participants (Attendance totals, PARTICIPANT_HOURS); milestones
met are the milestones done (in [start, end] when given).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from branches.models import Activity, Attendance, Member
from projects.models import Milestone, ProjectMember, ProjectRecord


@dataclass
class Figures:
    records: int = 0
    people: int = 0
    study_hours: Decimal = Decimal(0)
    volunteer_hours: Decimal = Decimal(0)
    milestones_met: int = 0
    milestones: int = 0
    person_ids: set = field(default_factory=set)

    @property
    def hours(self):
        return self.study_hours + self.volunteer_hours


def _window(prefix, start, end):
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{prefix}__gte": start})
    if end is not None:
        condition &= Q(**{f"{prefix}__lte": end})
    return condition


def tagged_records(project, start=None, end=None):
    """The held records tagged with the project (in the window), oldest first."""
    return (
        Activity.objects.held()
        .filter(_window("date", start, end), project_links__project=project)
        .order_by("date", "id")
    )


def figures_for(projects, start=None, end=None):
    """{project id: Figures} for these projects, in five queries whatever their number."""
    ids = [project.id for project in projects]
    result = {project_id: Figures() for project_id in ids}
    if not ids:
        return result
    links = ProjectRecord.objects.filter(
        _window("activity__date", start, end),
        project_id__in=ids,
        activity__status=Activity.Status.HELD,
    )
    for project_id, _activity_id in links.values_list("project_id", "activity_id"):
        result[project_id].records += 1
    present = Attendance.objects.filter(
        present=True,
        activity_id__in=links.values("activity_id"),
    )
    by_record = defaultdict(list)
    for project_id, activity_id in links.values_list("project_id", "activity_id"):
        by_record[activity_id].append(project_id)
    hours = present.totals("activity_id")
    for row in hours:
        for project_id in by_record[row["activity_id"]]:
            result[project_id].study_hours += row["study_hours"] or 0
            result[project_id].volunteer_hours += row["volunteer_hours"] or 0
    for activity_id, member_id in present.values_list("activity_id", "member_id"):
        for project_id in by_record[activity_id]:
            result[project_id].person_ids.add(member_id)
    team = ProjectMember.objects.filter(project_id__in=ids)
    for project_id, member_id in team.values_list("project_id", "member_id"):
        result[project_id].person_ids.add(member_id)
    for project in projects:
        if project.leader_id:
            result[project.id].person_ids.add(project.leader_id)
    milestones = Milestone.objects.filter(project_id__in=ids).exclude(
        status=Milestone.Status.DROPPED
    )
    for project_id, status, done_on in milestones.values_list("project_id", "status", "done_on"):
        figures = result[project_id]
        figures.milestones += 1
        if status == Milestone.Status.DONE and (
            (start is None or done_on >= start) and (end is None or done_on <= end)
        ):
            figures.milestones_met += 1
    for figures in result.values():
        figures.people = len(figures.person_ids)
    return result


def people_of(project):
    """Everyone involved: [{member, role, records, study_hours, volunteer_hours}], by name.

    Participation and hours per person are Attendance totals over the project's held records."""
    rows = {
        row["member_id"]: row
        for row in Attendance.objects.filter(
            present=True, activity__in=tagged_records(project)
        ).totals("member_id")
    }
    team_ids = {member.id for member in project.team.all()}
    if project.leader_id:
        team_ids.add(project.leader_id)

    members = Member.objects.filter(id__in=set(rows) | team_ids).order_by("name", "id")
    people = []
    for member in members:
        row = rows.get(member.id, {})
        people.append(
            {
                "member": member,
                "role": (
                    "leader"
                    if member.id == project.leader_id
                    else "team"
                    if member.id in team_ids
                    else ""
                ),
                "records": row.get("participants", 0),
                "study_hours": row.get("study_hours") or 0,
                "volunteer_hours": row.get("volunteer_hours") or 0,
            }
        )
    return people

"""A project of branch A with a study record and a theme day tagged, a team and milestones."""

import datetime
from decimal import Decimal

from projects.models import Milestone, Project, ProjectRecord
from tests.factories import member, record


def project_of(world, *, title="家校共育微项目", start=datetime.date(2026, 1, 1), records=True):
    leader = member(world.branch_a, "钱丽美")
    teammate = member(world.branch_a, "陆志坚")
    project = Project.objects.create(
        organization=world.branch_a,
        title=title,
        kind=Project.Kind.MICRO,
        goal="家委会与支部共同推进两校分设",
        start_date=start,
        end_date=datetime.date(2026, 12, 31),
        leader=leader,
        partners="家委会、龙虎塘街道",
    )
    project.team.set([teammate])
    Milestone.objects.create(
        project=project,
        date=datetime.date(2026, 3, 1),
        title="召开家长会",
        status=Milestone.Status.DONE,
        done_on=datetime.date(2026, 3, 5),
    )
    Milestone.objects.create(project=project, date=datetime.date(2026, 9, 1), title="新校启用")
    if records:
        study = record(world.branch_a, "study", datetime.date(2026, 3, 10), hours=Decimal("2"))
        theme = record(world.branch_a, "theme_day", datetime.date(2026, 4, 10))
        for activity in (study, theme):
            ProjectRecord.objects.create(project=project, activity=activity)
    return project

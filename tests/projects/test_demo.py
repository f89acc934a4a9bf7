"""The demo projects of seeds 000, 001 and 002: in the seeds' periods, with records tagged."""

from branches.models import Activity
from projects.models import Project
from projects.selectors.figures import figures_for
from tests.devdata.test_demo_data import demo, demo_db  # noqa: F401 (fixtures)


def test_demo_projects_follow_the_seeds_and_have_their_records(demo_db):  # noqa: F811
    projects = {p.title: p for p in Project.objects.select_related("organization", "group")}
    assert {"新校建设项目组", "两校分设家校团", "168爱生志愿者", "帮扶暖心", "学习+成长"} <= set(
        projects
    )
    assert projects["两校分设家校团"].partners.startswith("家委会")
    assert projects["帮扶暖心"].group.name == "第一党小组"
    figures = figures_for(list(projects.values()))
    for project in projects.values():
        tagged = Activity.objects.filter(project_links__project=project)
        assert tagged.exists(), project.title
        assert figures[project.pk].records == tagged.held().count()
        for activity in tagged:
            assert project.covers(activity.date), (project.title, activity)
            assert activity.organization_id == project.organization_id

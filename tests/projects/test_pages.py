"""Projects: figures derived from the tagged records, tagging and filing into a project, scoping,
history, stale edits, the report's draft and the district's list."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from branches.models import Activity, Attendance
from branches.models.activities import PARTICIPANT_HOURS
from branches.periods import calendar_year
from projects.models import Project, ProjectRecord
from projects.selectors.figures import figures_for
from reports.selectors.drafts import draft_work_section
from tests.factories import member, record
from tests.forms import form_data
from tests.projects.helpers import project_of


def test_figures_equal_the_tagged_records(world):
    project = project_of(world)
    member(world.branch_a, "王丽先")
    untagged = record(world.branch_a, "study", datetime.date(2026, 5, 1), hours=Decimal("3"))
    figures = figures_for([project])[project.pk]
    tagged = Activity.objects.filter(project_links__project=project)
    present = Attendance.objects.filter(activity__in=tagged, present=True)
    assert figures.records == tagged.count() == 2
    study = present.filter(activity__kind="study").annotate(earned=PARTICIPANT_HOURS)
    assert figures.study_hours == sum(row.earned for row in study) == 2 * study.count()
    people = set(present.values_list("member_id", flat=True)) | {project.leader_id}
    people |= set(project.team.values_list("id", flat=True))
    assert figures.people == len(people)
    assert (figures.milestones_met, figures.milestones) == (1, 2)
    assert untagged.pk not in set(tagged.values_list("pk", flat=True))


def test_project_page_shows_figures_people_and_timeline(world, client_for):
    project = project_of(world)
    client = client_for(world.secretary_a)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    figures = figures_for([project])[project.pk]
    assert f"活动记录 {figures.records} 次" in page
    assert f"参与 {figures.people} 人" in page
    assert "里程碑完成 1/2" in page
    assert "陆志坚" in page and "召开家长会" in page
    for activity in project.activities.all():
        assert reverse("branches:activity", args=[activity.pk]) in page


def test_secretary_tags_an_existing_record_and_history_says_so(world, client_for):
    project = project_of(world, records=False)
    activity = record(world.branch_a, "volunteer", datetime.date(2026, 6, 1), hours=Decimal("4"))
    client = client_for(world.secretary_a)
    url = reverse("projects:tag_records", args=[project.pk])
    assert activity.topic in client.get(url).content.decode()
    response = client.post(url, {"ids": [activity.pk]})
    assert response.status_code == 302
    assert list(project.activities.all()) == [activity]
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "甲书记" in page  # who tagged it, in the history


def test_records_of_another_branch_or_outside_the_period_cannot_be_tagged(world, client_for):
    project = project_of(world, records=False)
    other = record(world.branch_b, "theme_day", datetime.date(2026, 3, 10))
    before = record(world.branch_a, "theme_day", datetime.date(2025, 12, 10))
    client = client_for(world.secretary_a)
    for activity in (other, before):
        response = client.post(
            reverse("projects:tag_records", args=[project.pk]), {"ids": [activity.pk]}
        )
        assert response.status_code == 400
        assert "已不可选" in response.content.decode()
    assert not ProjectRecord.objects.exists()


def test_filing_a_new_record_from_the_project_page_comes_back_to_tag_it(world, client_for):
    project = project_of(world, records=False)
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f"{url}?project={project.pk}" in page
    data = form_data(client.get(f"{url}?project={project.pk}"), field="topic")
    data.pop("submission_token", None)
    response = client.post(
        f"{url}?project={project.pk}", {**data, "date": "2026-11-10", "topic": "家校共育座谈"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    filed = Activity.objects.get(topic="家校共育座谈")
    assert response["Location"] == (
        reverse("projects:detail", args=[project.pk]) + f"?filed={filed.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert "尚未关联本项目" in page
    client.post(reverse("projects:tag_records", args=[project.pk]), {"ids": [filed.pk]})
    assert list(project.activities.all()) == [filed]


def test_stale_project_edit_is_refused(world, client_for):
    project = project_of(world, records=False)
    client = client_for(world.secretary_a)
    data = {
        "title": "新标题",
        "kind": "micro",
        "goal": "目标",
        "start_date": "2026-01-01",
        "lock_version": "0",
    }
    project.title = "别人改过"
    project.save()
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    assert response.status_code == 409
    project.refresh_from_db()
    assert project.title == "别人改过"


def test_reviewer_marks_a_district_example_with_history(world, client_for):
    project = project_of(world)
    client = client_for(world.reviewer_d1)
    response = client.post(
        reverse("projects:review", args=[project.pk]),
        {"district_example": "on", "review_comment": "可推广", "lock_version": "0"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.district_example and project.reviewed_by == world.reviewer_d1
    assert project.history.filter(history_user=world.reviewer_d1).exists()
    page = client.get(reverse("projects:district", args=[world.district1.pk])).content.decode()
    assert "区级优秀" in page and project.title in page and "可推广" in page


def test_district_export_lists_projects_with_figures_text_never_formula(world, client_for):
    project = project_of(world, title="=1+1")
    figures = figures_for([project])[project.pk]
    response = client_for(world.reviewer_d1).get(
        reverse("projects:district_export", args=[world.district1.pk])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    row = next(r for r in rows if r[2] == "=1+1")
    assert row[8] == figures.records and row[9] == figures.people


def test_report_draft_lists_the_periods_projects_with_the_same_figures(world):
    project = project_of(world)
    Project.objects.create(
        organization=world.branch_a,
        title="往年项目",
        goal="目标",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    figures = figures_for([project])[project.pk]
    text = draft_work_section(world.branch_a, calendar_year(2026))
    assert "党建项目 1 个" in text and "往年项目" not in text
    assert (
        f"“{project.title}”（微项目）：活动记录 {figures.records} 次，参与 {figures.people} 人，"
        f"时长 {float(figures.hours):g} 小时，里程碑完成 1/2"
    ) in text


def test_other_branch_secretary_cannot_see_the_project(world, client_for):
    project = project_of(world)
    client = client_for(world.secretary_b)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    page = client.get(reverse("projects:list", args=[world.branch_b.pk])).content.decode()
    assert project.title not in page


def test_odd_filed_and_project_parameters_are_ignored_not_a_500(world, client_for):
    project = project_of(world, records=False)
    client = client_for(world.secretary_a)
    detail = reverse("projects:detail", args=[project.pk])
    for value in ("١٢", "9" * 30, "-1", "x", ""):
        response = client.get(detail, {"filed": value})
        assert response.status_code == 200
        assert "尚未关联本项目" not in response.content.decode()
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    data = form_data(client.get(url), field="topic")
    data.pop("submission_token", None)
    response = client.post(f"{url}?project=١٢", {**data, "topic": "家长开放日"})
    assert response.status_code == 302
    filed = Activity.objects.get(topic="家长开放日")
    assert response["Location"] == reverse("branches:activity", args=[filed.pk])

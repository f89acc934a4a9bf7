"""The projects forms fed random input (tests/test_fuzz_forms.py): never a 500, a refused post
saves nothing, an accepted one is saved whole and the pages showing it still render."""

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from branches.models import Activity, Honour
from projects.models import Milestone, Project, ProjectHonour, ProjectRecord
from tests import test_fuzz_forms as fuzz
from tests.projects.helpers import project_of
from tests.test_fuzz_forms import FUZZ, check, date_value, fuzzed, number, render_after, text

# The fuzz module's fixtures: branch A with members, its secretary's client, a media folder.
branch, secretary, media = fuzz.branch, fuzz.secretary, fuzz.media

MODELS = (Project, Milestone, ProjectRecord, ProjectHonour, Activity, Honour)
ids = st.one_of(number, st.lists(number, max_size=3), st.just(""))


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def pages(client, world, project):
    render_after(
        client,
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:list", args=[world.branch_a.pk]),
    )


@FUZZ
@given(
    data=fuzzed(
        {
            "title": "家校共育",
            "kind": "micro",
            "goal": "目标",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "partners": "家委会",
        },
        {
            "title": text,
            "kind": st.one_of(st.sampled_from(["brand", "micro", "branch_brand", "x"]), text),
            "goal": text,
            "start_date": date_value,
            "end_date": date_value,
            "leader": number,
            "team": ids,
            "group": number,
            "partners": text,
            "result": text,
        },
    )
)
def test_project_form_survives_any_input(world, secretary, branch, data):
    before = counts()
    response = secretary.post(reverse("projects:create", args=[world.branch_a.pk]), data)
    if check(response) == 302:
        project = Project.objects.get()
        pages(secretary, world, project)
        project.delete()
    assert counts() == before


@FUZZ
@given(
    data=fuzzed(
        {"date": "2026-03-01", "title": "家长会", "status": "done", "done_on": "2026-03-02"},
        {
            "date": date_value,
            "title": text,
            "status": st.one_of(st.sampled_from(["planned", "done", "dropped"]), text),
            "done_on": date_value,
        },
    )
)
def test_milestone_form_survives_any_input(world, secretary, branch, data):
    project = Project.objects.first() or project_of(world, records=False)
    before = counts()
    url = reverse("projects:milestone_create", args=[project.pk])
    if check(secretary.post(url, data)) == 302:
        pages(secretary, world, project)
        project.milestones.order_by("-id").first().delete()
    assert counts() == before


@FUZZ
@given(data=st.fixed_dictionaries({"ids": ids}), honours=st.booleans())
def test_tagging_survives_any_ids(world, secretary, branch, data, honours):
    project = Project.objects.first() or project_of(world, records=False)
    name = "projects:link_honours" if honours else "projects:tag_records"
    before = counts()
    if check(secretary.post(reverse(name, args=[project.pk]), data)) == 302:
        pages(secretary, world, project)
        ProjectRecord.objects.all().delete()
        ProjectHonour.objects.all().delete()
    assert counts() == before


@FUZZ
@given(
    data=fuzzed(
        {"district_example": "on", "review_comment": "好", "lock_version": "0"},
        {"district_example": text, "review_comment": text, "lock_version": number},
    )
)
def test_review_form_survives_any_input(world, client_for, data):
    project = Project.objects.first() or project_of(world, records=False)
    client = client_for(world.reviewer_d1)
    response = client.post(reverse("projects:review", args=[project.pk]), data)
    assert check(response) in (200, 302, 400, 409)
    render_after(client, reverse("projects:district", args=[world.district1.pk]))

"""One posted form saves once (portal.submissions): a double click, a resent request, or two
copies of the same post arriving at the same moment create one record, and the repeat is sent
to the record with a message instead of an error or a second copy."""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import messages
from django.urls import reverse

from branches.models import Activity, Committee, Honour, Member, Movement
from portal.models import Submission
from projects.models import Milestone, Project
from reports.models import Report
from tests.clock import TODAY
from tests.concurrency import pages_after, post_at_once
from tests.factories import member
from tests.forms import form_data
from tests.projects.helpers import project_of

REPEATED = "这份表单刚才已经提交并保存过，没有重复保存。"


@dataclass
class Case:
    """A form page: `open` returns its URL; `fill` is what the user types; `count` counts what
    was created."""

    name: str
    open: Callable
    fill: Callable
    count: Callable


def _member_create(world):
    return reverse("branches:member_create", args=[world.branch_a.pk])


def _new_member(world):
    return {"name": "新党员", "birth_date": "1985-03-01", "admission_date": "2010-07-01"}


def _movement_create(world):
    person = member(world.branch_a, "李强")
    return reverse("branches:movement_create", args=[person.pk])


def _committee_create(world):
    for name in ("钱志林", "卞亮平", "严国俊"):
        member(world.branch_a, name)
    return reverse("branches:committee_create", args=[world.branch_a.pk])


def _new_committee(world):
    secretary = Member.objects.get(name="钱志林")
    return {"term_start": "2024-01-10", "post_secretary": str(secretary.pk)}


def _honour_create(world):
    return reverse("branches:honour_create", args=[world.branch_a.pk])


def _activity_create(world):
    for name in ("王芳", "李强", "张敏"):
        member(world.branch_a, name)
    return reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])


def _report_create(world):
    return reverse("reports:organization_reports", args=[world.branch_a.pk])


CASES = [
    Case("member", _member_create, _new_member, lambda: Member.objects.count()),
    Case(
        "movement",
        _movement_create,
        lambda w: {"kind": "out", "date": (TODAY - datetime.timedelta(days=3)).isoformat()},
        lambda: Movement.objects.count(),
    ),
    Case("committee", _committee_create, _new_committee, lambda: Committee.objects.count()),
    Case(
        "honour",
        _honour_create,
        lambda w: (
            {"recipient": "organization", "title": "先进基层党组织", "level": "district"}
            | {"year": "2021"}
        ),
        lambda: Honour.objects.count(),
    ),
    Case(
        "activity",
        _activity_create,
        lambda w: {"topic": "学习新修订的党章"},
        lambda: Activity.objects.count(),
    ),
    Case(
        "report",
        _report_create,
        lambda w: {"kind": "summary", "period_type": "calendar", "year": "2021"},
        lambda: Report.objects.count(),
    ),
    Case(
        "project",
        lambda w: reverse("projects:create", args=[w.branch_a.pk]),
        lambda w: {"title": "家校共育微项目", "kind": "micro", "goal": "办好家长学校"},
        lambda: Project.objects.count(),
    ),
    Case(
        "milestone",
        lambda w: reverse("projects:milestone_create", args=[project_of(w, records=False).pk]),
        lambda w: {"date": "2026-05-01", "title": "家长学校开课", "status": "planned"},
        lambda: Milestone.objects.count(),
    ),
]


def _filled_form(client, world, case):
    page = client.get(case.open(world))
    assert page.status_code == 200
    data = {**form_data(page, field="submission_token"), **case.fill(world)}
    action = _action(page) or page.wsgi_request.path
    return action, data


def _action(page):
    import lxml.html

    for form in lxml.html.fromstring(page.content.decode()).forms:
        if "submission_token" in form.inputs:
            return form.get("action")
    return None


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_same_form_posted_twice_saves_once(world, client_for, case):
    client = client_for(world.secretary_a)
    url, data = _filled_form(client, world, case)
    before = case.count()

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == 302, getattr(first, "context", None) and first.context.get("form")
    assert case.count() == before + 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]  # to the record the first post created
    assert REPEATED in client.get(second["Location"]).content.decode()


def test_a_form_refused_for_errors_can_be_posted_again_once_corrected(world, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:member_create", args=[world.branch_a.pk])
    data = form_data(client.get(url), field="submission_token")

    refused = client.post(url, {**data, "name": ""})
    assert refused.status_code == 200
    assert not Submission.objects.exists()  # nothing saved, so the token is still unused
    corrected = {**form_data(refused, field="submission_token"), **_new_member(world)}
    assert corrected["submission_token"] == data["submission_token"]

    assert client.post(url, corrected).status_code == 302
    assert client.post(url, corrected).status_code == 302
    assert Member.objects.filter(name="新党员").count() == 1


def test_saving_an_edit_form_twice_is_not_a_conflict_with_oneself(world, client_for):
    person = member(world.branch_a, "王芳")
    client = client_for(world.secretary_a)
    url = reverse("branches:member_edit", args=[person.pk])
    data = {**form_data(client.get(url), field="submission_token"), "name": "王芳芳"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302  # not 409: it is the same post
    assert REPEATED in client.get(again["Location"]).content.decode()
    assert Member.objects.get(pk=person.pk).lock_version == 1


def test_a_malformed_token_is_ignored_not_a_500(world, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:member_create", args=[world.branch_a.pk])
    data = {**form_data(client.get(url), field="submission_token"), **_new_member(world)}
    response = client.post(url, {**data, "submission_token": "<script>"})
    assert response.status_code == 302
    assert Member.objects.count() == 1


# -- at the same moment -----------------------------------------------------------------------


@pytest.fixture
def slow_save(monkeypatch):
    """Every view says "saved" half a second after saving, inside its transaction, so a second
    post of the same form arrives while the first one is still being saved."""
    success = messages.success

    def slow_success(*args, **kwargs):
        time.sleep(0.5)
        return success(*args, **kwargs)

    monkeypatch.setattr(messages, "success", slow_success)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_same_form_posted_twice_at_the_same_moment_saves_once(
    world, client_for, slow_save, case
):
    url, data = _filled_form(client_for(world.secretary_a), world, case)
    before = case.count()

    results, clients = post_at_once([(world.secretary_a, url, data)] * 2)

    assert [status for status, _location in results] == [302, 302], results
    assert results[0][1] == results[1][1]
    assert case.count() == before + 1
    pages = pages_after(clients, results)
    assert sum(REPEATED in page for page in pages) == 1

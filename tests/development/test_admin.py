"""/admin/ and the pipeline: the member form leaves the dates a pipeline owns alone, and the
pipelines are listed read-only, scoped like the roster (own organisation only, reviewers out)."""

import pytest
from django.urls import reverse

from branches.models import Member
from development.models import Pipeline, Step
from tests.development.helpers import D, applicant, full_members, pipeline_for, record
from tests.forms import form_data
from tests.roster_import import confirm, upload

HELP = "由发展党员流程的步骤生成，请在发展流程中修改。"


@pytest.fixture
def pipelines(world):
    people = full_members(world.branch_a, 2)
    own = pipeline_for(applicant(world.branch_a, "本支部申请人"))
    record(own, 1, D(2024, 3, 1))
    record(own, 2, D(2024, 3, 10), person_1=people[0])
    other = pipeline_for(applicant(world.branch_b, "外支部申请人"))
    record(other, 1, D(2024, 4, 1))
    return own, other


def _admin_member_post(client, member, **changes):
    url = reverse("admin:branches_member_change", args=[member.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, field="lock_version")
    data.update(changes)
    return page, client.post(url, data)


def test_admin_member_form_keeps_the_dates_of_a_person_with_a_pipeline(
    world, client_for, pipelines
):
    own, _other = pipelines
    page, response = _admin_member_post(
        client_for(world.admin),
        own.member,
        application_date="2020-01-01",
        activist_date="2020-06-01",
        probation_extension_months="6",
        notes="改了备注",
    )
    assert HELP in page.content.decode()
    assert response.status_code == 302
    person = Member.objects.get(pk=own.member_id)
    assert person.notes == "改了备注"  # the rest of the form saves
    assert person.application_date == D(2024, 3, 1)
    assert person.activist_date is None and person.probation_extension_months == 0


def test_admin_member_form_still_edits_the_dates_of_someone_without_a_pipeline(world, client_for):
    person = applicant(world.branch_a, "名册中的申请人", application_date=D(2024, 3, 1))
    page, response = _admin_member_post(
        client_for(world.secretary_a), person, application_date="2024-02-01"
    )
    assert HELP not in page.content.decode()
    assert response.status_code == 302
    assert Member.objects.get(pk=person.pk).application_date == D(2024, 2, 1)


@pytest.mark.parametrize("model", ["pipeline", "step"])
def test_secretary_lists_only_their_own_branchs_pipelines(world, client_for, pipelines, model):
    client = client_for(world.secretary_a)
    page = client.get(reverse(f"admin:development_{model}_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "本支部申请人" in text and "外支部申请人" not in text
    own, other = pipelines
    rows = {"pipeline": (own, other), "step": (own.steps.first(), other.steps.first())}[model]
    assert (
        client.get(reverse(f"admin:development_{model}_change", args=[rows[0].pk])).status_code
        == 200
    )
    for view in ("change", "history", "delete"):
        url = reverse(f"admin:development_{model}_{view}", args=[rows[1].pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse(f"admin:development_{model}_add")).status_code == 403


def test_pipelines_are_read_only_in_admin_and_link_to_the_portal_page(world, client_for, pipelines):
    own, _other = pipelines
    client = client_for(world.admin)
    url = reverse("admin:development_pipeline_change", args=[own.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("development:person", args=[own.member_id]) in page.content.decode()
    assert "党组织派人谈话" in page.content.decode()  # the steps, inline
    client.post(url, {"status": "withdrawn", "closed_on": "2024-05-01", "extension_months": 6})
    own.refresh_from_db()
    assert own.status == Pipeline.Status.ACTIVE and own.extension_months == 0
    step = own.steps.get(number=2)
    step_url = reverse("admin:development_step_delete", args=[step.pk])
    assert client.post(step_url, {"post": "yes"}).status_code == 403
    assert Step.objects.filter(pk=step.pk).exists()


@pytest.mark.parametrize("role", ["reviewer_d1", "outsider"])
def test_reviewers_and_people_without_a_role_have_no_pipelines_in_admin(
    world, client_for, pipelines, role
):
    response = client_for(getattr(world, role)).get(
        reverse("admin:development_pipeline_changelist")
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_import_keeps_the_dates_of_a_person_with_a_pipeline(world, client_for, pipelines):
    """The roster import of /admin/ updates existing rows: a changed date that a pipeline owns is
    a row error (nothing saved), the same date (an export imported again) passes."""
    own, _other = pipelines
    client = client_for(world.secretary_a)
    headers = ["姓名", "性别", "递交入党申请日期"]
    response = upload(client, world, [["本支部申请人", "女", "2020-01-01"]], headers)
    assert response.context.get("confirm_form") is None
    text = response.content.decode()
    assert "第 2 行" in text and HELP in text
    assert Member.objects.get(pk=own.member_id).application_date == D(2024, 3, 1)

    response = upload(client, world, [["本支部申请人", "男", "2024-03-01"]], headers)
    assert confirm(client, response).status_code == 302
    person = Member.objects.get(pk=own.member_id)
    assert person.gender == "M" and person.application_date == D(2024, 3, 1)

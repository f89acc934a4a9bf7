"""Probation is extended once, by 12 months at most: a second extension is refused next to the
field, the first one and a correction downwards are saved."""

import pytest
from django.urls import reverse

from branches.models import Member
from development.models import Pipeline
from tests.development.helpers import D, applicant, pipeline_for
from tests.forms import form_data


@pytest.fixture
def probationary(world):
    person = applicant(
        world.branch_a,
        "预备党员",
        application_date=D(2023, 1, 5),
        activist_date=D(2023, 3, 1),
        candidate_date=D(2024, 4, 1),
        admission_date=D(2025, 6, 1),
    )
    return pipeline_for(person)


def _post(client, pipeline, months):
    url = reverse("development:status", args=[pipeline.member_id])
    data = form_data(client.get(url), field="lock_version")
    data["extension_months"] = str(months)
    return client.post(url, data)


def test_a_second_extension_is_refused_next_to_the_field(world, client_for, probationary):
    client = client_for(world.secretary_a)
    assert _post(client, probationary, 6).status_code == 302
    assert Member.objects.get(pk=probationary.member_id).probation_extension_months == 6

    response = _post(client, probationary, 12)
    assert response.status_code == 400
    errors = response.context["form"].errors["extension_months"]
    assert errors == ["预备期只能延长一次：已延长 6 个月，不能再次延长。"]
    assert errors[0] in response.content.decode()
    assert Pipeline.objects.get(pk=probationary.pk).extension_months == 6
    assert Member.objects.get(pk=probationary.member_id).probation_extension_months == 6

    # The same extension saved again, or corrected downwards, is no second extension.
    assert _post(client, probationary, 6).status_code == 302
    assert _post(client, probationary, 4).status_code == 302
    assert Member.objects.get(pk=probationary.member_id).probation_extension_months == 4


@pytest.mark.parametrize(("months", "saved"), [(12, True), (13, False)])
def test_the_one_extension_is_a_year_at_most(world, client_for, probationary, months, saved):
    response = _post(client_for(world.secretary_a), probationary, months)
    assert (response.status_code == 302) is saved
    expected = months if saved else 0
    assert Pipeline.objects.get(pk=probationary.pk).extension_months == expected

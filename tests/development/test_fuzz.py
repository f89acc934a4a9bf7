"""Bad input on the development forms never breaks anything: no 500, an invalid post saves
nothing (steps, the pipeline and the member's dates unchanged), a valid one shows on the page."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.models import Member
from development.models import Pipeline, Step
from tests.development.helpers import D, applicant, full_members, pipeline_for, record

FEW = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
nasty = "\x00\x01\x1b\x7f\u200b\u202e\ufeff'\"<>&;%_\\"
text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.text(st.sampled_from(nasty), min_size=1, max_size=20),
    st.builds(lambda n, c: c * n, st.integers(1000, 20_000), st.sampled_from("党a\x00 ")),
)
date_value = st.one_of(
    st.sampled_from(
        ["0001-01-01", "9999-12-31", "2026-02-30", "2026/1/1", "", "２０２６-０１-０１"]
    ),
    st.dates().map(str),
)
number = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(["1e309", "NaN", "-0", "12.345", "", "１２"]),
)
value = st.one_of(text, date_value, number)


@pytest.fixture
def setup(world, client_for):
    full_members(world.branch_a, 2)
    pipeline = pipeline_for(applicant(world.branch_a))
    record(pipeline, 1, D(2025, 1, 5))
    return pipeline, client_for(world.secretary_a)


def _state(pipeline):
    member = Member.objects.get(pk=pipeline.member_id)
    return (
        list(Step.objects.order_by("id").values_list("number", "date", "period_end", "hours")),
        list(Pipeline.objects.values_list("status", "extension_months", "closed_on")),
        [getattr(member, f) for f in ("application_date", "activist_date", "full_date")],
    )


@FEW
@given(
    step=st.sampled_from([1, 2, 6, 9, 11, 12, 15, 17]),
    data=st.fixed_dictionaries(
        {},
        optional={
            "date": date_value,
            "period_end": date_value,
            "hours": number,
            "person_1": value,
            "person_2": value,
            "people_elsewhere": text,
            "document_number": text,
            "agenda_item": value,
            "note": text,
            "lock_version": value,
        },
    ),
)
def test_step_form_survives_any_input(setup, step, data):
    pipeline, client = setup
    before = _state(pipeline)
    url = reverse("development:step", args=[pipeline.member_id, step])
    response = client.post(url, data)
    assert response.status_code in (200, 302, 400, 409)  # 200: an empty post shows the form
    if response.status_code != 302:
        assert _state(pipeline) == before
    else:
        assert (
            client.get(reverse("development:person", args=[pipeline.member_id])).status_code == 200
        )


@FEW
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "status": st.one_of(value, st.sampled_from([s for s, _l in Pipeline.Status.choices])),
            "closed_on": date_value,
            "close_reason": text,
            "recommendation": value,
            "extension_months": number,
            "lock_version": value,
        },
    )
)
def test_status_form_survives_any_input(setup, data):
    pipeline, client = setup
    before = _state(pipeline)
    response = client.post(reverse("development:status", args=[pipeline.member_id]), data)
    assert response.status_code in (200, 302, 400, 409)  # 200: an empty post shows the form
    if response.status_code != 302:
        assert _state(pipeline) == before


@FEW
@given(start=value, end=value, form=value, fmt=value)
def test_lists_survive_any_period(setup, world, start, end, form, fmt):
    _pipeline, client = setup
    try:
        url = reverse("development:lists", args=[world.branch_a.pk, form, fmt])
    except Exception:  # noqa: BLE001 - not a URL at all: nothing to request
        url = reverse("development:lists", args=[world.branch_a.pk, "activists", "xlsx"])
    response = client.get(url, {"start": start, "end": end})
    assert response.status_code in (200, 404)

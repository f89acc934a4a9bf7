"""A person through the 25 steps: the member's stage dates follow from the steps, meetings bring
their vote and quorum, the roster form no longer takes the dates, closed pipelines keep history,
stale edits and double submits are refused, the paperwork equals the steps."""

import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from branches.models import Member
from development import services
from development.models import Pipeline, Step
from tests.development.helpers import (
    D,
    applicant,
    full_members,
    pipeline_for,
    record,
    voted_meeting,
)
from tests.factories import committee, make_id_number
from tests.forms import form_data


@pytest.fixture
def branch(world):
    people = full_members(world.branch_a, 5)
    committee(world.branch_a, people[:3])
    return world.branch_a, people


def journey(branch_and_people):
    branch, people = branch_and_people
    person = applicant(
        branch, "王小青", birth=D(1996, 2, 3), id_number=make_id_number(D(1996, 2, 3), male=False)
    )
    pipeline = pipeline_for(person)
    record(pipeline, 1, D(2023, 3, 1))
    record(pipeline, 2, D(2023, 3, 20), person_1=people[0])
    _m, item = voted_meeting(branch, "committee_meeting", D(2023, 6, 1))
    record(pipeline, 3, None, agenda_item=item, meeting=item.activity)
    record(pipeline, 4, D(2023, 6, 10), document_number="备〔2023〕12号")
    record(pipeline, 5, D(2023, 6, 15), person_1=people[1], person_2=people[2])
    record(pipeline, 6, D(2023, 12, 1))
    record(pipeline, 6, D(2024, 5, 20))
    _m, item = voted_meeting(branch, "committee_meeting", D(2024, 6, 3))
    record(pipeline, 7, None, agenda_item=item, meeting=item.activity)
    record(pipeline, 8, D(2024, 6, 5), document_number="备〔2024〕3号")
    record(pipeline, 9, D(2024, 6, 10), person_1=people[1], person_2=people[3])
    record(pipeline, 10, D(2024, 7, 1))
    record(pipeline, 11, D(2024, 7, 8), period_end=D(2024, 7, 10), hours=24)
    _m, item = voted_meeting(branch, "committee_meeting", D(2024, 9, 2))
    record(pipeline, 12, None, agenda_item=item, meeting=item.activity, period_end=D(2024, 9, 9))
    for number, day in ((13, D(2024, 9, 15)), (14, D(2024, 9, 20))):
        record(pipeline, number, day)
    _m, item = voted_meeting(branch, "general_meeting", D(2024, 10, 8))
    record(pipeline, 15, None, agenda_item=item, meeting=item.activity)
    record(pipeline, 16, D(2024, 10, 20), people_elsewhere="李组织")
    record(pipeline, 17, D(2024, 11, 20), document_number="批〔2024〕8号")
    for number, day in ((18, D(2024, 12, 1)), (19, D(2024, 12, 5)), (20, D(2025, 7, 1))):
        record(pipeline, number, day)
    for day in (D(2025, 1, 8), D(2025, 4, 8), D(2025, 7, 8)):
        record(pipeline, 21, day)
    record(pipeline, 22, D(2025, 9, 20))
    _m, item = voted_meeting(branch, "general_meeting", D(2025, 10, 9))
    record(pipeline, 23, None, agenda_item=item, meeting=item.activity)
    record(pipeline, 24, D(2025, 11, 1), document_number="批〔2025〕2号")
    record(pipeline, 25, D(2025, 11, 10))
    return pipeline


def test_the_member_stage_dates_follow_from_the_steps(branch):
    pipeline = journey(branch)
    person = Member.objects.get(pk=pipeline.member_id)
    assert person.application_date == D(2023, 3, 1)
    assert person.activist_date == D(2023, 6, 1)  # the 支委会's day, from its record
    assert person.candidate_date == D(2024, 6, 3)
    assert person.admission_date == D(2024, 10, 8)
    assert person.full_date == D(2025, 10, 8)  # probation ends one year after admission
    assert [p.name for p in (person.introducer_1, person.introducer_2)] == ["党员1", "党员3"]
    assert person.stage == "full"
    pipeline.refresh_from_db()
    assert pipeline.status == Pipeline.Status.COMPLETED and pipeline.closed_on == D(2025, 10, 8)
    Step.objects.get(pipeline=pipeline, number=23).delete()  # then a delete through the service
    services.delete_step(step=Step.objects.get(pipeline=pipeline, number=24))
    pipeline.refresh_from_db()
    assert pipeline.status == Pipeline.Status.ACTIVE and pipeline.member.full_date is None


def test_the_pipeline_page_shows_every_step_with_the_meeting_vote(branch, world, client_for):
    pipeline = journey(branch)
    page = client_for(world.secretary_a).get(
        reverse("development:person", args=[pipeline.member_id])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "25. 材料归档" in text and "2025-11-10" in text
    assert "赞成 5 反对 0 弃权 0（应到有表决权 5 人，实到 5 人）" in text
    assert "备〔2023〕12号" in text


def test_the_roster_form_shows_the_dates_read_only_for_a_person_with_a_pipeline(
    branch, world, client_for
):
    pipeline = journey(branch)
    client = client_for(world.secretary_a)
    url = reverse("branches:member_edit", args=[pipeline.member_id])
    data = form_data(client.get(url), field="lock_version")
    data.update(application_date="2020-01-01", full_date="")
    client.post(url, data)
    person = Member.objects.get(pk=pipeline.member_id)
    assert person.application_date == D(2023, 3, 1)
    assert person.full_date == D(2025, 10, 8)


def test_a_withdrawn_person_keeps_the_history_and_takes_no_more_steps(world, client_for):
    pipeline = pipeline_for(applicant(world.branch_a))
    record(pipeline, 1, D(2026, 1, 5))
    client = client_for(world.secretary_a)
    url = reverse("development:status", args=[pipeline.member_id])
    data = form_data(client.get(url), field="lock_version")
    data.update(status="withdrawn", closed_on="2026-03-01", close_reason="本人书面撤回")
    assert client.post(url, data).status_code == 302
    pipeline.refresh_from_db()
    assert pipeline.status == Pipeline.Status.WITHDRAWN
    assert pipeline.steps.count() == 1
    step_url = reverse("development:step", args=[pipeline.member_id, 2])
    response = client.post(step_url, {"date": "2026-03-02", "lock_version": ""})
    assert response.status_code == 400
    assert "发展流程已结束" in response.content.decode()
    page = client.get(reverse("development:person", args=[pipeline.member_id])).content.decode()
    assert "本人撤回申请" in page and "2026-01-05" in page


def test_a_step_form_with_bad_input_says_why_and_saves_nothing(world, client_for):
    pipeline = pipeline_for(applicant(world.branch_a, birth=D(2009, 1, 1)))
    client = client_for(world.secretary_a)
    url = reverse("development:step", args=[pipeline.member_id, 1])
    for data, message in (
        ({"date": "2026-11-20"}, "未满 18 周岁"),
        ({"date": "not a date"}, "日期"),
        ({"date": "9999-01-01"}, "之间的日期"),
    ):
        response = client.post(url, {**data, "lock_version": ""})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Step.objects.exists()
    assert client.get(reverse("development:step", args=[pipeline.member_id, 26])).status_code == 404


def test_a_stale_step_edit_is_refused_and_a_double_submit_saves_once(world, client_for):
    pipeline = pipeline_for(applicant(world.branch_a))
    client = client_for(world.secretary_a)
    url = reverse("development:step", args=[pipeline.member_id, 1])
    page = client.get(url)
    data = form_data(page, field="lock_version")
    data["date"] = "2026-01-05"
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same token again: saved once
    assert Step.objects.filter(pipeline=pipeline).count() == 1
    opened = form_data(client.get(url), field="lock_version")
    other = form_data(client.get(url), field="lock_version")
    assert client.post(url, {**opened, "date": "2026-01-06"}).status_code == 302
    response = client.post(url, {**other, "date": "2026-01-07"})
    assert response.status_code == 409
    assert Step.objects.get(pipeline=pipeline).date == D(2026, 1, 6)


def test_record_and_lists_equal_the_steps_and_mask_the_id_number(branch, world, client_for):
    pipeline = journey(branch)
    person = pipeline.member
    reviewer = client_for(world.reviewer_d1)
    response = reviewer.get(reverse("development:record", args=[person.pk]))
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    cells = [[c.text for c in row.cells] for t in document.tables[1:] for row in t.rows]
    dated = {row[0]: row[2] for row in cells if row[0].isdigit() and row[2]}
    assert dated["1"] == "2023-03-01" and dated["15"] == "2024-10-08"
    assert dated["12"] == "2024-09-02 至 2024-09-09"
    identity = [c.text for row in document.tables[0].rows for c in row.cells]
    assert person.id_number not in identity and person.masked_id_number in identity
    url = reverse("development:lists", args=[world.branch_a.pk, "admissions", "xlsx"])
    response = client_for(world.secretary_a).get(url, {"start": "2024-01-01", "end": "2024-12-31"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header, row = rows[1], rows[2]
    values = dict(zip(header, row, strict=True))
    assert values["姓名"] == "王小青" and values["身份证号"] == person.id_number
    assert values["入党介绍人"] == "党员1、党员3"
    assert values["支部大会时间"] == "2024-10-08" and values["上级审批时间"] == "2024-11-20"
    outside = client_for(world.secretary_a).get(url, {"start": "2025-01-01"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(outside.streaming_content))).active
    assert len(list(sheet.iter_rows(values_only=True))) == 2  # heading and header only


def test_an_existing_roster_person_starts_with_their_dates_as_steps(world, client_for):
    person = applicant(world.branch_a, application_date=D(2025, 3, 1), activist_date=D(2025, 6, 1))
    client = client_for(world.secretary_a)
    response = client.post(reverse("development:start", args=[person.pk]), {})
    assert response.status_code == 302
    steps = {s.number: s.date for s in Step.objects.filter(pipeline__member=person)}
    assert steps == {1: D(2025, 3, 1), 3: D(2025, 6, 1)}

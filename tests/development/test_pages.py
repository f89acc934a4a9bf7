"""The organisation's list, the district's read-only view and the 公示 notice."""

import io

import docx
from django.urls import reverse

from development.models import Pipeline
from tests.development.helpers import D, applicant, pipeline_for, record


def test_district_view_counts_each_school_and_drills_down_read_only(world, client_for):
    active = pipeline_for(applicant(world.branch_a, "积极分子甲"))
    record(active, 1, D(2025, 1, 5))
    record(active, 3, D(2025, 4, 1))  # six-monthly assessment overdue since 2025-10-01
    gone = pipeline_for(applicant(world.branch_a, "撤回乙"))
    record(gone, 1, D(2025, 1, 5))
    Pipeline.objects.filter(pk=gone.pk).update(status="withdrawn", closed_on=D(2025, 3, 1))
    other = pipeline_for(applicant(world.branch_b, "外区丙"))
    record(other, 1, D(2025, 1, 5))
    client = client_for(world.reviewer_d1)
    page = client.get(reverse("development:district", args=[world.district1.pk]))
    text = page.content.decode()
    assert "积极分子甲" in text and "撤回乙" in text and "外区丙" not in text
    row = text.split('<th scope="row">龙虎塘第二实验小学党支部</th>')[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split('<td class="text-end">')[1:]]
    assert cells == ["0", "1", "0", "0", "0", "0", "0", "1"]  # one activist, one overdue
    person = client.get(reverse("development:person", args=[active.member_id])).content.decode()
    assert reverse("development:step", args=[active.member_id, 2]) not in person
    assert reverse("development:status", args=[active.member_id]) not in person
    assert "/development/rows/" not in person  # no edit links for a reviewer


def test_notice_names_the_person_introducers_and_period(world, client_for):
    pipeline = pipeline_for(applicant(world.branch_a, "公示丁"))
    record(pipeline, 1, D(2023, 3, 1))
    record(pipeline, 9, D(2024, 6, 10), people_elsewhere="张三、李四")
    record(pipeline, 12, D(2024, 9, 2), period_end=D(2024, 9, 9))
    response = client_for(world.secretary_a).get(
        reverse("development:notice", args=[pipeline.member_id])
    )
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "拟发展公示丁同志为中共预备党员" in text
    assert "入党介绍人：张三、李四" in text and "2024-09-02 至 2024-09-09" in text

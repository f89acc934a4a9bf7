"""Journey: a secretary takes one applicant through the 25 steps to full member on the pipeline
page (meetings picked from their records), then downloads the 全程纪实表 and the 接收预备党员
备案表; read back with python-docx and openpyxl, they hold exactly the steps entered."""

import datetime

import docx
import openpyxl

from branches.models import Member
from tests.development.helpers import applicant, full_members, voted_meeting
from tests.factories import committee

D = datetime.date
DATES = {
    1: D(2023, 3, 1),
    2: D(2023, 3, 20),
    4: D(2023, 6, 10),
    5: D(2023, 6, 15),
    6: D(2023, 12, 1),
    8: D(2024, 6, 5),
    9: D(2024, 6, 10),
    10: D(2024, 7, 1),
    11: D(2024, 7, 8),
    13: D(2024, 9, 15),
    14: D(2024, 9, 20),
    16: D(2024, 10, 20),
    17: D(2024, 11, 20),
    18: D(2024, 12, 1),
    19: D(2024, 12, 5),
    20: D(2025, 7, 1),
    21: D(2025, 1, 8),
    22: D(2025, 9, 20),
    24: D(2025, 11, 1),
    25: D(2025, 11, 10),
}
MEETINGS = {
    3: ("committee_meeting", D(2023, 6, 1)),
    7: ("committee_meeting", D(2024, 6, 3)),
    12: ("committee_meeting", D(2024, 9, 2)),
    15: ("general_meeting", D(2024, 10, 8)),
    23: ("general_meeting", D(2025, 10, 9)),
}


def test_secretary_takes_an_applicant_to_full_member_and_prints_the_forms(
    world, page, login, url, download
):
    people = full_members(world.branch_a, 5)
    committee(world.branch_a, people[:3])
    person = applicant(world.branch_a, "王小青", birth=D(1996, 2, 3))
    items = {n: voted_meeting(world.branch_a, kind, day)[1] for n, (kind, day) in MEETINGS.items()}
    login(page, world.secretary_a)
    page.goto(url("development:person", person.pk))
    page.get_by_role("button", name="建立发展流程").click()
    page.get_by_text("已建立 王小青 的发展流程。").wait_for()

    for number in range(1, 26):
        page.locator(f"#step-{number}").get_by_role("link", name="记录").click()
        if number in MEETINGS:
            page.select_option("select[name=agenda_item]", value=str(items[number].pk))
        else:
            page.fill("input[name=date]", DATES[number].isoformat())
        if number == 2:
            page.select_option("select[name=person_1]", label="党员0")
        if number == 5:
            page.select_option("select[name=person_1]", label="党员1")
        if number == 9:
            page.select_option("select[name=person_1]", label="党员1")
            page.select_option("select[name=person_2]", label="党员3")
        if number in (4, 8, 17, 24):
            page.fill("input[name=document_number]", f"文号{number}")
        if number == 11:
            page.fill("input[name=period_end]", "2024-07-10")
            page.fill("input[name=hours]", "24")
        if number == 12:
            page.fill("input[name=period_end]", "2024-09-09")
        page.get_by_role("button", name="保存").click()
        page.locator(f"#step-{number} .step-row").first.wait_for()

    person = Member.objects.get(pk=person.pk)
    assert person.stage == "full" and person.full_date == D(2025, 10, 8)
    assert person.admission_date == D(2024, 10, 8)

    saved = download(page, lambda: page.get_by_role("link", name="全程纪实表 Word").click())
    document = docx.Document(saved)
    rows = [[c.text for c in row.cells] for table in document.tables[1:] for row in table.rows]
    dated = {int(row[0]): row[2].split(" ")[0] for row in rows if row[0].isdigit()}
    expected = {**DATES, **{n: day for n, (_k, day) in MEETINGS.items()}}
    assert dated == {n: day.isoformat() for n, day in expected.items()}
    numbers = {int(row[0]): row for row in rows if row[0].isdigit()}
    assert numbers[9][3] == "党员1、党员3" and numbers[17][6] == "文号17"

    page.goto(url("development:index", world.branch_a.pk))
    saved = download(
        page,
        lambda: (
            page.locator("#development-forms li", has_text="接收预备党员备案表")
            .get_by_role("link", name="Excel")
            .click()
        ),
    )
    sheet = openpyxl.load_workbook(saved).active
    header, row = list(sheet.iter_rows(values_only=True))[1:3]
    values = dict(zip(header, row, strict=True))
    assert values["姓名"] == "王小青" and values["入党介绍人"] == "党员1、党员3"
    assert values["确定发展对象时间"] == "2024-06-03"
    assert values["支部大会时间"] == "2024-10-08" and values["上级审批时间"] == "2024-11-20"

"""Journey, on the demo (`manage.py load_demo`): 嘉泽中心小学's secretary (sec_jiaze / demo2026)
takes a new applicant of the demo branch through the 25 steps to full member on the pipeline page
(people picked from the demo roster, meetings from the branch's records), then downloads the
全程纪实表 and the 接收预备党员备案表 for the period of the admission; read back with python-docx
and openpyxl, they hold exactly the steps entered. On a phone, the same secretary records the
overdue talk of the demo's 许若涵 and the overdue warning goes.

Loading the demo takes most of the time, so the journey loads it once and runs the full path at
the desktop viewport and the shorter one on a phone beside it (not once per viewport)."""

import datetime
from io import StringIO

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from branches.models import Member, Organization
from devdata.demo.accounts import DEMO_PASSWORD
from devdata.demo.development import OVERDUE_TALK
from tests.clock import TODAY
from tests.development.helpers import applicant, voted_meeting

SHIFT = TODAY.year - 2026  # the dates below, moved with the pinned clock's year


def D(year, month, day):
    return datetime.date(year + SHIFT, month, day)


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
ADMISSION = MEETINGS[15][1]


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=StringIO())
    jiaze = Organization.objects.get(name="嘉泽中心小学党支部")
    secretary = get_user_model().objects.get(username="sec_jiaze")
    return jiaze, secretary


def _elders(branch):
    """Three demo members who were full members before the application and still are."""
    return list(
        Member.objects.filter(organization=branch, full_date__lt=DATES[1])
        .on_roster(DATES[1])
        .on_roster(TODAY)
        .order_by("id")[:3]
    )


@pytest.mark.parametrize("viewport", ["desktop"])
def test_secretary_takes_a_demo_applicant_to_full_member_and_prints_the_forms(
    demo, page, phone_page, login, url, download
):
    jiaze, secretary = demo
    talker, contact, introducer = _elders(jiaze)
    person = applicant(jiaze, "王小青", birth=datetime.date(1996, 2, 3))
    items = {n: voted_meeting(jiaze, kind, day)[1] for n, (kind, day) in MEETINGS.items()}
    login(page, secretary, password=DEMO_PASSWORD)
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
            page.select_option("select[name=person_1]", label=talker.name)
        if number == 5:
            page.select_option("select[name=person_1]", label=contact.name)
        if number == 9:
            page.select_option("select[name=person_1]", label=contact.name)
            page.select_option("select[name=person_2]", label=introducer.name)
        if number in (4, 8, 17, 24):
            page.fill("input[name=document_number]", f"文号{number}")
        if number == 11:
            page.fill("input[name=period_end]", D(2024, 7, 10).isoformat())
            page.fill("input[name=hours]", "24")
        if number == 12:
            page.fill("input[name=period_end]", D(2024, 9, 9).isoformat())
        page.get_by_role("button", name="保存").click()
        page.locator(f"#step-{number} .step-row").first.wait_for()

    person = Member.objects.get(pk=person.pk)
    assert person.stage == "full" and person.full_date == D(2025, 10, 8)
    assert person.admission_date == ADMISSION
    assert page.locator("#pipeline-status").inner_text() == "已转为正式党员"

    saved = download(page, lambda: page.get_by_role("link", name="全程纪实表 Word").click())
    document = docx.Document(saved)
    rows = [[c.text for c in row.cells] for table in document.tables[1:] for row in table.rows]
    dated = {int(row[0]): row[2].split(" ")[0] for row in rows if row[0].isdigit()}
    expected = {**DATES, **{n: day for n, (_k, day) in MEETINGS.items()}}
    assert dated == {n: day.isoformat() for n, day in expected.items()}
    numbers = {int(row[0]): row for row in rows if row[0].isdigit()}
    introducers = f"{contact.name}、{introducer.name}"
    assert numbers[2][3] == talker.name and numbers[9][3] == introducers
    assert numbers[17][6] == "文号17"

    # The 备案表 of the admissions of that month: the demo's other people are not in it.
    page.goto(url("development:index", jiaze.pk))
    page.fill("input[name=start]", ADMISSION.replace(day=1).isoformat())
    page.fill("input[name=end]", D(2024, 10, 31).isoformat())
    page.get_by_role("button", name="设定期间").click()
    page.wait_for_url("**start=**")
    saved = download(
        page,
        lambda: (
            page.locator("#development-forms li", has_text="接收预备党员备案表")
            .get_by_role("link", name="Excel")
            .click()
        ),
    )
    sheet = openpyxl.load_workbook(saved).active
    header, *data = list(sheet.iter_rows(values_only=True))[1:]
    found = [dict(zip(header, row, strict=True)) for row in data if any(row)]
    assert [values["姓名"] for values in found] == ["王小青"]
    values = found[0]
    assert values["支部"] == "嘉泽中心小学党支部" and values["入党介绍人"] == introducers
    assert values["确定发展对象时间"] == MEETINGS[7][1].isoformat()
    assert values["支部大会时间"] == ADMISSION.isoformat()
    assert values["上级审批时间"] == DATES[17].isoformat()

    # On a phone: the demo's applicant whose talk is overdue is talked to.
    waiting = Member.objects.get(organization=jiaze, name=OVERDUE_TALK)
    login(phone_page, secretary, password=DEMO_PASSWORD)
    phone_page.goto(url("development:person", waiting.pk))
    due = phone_page.locator("#pipeline-due")
    assert "已逾期：派人谈话" in due.inner_text()
    phone_page.locator("#step-2").get_by_role("link", name="记录").click()
    phone_page.fill("input[name=date]", TODAY.isoformat())
    phone_page.select_option("select[name=person_1]", label=talker.name)
    phone_page.get_by_role("button", name="保存").click()
    phone_page.locator("#step-2 .step-row").wait_for()
    assert talker.name in phone_page.locator("#step-2 .step-row").inner_text()
    assert phone_page.locator("#pipeline-due", has_text="派人谈话").count() == 0

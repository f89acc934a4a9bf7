"""Journey 3: the yearly report loop, both sides (desktop + phone).

The secretary creates last year's report, drafts section 一 from the records, writes 二 and 三 and
submits; the reviewer returns it with a comment on 二; the secretary sees it returned, with the
comment, on her home page, edits and resubmits; the reviewer compares the versions and approves
with a rating; the .docx downloads and opens with python-docx."""

import datetime

import docx

from reports.models import Report
from tests.clock import TODAY
from tests.factories import held, member

PROBLEMS_V1 = "党员教育的形式比较单一。"
PROBLEMS_V2 = "党员教育的形式比较单一，青年教师参与学习的积极性不高。"
PLANS = "每月开展一次主题党日，结合教学开展志愿服务。"


def accept_confirm_dialogs(page):
    """The report pages ask "确定提交吗？" (window.confirm) before irreversible steps."""
    page.on("dialog", lambda dialog: dialog.accept())


def test_report_loop_from_draft_to_approval_and_word_download(
    world, page, login, url, open_nav, download, snapshot
):
    year = TODAY.year - 1  # last year's report: its records are all past
    for name in ("王芳", "李强", "张敏"):
        member(world.branch_a, name)
    held(world.branch_a, "theme_day", datetime.date(year, 3, 10), topic="学习新修订的党章")
    held(world.branch_a, "lecture", datetime.date(year, 5, 20), topic="弘扬教育家精神")
    accept_confirm_dialogs(page)

    # Secretary: create last year's report from the 年度报告 menu.
    login(page, world.secretary_a)
    open_nav(page)
    page.locator("#mainNav").get_by_role("link", name="年度报告").click()
    page.get_by_role("link", name="新建或查看全部报告").click()
    page.get_by_label("年度").fill(str(year))
    page.get_by_role("button", name="创建草稿").click()
    page.get_by_role("heading", name="修改报告").wait_for()
    report = Report.objects.get(organization=world.branch_a)

    # Section 一 drafted from the records lists both; 二 and 三 are written by hand.
    page.get_by_role("button", name="根据台账生成第一部分").click()
    page.locator(".alert-success", has_text="已根据台账记录生成第一部分").wait_for()
    work = page.locator("#id_section_work").input_value()
    assert "学习新修订的党章" in work and "弘扬教育家精神" in work
    page.locator("#id_section_problems").fill(PROBLEMS_V1)
    page.locator("#id_section_plans").fill(PLANS)
    page.get_by_role("button", name="保存").click()
    page.locator(".alert-success", has_text="已保存").wait_for()
    page.get_by_role("link", name="返回报告").click()
    page.get_by_role("button", name="提交区教育局审阅").click()
    page.locator(".alert-success", has_text="已提交第 1 稿").wait_for()
    page.context.clear_cookies()

    # Reviewer: from the home page's queue to the report; returns it with a comment on 二.
    login(page, world.reviewer_d1)
    page.get_by_role("link", name="打开报告审阅").click()
    page.get_by_role("link", name=report.title).click()
    page.get_by_label("二、存在的主要问题和原因分析").fill("请分析问题的原因。")
    page.get_by_role("button", name="退回修改").click()
    page.locator(".alert-success", has_text="已退回修改").wait_for()
    page.context.clear_cookies()

    # Secretary: home says the report was returned, with the comment; she edits and resubmits.
    login(page, world.secretary_a)
    returned = page.locator(".report-home-returned")
    assert "被退回修改" in returned.inner_text()
    assert "请分析问题的原因。" in returned.inner_text()
    returned.get_by_role("link", name=report.title).click()
    page.get_by_role("heading", name="修改报告").wait_for()
    assert "请分析问题的原因。" in page.locator("main").inner_text()  # beside section 二
    snapshot(page, "returned")
    page.locator("#id_section_problems").fill(PROBLEMS_V2)
    page.get_by_role("button", name="保存").click()
    page.locator(".alert-success", has_text="已保存").wait_for()
    page.get_by_role("link", name="返回报告").click()
    page.get_by_role("button", name="重新提交").click()
    page.locator(".alert-success", has_text="已提交第 2 稿").wait_for()
    page.context.clear_cookies()

    # Reviewer: compares 第 1 稿 with 第 2 稿, then approves with a rating.
    login(page, world.reviewer_d1)
    page.goto(url("reports:detail", pk=report.pk))
    page.get_by_role("link", name="比较版本").click()
    page.get_by_role("heading", name="版本比较").wait_for()
    assert "青年教师参与学习的积极性不高" in page.locator(".report-diff ins").all_inner_texts()[0]
    snapshot(page, "diff")
    page.get_by_role("link", name="返回报告").click()
    page.get_by_label("较好").check()
    page.get_by_role("button", name="通过").click()
    page.locator(".alert-success", has_text="已通过，评定为“较好”").wait_for()

    # The Word file downloads and holds the title and the sections' text.
    path = download(page, lambda: page.get_by_role("link", name="下载 Word").click())
    assert path.suffix == ".docx"
    text = "\n".join(paragraph.text for paragraph in docx.Document(path).paragraphs)
    assert report.title in text
    assert PROBLEMS_V2 in text and PLANS in text and "学习新修订的党章" in text

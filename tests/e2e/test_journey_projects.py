"""Journey: a secretary creates a project, tags an existing record and files a new one into it,
and sees its figures; the yearly report's draft names the project with the same figures; the
district reviewer finds it on the district's projects page (desktop + phone)."""

import datetime
from decimal import Decimal

from projects.models import Project
from projects.selectors.figures import figures_for
from tests.clock import TODAY
from tests.factories import held, member


def test_project_from_plan_to_report_and_district(world, page, login, url, snapshot):
    year = TODAY.year - 1  # last year's project and report: every record is past
    for name in ("王芳", "李强", "张敏"):
        member(world.branch_a, name)
    held(
        world.branch_a,
        "study",
        datetime.date(year, 3, 10),
        topic="学习家庭教育促进法",
        hours=Decimal("2"),
    )

    # The secretary creates the project from the branch's page.
    login(page, world.secretary_a)
    page.goto(url("branches:organization", world.branch_a.pk))
    page.get_by_role("link", name="党建项目").click()
    page.get_by_role("link", name="新建项目").click()
    page.get_by_label("项目名称").fill("家校共育微项目")
    page.get_by_label("类型").select_option(label="微项目")
    page.get_by_label("项目目标").fill("党员教师与家委会一起办好家长学校")
    page.get_by_label("开始日期").fill(f"{year}-01-01")
    page.get_by_label("结束日期").fill(f"{year}-12-31")
    page.get_by_label("合作方").fill("家委会、社区")
    page.get_by_label("王芳").check()
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="家校共育微项目").wait_for()

    # Tags the study record filed earlier.
    page.get_by_role("link", name="关联已有记录").click()
    page.get_by_label("学习家庭教育促进法", exact=False).check()
    page.get_by_role("button", name="关联所选").click()
    page.locator(".alert-success", has_text="已关联 1 项").wait_for()

    # Files a new theme day from the project page and tags it on coming back.
    page.get_by_role("link", name="登记主题党日").click()
    page.locator("#id_date").fill(f"{year}-05-12")
    page.locator("#id_date").dispatch_event("change")
    page.wait_for_load_state("networkidle")
    page.get_by_label("主题").fill("家长学校开学第一课")
    page.get_by_role("button", name="保存").click()
    page.locator("#project-filed").get_by_role("button", name="关联到本项目").click()
    page.locator(".alert-success", has_text="已关联 1 项").wait_for()

    project = Project.objects.get(title="家校共育微项目")
    figures = figures_for([project])[project.pk]
    assert (figures.records, figures.people, figures.hours) == (2, 3, 6)
    shown = page.locator("#project-figures").inner_text()
    assert "活动记录 2 次" in shown and "参与 3 人" in shown and "时长 6 小时" in shown
    assert page.locator("#project-records").get_by_role("link").count() >= 2
    snapshot(page, "project")

    # The yearly report's draft names the project with the same figures.
    page.goto(url("reports:organization_reports", world.branch_a.pk))
    page.get_by_label("年度").fill(str(year))
    page.get_by_role("button", name="创建草稿").click()
    page.get_by_role("heading", name="修改报告").wait_for()
    page.get_by_role("button", name="根据台账生成第一部分").click()
    page.locator(".alert-success", has_text="已根据台账记录生成第一部分").wait_for()
    work = page.locator("#id_section_work").input_value()
    assert "“家校共育微项目”（微项目）：活动记录 2 次，参与 3 人，时长 6 小时" in work
    panel = page.locator("#report-projects")
    assert "活动记录 2 次" in panel.inner_text()
    page.context.clear_cookies()

    # The district's reviewer sees it on the district's projects page and marks it.
    login(page, world.reviewer_d1)
    page.goto(url("overview:district", world.district1.pk))
    page.get_by_role("link", name="党建项目").first.click()
    page.get_by_role("link", name="家校共育微项目").wait_for()
    assert "活动记录 2 次" in page.locator("main").inner_text()
    page.get_by_role("link", name="审阅", exact=True).first.click()
    page.get_by_label("评为区级优秀项目").check()
    page.get_by_label("审阅意见").fill("家校协同做得扎实，可在全区推广")
    page.get_by_role("button", name="保存审阅意见").click()
    page.locator(".alert-success", has_text="已保存审阅意见").wait_for()
    assert "区级优秀" in page.locator("main").inner_text()

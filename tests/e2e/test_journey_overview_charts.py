"""Browser journey: the reviewer opens 全区概览 from the menu, sees the matrix and, scrolling down, the
three charts drawn (ECharts loaded only then; no Content-Security-Policy violation), and clicks from
a missing cell to the calendar.
"""

import datetime

from tests.clock import TODAY
from tests.e2e.helpers import is_phone
from tests.factories import member, record


def test_reviewer_reads_the_overview_and_clicks_a_missing_cell(
    world, page, login, open_nav, snapshot
):
    member(world.branch_a, "王芳")
    year = TODAY.year - 1
    record(world.branch_a, "theme_day", datetime.date(year, 3, 10))
    login(page, world.reviewer_d1)
    open_nav(page)
    page.locator("#mainNav").get_by_role("link", name="全区概览").click()
    page.get_by_role("heading", name="合规矩阵").wait_for()
    page.get_by_label("年度", exact=True).fill(str(year))
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(f"**year={year}**")
    # ECharts (1 MB) is fetched only when the charts come near the viewport (on a phone they
    # are far below the matrix at first).
    if is_phone(page):
        assert not page.evaluate("'echarts' in window")
    for chart in ("#chart-by-kind", "#chart-attendance", "#chart-schools"):
        page.locator(chart).scroll_into_view_if_needed()
        page.locator(f"{chart} canvas").first.wait_for()
    snapshot(page, "charts")
    assert page.locator(".ov-kept").count() >= 1
    page.locator("td.ov-missing a").first.click()
    page.get_by_role("heading", name="龙虎塘第二实验小学党支部").first.wait_for()
    assert "/calendar/" in page.url

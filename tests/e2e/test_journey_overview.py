"""Journey 4: a district reviewer opens the overview and drills down from a figure and from a
table cell to the records behind them, then to one record's page, which is read-only for her
(desktop + phone)."""

import datetime

from tests import factories
from tests.clock import TODAY
from tests.factories import held, member


def test_reviewer_drills_down_from_overview_figure_and_cell_to_a_read_only_record(
    world, page, login, open_nav, snapshot
):
    year = TODAY.year - 1
    school_c = factories.SchoolFactory(district=world.district1, name="春江中心小学")
    branch_c = factories.OrganizationFactory(school=school_c, name="春江中心小学党支部")
    for branch, name in ((world.branch_a, "王芳"), (branch_c, "赵磊"), (world.branch_b, "孙丽")):
        member(branch, name)
    held(world.branch_a, "theme_day", datetime.date(year, 3, 10), topic="学习新修订的党章")
    held(world.branch_a, "lecture", datetime.date(year, 6, 18), topic="弘扬教育家精神")
    held(branch_c, "theme_day", datetime.date(year, 3, 22), topic="参观革命纪念馆")
    held(world.branch_b, "theme_day", datetime.date(year, 3, 5), topic="渝中区的主题党日")

    login(page, world.reviewer_d1)
    open_nav(page)
    page.locator("#mainNav").get_by_role("link", name="全区概览").click()
    page.get_by_role("heading", name="合规矩阵").wait_for()
    page.get_by_label("年度", exact=True).fill(str(year))
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(f"**year={year}**")

    # The figure "已开展活动记录" counts the district's three records; they are behind it.
    figure = page.locator("tr", has_text="已开展活动记录").get_by_role("link")
    assert figure.inner_text() == "3 条"
    figure.click()
    page.get_by_role("heading", name="已开展活动记录").wait_for()
    records = page.locator("table.overview-records tbody tr")
    assert records.count() == 3
    assert "渝中区的主题党日" not in page.locator("main").inner_text()
    page.go_back()

    # The cell 主题党日 × March of the monthly table: the two March theme days of the district.
    page.locator("details", has=page.locator("#table-by-kind")).locator("summary").click()
    row = page.locator("#table-by-kind tbody tr", has_text="主题党日")
    row.get_by_role("link", name="2", exact=True).first.click()
    page.get_by_role("heading", name="主题党日").wait_for()
    rows = page.locator("table.overview-records tbody tr")
    assert rows.count() == 2
    # Each record reads on one line, on a phone too (the table scrolls sideways instead).
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    assert rows.first.bounding_box()["height"] < 2 * line
    assert f"{year}年3月" in page.locator("main").inner_text()
    snapshot(page, "records")

    # One record's page: the facts the figure came from, read-only for the reviewer.
    page.get_by_role("link", name="参观革命纪念馆").click()
    page.get_by_role("heading", name="主题党日：参观革命纪念馆").wait_for()
    assert page.locator("main .badge", has_text="只读").is_visible()
    # Scoped to the page body and exact: the account menu's "修改密码" is a link too, and it
    # reads as visible when a loaded-down CI machine queries the page before its stylesheet applies.
    assert page.locator("main").get_by_role("link", name="修改", exact=True).count() == 0
    assert page.get_by_role("button", name="删除").count() == 0

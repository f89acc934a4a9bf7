"""Journey (issue 19): a district administrator imports a workbook of 3 schools with 4
organisations and their secretaries and prints the credential sheet; one new secretary logs in,
must change the password, imports a roster in /admin/ and files a meeting; the district overview
shows the new school; the district administrator cannot see another district (desktop + phone)."""

import io

import docx
from openpyxl import Workbook

from branches.models import Activity, Member, Organization
from tests import factories
from tests.onboarding.workbooks import GOOD_ROWS, workbook
from tests.roster_import import HEADERS as ROSTER_HEADERS
from tests.roster_import import ROWS as ROSTER_ROWS

NEW_PASSWORD = "Chunjiang!2026x"


def _save(path, stream):
    path.write_bytes(stream.getvalue())
    return path


def _roster(path):
    book = Workbook()
    sheet = book.active
    sheet.append(ROSTER_HEADERS)
    for row in ROSTER_ROWS:
        fixed = row[:]
        fixed[2] = fixed[2].replace("1986-02-30", "1986-02-28")
        fixed[5] = ""  # the new branch has no party groups yet
        sheet.append(fixed)
    book.save(path)
    return path


def test_district_admin_onboards_schools_and_a_new_secretary_gets_going(
    world, page, browser, viewport, login, url, open_nav, download, tmp_path, snapshot
):
    admin = factories.UserFactory(username="admin_xinbei", display_name="新北区管理员")
    factories.DistrictAdministratorFactory(user=admin, district=world.district1)

    # The district administrator: home -> the district's page -> the import.
    login(page, admin)
    page.get_by_role("link", name="学校、党组织与账号").click()
    page.get_by_role("link", name="批量开通（导入工作簿）").click()
    page.get_by_label("开通工作簿（Excel .xlsx 或 CSV）").set_input_files(
        _save(tmp_path / "开通.xlsx", workbook(GOOD_ROWS))
    )
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_text("检查通过：3 所学校、4 个党组织、3 个书记账号").wait_for()
    snapshot(page, "preview")
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("已开通 3 所学校的 4 个党组织和 3 个账号").wait_for()
    assert Organization.objects.filter(school__district=world.district1).count() == 5

    # The credential sheet: one slip per new account (they never logged in: ticked already).
    sheet = download(
        page, lambda: page.get_by_role("button", name="发放初始密码并下载账号通知单").click()
    )
    document = docx.Document(io.BytesIO(sheet.read_bytes()))
    slips = {
        slip["用户名"]: slip
        for slip in (
            {row.cells[0].text: row.cells[1].text for row in table.rows}
            for table in document.tables
        )
    }
    assert {"sec_chunjiang", "sec_baicaoyuan", "sec_weicun"} <= set(slips)
    slip = slips["sec_chunjiang"]
    assert slip["组织/学校"] == "春江小学党支部" and slip["登录地址"].endswith("/accounts/login/")

    # Another district is not the administrator's; nor are the records of their own.
    page.goto(url("onboarding:district", pk=world.district2.pk))
    assert "大坪小学" not in page.content()
    page.goto(url("overview:district", pk=world.district1.pk))
    assert "春江小学" not in page.content()

    # The new secretary logs in with the slip, and must change the password first.
    context = browser.new_context(locale="zh-CN", viewport=page.viewport_size)
    secretary = context.new_page()
    secretary.goto(slip["登录地址"])
    secretary.get_by_label("用户名").fill("sec_chunjiang")
    secretary.get_by_label("密码").fill(slip["初始密码"])
    secretary.get_by_role("button", name="登录").click()
    secretary.get_by_text("首次登录须修改密码").wait_for()
    secretary.goto(url("home"))
    assert secretary.url == url("password_change")
    secretary.locator("#id_old_password").fill(slip["初始密码"])
    secretary.locator("#id_new_password1").fill(NEW_PASSWORD)
    secretary.locator("#id_new_password2").fill(NEW_PASSWORD)
    secretary.get_by_role("button", name="保存新密码").click()
    secretary.get_by_text("密码已修改").wait_for()

    # A role is enough: the roster import in /admin/, with no staff flag handed out.
    branch = Organization.objects.get(name="春江小学党支部")
    secretary.goto(url("branches:members", pk=branch.pk))
    secretary.get_by_role("link", name="从 Excel 导入").click()
    secretary.locator("#id_import_file").set_input_files(_roster(tmp_path / "名册.xlsx"))
    secretary.locator("#id_format").select_option(label="xlsx")
    secretary.get_by_role("button", name="提交").click()
    secretary.locator("input[name=confirm]").click()
    secretary.locator(".messagelist .success").wait_for()
    assert Member.objects.filter(organization=branch).count() == 3

    # ... and files a 主题党日 for the imported members.
    secretary.goto(url("branches:activity_create", branch.pk, "theme_day"))
    secretary.get_by_label("主题").fill("学习新修订的党章")
    secretary.get_by_role("button", name="保存").click()
    secretary.get_by_role("heading", name="主题党日：学习新修订的党章").wait_for()
    assert Activity.objects.filter(organization=branch).count() == 1
    context.close()

    # The district's reviewer finds the new school in the district overview.
    reviewer = browser.new_context(locale="zh-CN", viewport=page.viewport_size).new_page()
    login(reviewer, world.reviewer_d1)
    reviewer.goto(url("overview:district", pk=world.district1.pk))
    matrix_row = reviewer.locator("th.ov-org", has_text="春江小学党支部")
    matrix_row.wait_for()
    assert "春江小学" in matrix_row.locator("xpath=..").inner_text()
    snapshot(reviewer, "overview")
    reviewer.context.close()

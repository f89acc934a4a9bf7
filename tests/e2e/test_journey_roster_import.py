"""Journey 2: a secretary with the roster permissions imports a roster workbook in /admin/, sees a
bad row rejected with its Excel row number and reason, fixes the file, imports, confirms, and
finds the members on the roster page (desktop + phone)."""

from openpyxl import Workbook

from branches.models import Member
from tests.roster_import import HEADERS, ROWS


def workbook(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def upload(page, path):
    page.locator("#id_import_file").set_input_files(path)
    page.locator("#id_format").select_option(label="xlsx")
    page.get_by_role("button", name="提交").click()


def test_secretary_imports_roster_workbook_fixing_a_bad_row_first(
    world, page, login, url, open_nav, tmp_path, snapshot
):
    # A role is enough (branches.backends): no staff flag or group is handed out first.
    login(page, world.secretary_a)

    # From the roster page to the admin's import form.
    open_nav(page)
    page.locator("#mainNav").get_by_role("link", name="党员名册").click()
    page.get_by_role("link", name="从 Excel 导入").click()
    page.locator("#id_import_file").wait_for()
    # Her only branch is chosen already; other branches are not offered.
    organization = page.locator("#id_organization")
    assert organization.input_value() == str(world.branch_a.pk)
    assert "大坪小学" not in organization.inner_text()

    # A workbook with an impossible birth date in Excel row 3: nothing is saved.
    upload(page, workbook(tmp_path / "名册-有误.xlsx", ROWS))
    errors = page.locator(".roster-import-errors")
    errors.wait_for()
    assert page.locator("input[name=confirm]").count() == 0
    bad = errors.locator("tr", has_text="第 3 行")
    assert "出生日期" in bad.inner_text() and "不是真实存在的日期" in bad.inner_text()
    assert errors.locator("tr", has_text="第 2 行").count() == 0
    assert not Member.objects.filter(organization=world.branch_a).exists()
    snapshot(page, "rejected")

    # The fixed file previews cleanly; confirming imports all three.
    fixed = [row[:] for row in ROWS]
    fixed[1][2] = "1986-02-28"
    upload(page, workbook(tmp_path / "名册.xlsx", fixed))
    snapshot(page, "preview")
    page.locator("input[name=confirm]").click()
    page.locator(".messagelist .success").wait_for()
    assert Member.objects.filter(organization=world.branch_a).count() == 3

    # The roster page lists them with the derived counts (all full members, masked phones).
    page.goto(url("branches:members", pk=world.branch_a.pk))
    page.get_by_role("heading", name="龙虎塘第二实验小学党支部 · 党员名册").wait_for()
    main = page.locator("main")
    for name in ("周建国", "吴晓梅", "郑海燕"):
        main.get_by_text(name).first.wait_for()
    assert page.locator("#count-full").inner_text() == "3"
    assert "13912345678" not in main.inner_text(), "phone numbers are masked on the roster"

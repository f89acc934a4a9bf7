"""Every spreadsheet the portal writes stores user text as text: a roster cell or a record topic
that looks like a formula comes back from every export as the user's text, never a formula."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches.services.roster import grant_roster_admin
from portal import spreadsheets
from tests import factories
from tests.factories import PAST_YEAR as YEAR
from tests.factories import MemberFactory, record

DANGEROUS = [
    '=HYPERLINK("http://x/","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＠SUM(1)",
    " =1+1",
]


def xlsx_cells(content):
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text_not_formulas(cells, texts):
    formulas = [(cell.coordinate, cell.value) for cell in cells if cell.data_type == "f"]
    assert formulas == []
    values = {cell.value for cell in cells}
    assert set(texts) <= values, set(texts) - values
    for cell in cells:
        if cell.value in texts:
            assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)


@pytest.fixture
def roster(world):
    for text in DANGEROUS:
        MemberFactory(organization=world.branch_a, name=text, work_unit=text, notes=text)
    grant_roster_admin(user=world.secretary_a)


def test_the_portal_roster_export_keeps_formula_like_text_as_text(world, client_for, roster):
    client = client_for(world.secretary_a)
    response = client.get(reverse("branches:members_export", args=[world.branch_a.pk]))
    assert_text_not_formulas(xlsx_cells(response.getvalue()), DANGEROUS)


def admin_export(client, file_format):
    url = reverse("admin:branches_member_export")
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial}
    data = {name: "on" if value is True else value for name, value in data.items()}
    response = client.post(url, {**data, "format": file_format})
    assert response.status_code == 200
    return response


def test_the_admin_roster_export_keeps_formula_like_text_as_text(world, client_for, roster):
    client = client_for(world.secretary_a)
    assert_text_not_formulas(xlsx_cells(admin_export(client, "0").content), DANGEROUS)


def test_the_admin_roster_csv_export_quotes_formula_like_text(world, client_for, roster):
    client = client_for(world.secretary_a)
    text = admin_export(client, "1").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    names = [row[rows[0].index("姓名")] for row in rows[1:]]
    # OWASP: a leading single quote; Excel and WPS show the text without it.
    assert sorted(names) == sorted("'" + name for name in DANGEROUS)


def test_a_csv_export_comes_back_unchanged_through_the_csv_import(world, client_for, roster):
    client = client_for(world.secretary_a)
    exported = admin_export(client, "1").content
    upload = io.BytesIO(exported)
    upload.name = "名册.csv"
    response = client.post(
        reverse("admin:branches_member_import"),
        {"organization": world.branch_a.pk, "format": "1", "resource": "0", "import_file": upload},
    )
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    # Every row matched and unchanged (the import trims spaces around a value, as it always has).
    assert result.totals["skip"] == len([text for text in DANGEROUS if text == text.strip()])


def test_the_ledger_export_keeps_formula_like_topics_as_text(world, client_for):
    for day, text in enumerate(DANGEROUS, start=1):
        record(world.branch_a, "theme_day", datetime.date(2026, 3, day), topic=text, place=text)
    response = client_for(world.secretary_a).get(
        reverse("branches:ledger_export", args=[world.branch_a.pk, "xlsx"]) + "?year=2026"
    )
    assert_text_not_formulas(xlsx_cells(b"".join(response.streaming_content)), DANGEROUS)


def test_the_overview_export_keeps_formula_like_names_as_text(world, client_for):
    for text in DANGEROUS:
        school = factories.SchoolFactory(district=world.district1, name=text)
        factories.OrganizationFactory(school=school, name=text)
    response = client_for(world.reviewer_d1).get(
        reverse("overview:export", args=[world.district1.pk]), {"year": YEAR}
    )
    assert_text_not_formulas(xlsx_cells(b"".join(response.streaming_content)), DANGEROUS)


@pytest.mark.parametrize("text", DANGEROUS)
def test_the_writer_helpers_keep_the_users_text(text):
    from openpyxl import Workbook

    for write_only in (False, True):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("表") if write_only else book.active
        spreadsheets.append(sheet, [text, 1, None, datetime.date(2026, 1, 2)])
        buffer = io.BytesIO()
        book.save(buffer)
        cell = xlsx_cells(buffer.getvalue())[0]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert spreadsheets.csv_unquote(spreadsheets.csv_value(text)) == text


def test_ordinary_text_and_numbers_are_written_as_they_are():
    assert spreadsheets.csv_value("王芳") == "王芳"
    assert spreadsheets.csv_value("0519-86123456") == "0519-86123456"
    assert spreadsheets.csv_value(12) == 12
    assert spreadsheets.csv_unquote("'王芳") == "'王芳"  # a quote the user typed stays


# Writing a sheet or a CSV by hand would bypass the helpers above.
WRITERS = re.compile(
    r"\bcsv\.writer\(|\bbase_formats\.(XLSX|CSV)\b|\bdataset\.(xlsx|csv)\b|\b(sheet|ws)\.append\("
)


def test_every_spreadsheet_writer_of_the_project_uses_the_helpers():
    root = Path(__file__).resolve().parents[2]
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for app in ("portal", "branches", "reports")
        for path in (root / app).rglob("*.py")
        if path != root / "portal" / "spreadsheets.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WRITERS.search(line)
    ]
    assert offenders == []

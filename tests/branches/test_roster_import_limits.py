"""A workbook cannot tie up a worker: the import reads only the cells that exist, refuses a file
past its caps (bytes, unpacked size, columns, rows) with a Chinese message naming the cap, and
its preview runs a number of queries that does not grow with the rows."""

import datetime
import io
import re
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from branches.models import ImportPreview, Member
from portal import spreadsheets
from tests.factories import IMPORT_HEADERS as HEADERS
from tests.factories import MemberFactory, good_row, good_rows, make_id_number, workbook
from tests.roster_import import upload


def many_rows(count):
    """Valid rows of new members 导入0号, 导入1号, ... (HEADERS' columns)."""
    rows = []
    for n in range(count):
        row = good_row(n % 20)
        row[0] = f"导入{n}号"
        row[6] = make_id_number(row[2], region="320483", sequence=n // 20 + 1)
        rows.append(row)
    return rows


def post(client, world, data, name="名册.xlsx", file_format="0"):
    upload_file = io.BytesIO(data)
    upload_file.name = name
    return client.post(
        reverse("admin:branches_member_import"),
        {
            "organization": world.branch_a.pk,
            "format": file_format,
            "resource": "0",
            "import_file": upload_file,
        },
    )


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def peak_memory_of(action):
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def with_dimension(data, ref):
    """The same workbook with its sheet's declared size replaced (what a crafted file does)."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), content
                )
            out.writestr(item, content)
    return target.getvalue()


def test_a_workbook_with_a_cell_at_XFD6000_is_refused_quickly_naming_the_column_cap(
    world, secretary
):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(good_rows()[0])
    sheet["XFD6000"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    response, peak = peak_memory_of(lambda: post(secretary, world, buffer.getvalue()))
    assert response.status_code == 200
    text = text_of(response)
    assert "最多 50 列" in text and "第 6000 行第 XFD 列" in text
    assert response.context.get("confirm_form") is None
    assert peak < 40 * 1024 * 1024, peak  # the whole declared range took 830 MB
    assert not Member.objects.exists()


def test_a_workbook_that_only_declares_A1_XFD6000_is_read_by_its_real_cells(world, secretary):
    data = with_dimension(workbook(good_rows()).getvalue(), "A1:XFD6000")
    assert len(data) < 10_000
    response, peak = peak_memory_of(lambda: post(secretary, world, data))
    assert response.context["confirm_form"] is not None, text_of(response)[:2000]
    assert response.context["result"].totals["new"] == 3
    assert peak < 40 * 1024 * 1024, peak


def test_a_workbook_over_the_row_cap_is_refused_naming_the_cap(world, secretary, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 20)
    response = upload(secretary, world, many_rows(21))
    text = text_of(response)
    assert "表格最多 20 行数据" in text and "第 22 行还有内容" in text
    assert response.context.get("confirm_form") is None
    assert not Member.objects.exists() and not ImportPreview.objects.exists()


def test_a_workbook_at_the_row_cap_is_accepted(world, secretary, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 20)
    rows = many_rows(20) + [[None] * len(HEADERS)] * 30  # blank rows below
    response = upload(secretary, world, rows)
    assert response.context["confirm_form"] is not None
    assert response.context["result"].totals["new"] == 20


def test_the_default_caps_are_named_in_the_messages():
    assert "5000 行" in str(spreadsheets._too_long(5002))
    assert "50 列" in str(spreadsheets._too_wide(1, 51))


def test_a_csv_over_the_row_cap_is_refused(world, secretary, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 5)
    lines = [",".join(HEADERS)] + [f"党员{n},男" for n in range(6)]
    response = post(secretary, world, "\n".join(lines).encode(), "名册.csv", "1")
    assert "表格最多 5 行数据" in text_of(response)
    assert not Member.objects.exists()


def test_a_gbk_csv_from_excel_is_read(world, secretary):
    lines = [",".join(HEADERS[:2]), "王芳,女"]
    response = post(secretary, world, "\n".join(lines).encode("gbk"), "名册.csv", "1")
    assert response.context["confirm_form"] is not None
    assert "王芳" in response.content.decode()


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(world, secretary, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UPLOAD_BYTES", 1024 * 1024)
    response = post(secretary, world, b"x" * (1024 * 1024 + 1))
    assert "文件太大（1.0 MB），导入的文件最大 1 MB" in text_of(response)
    assert not ImportPreview.objects.exists()


def test_a_workbook_that_unpacks_too_large_is_refused(world, secretary, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active["A2"] = "党" * 30_000  # compresses to almost nothing
    for row in range(3, 40):
        book.active.cell(row, 1, "党" * 30_000)
    buffer = io.BytesIO()
    book.save(buffer)
    response = post(secretary, world, buffer.getvalue())
    assert "解压后超过 2 MB" in text_of(response)


def test_a_file_that_is_not_a_workbook_gets_a_chinese_message(world, secretary):
    response = post(secretary, world, b"PK\x03\x04 not really a zip")
    assert "不是 Excel（.xlsx）文件" in text_of(response)
    response = post(secretary, world, bytes(range(256)) * 4, "名册.csv", "1")
    assert response.status_code == 200 and "Traceback" not in response.content.decode()


# Session, user, the user's permissions (2), role rows (2), organisations under the user's, the
# organisations of the form (three: the count, the choices, the chosen one), the dry run in a
# savepoint that is rolled back (3: savepoint, rollback, release) reading the branch's members
# and its groups (2), keeping the preview (3: expired ones dropped, the user's older ones, the
# new one).
PREVIEW_QUERIES = 18


def test_the_preview_runs_the_same_queries_for_few_and_many_rows(
    world, secretary, django_assert_num_queries
):
    for n in range(3):
        MemberFactory(organization=world.branch_a, name=f"导入{n}号")  # updated by name
    for rows in (5, 60):
        ImportPreview.objects.all().delete()
        with django_assert_num_queries(PREVIEW_QUERIES):
            response = upload(secretary, world, many_rows(rows))
        assert response.context["confirm_form"] is not None, text_of(response)[:3000]


def test_the_preview_lists_the_first_rows_and_counts_them_all(world, secretary):
    rows = many_rows(205)
    response = upload(secretary, world, rows)
    text = text_of(response)
    assert "共 205 行，全部无误：新增 205 人" in text
    assert "下表只列出前 200 行" in text
    assert "导入199号" in text and "导入204号" not in text


def test_a_later_row_naming_a_new_member_of_an_earlier_row_is_the_same_person(world, secretary):
    rows = good_rows()[:1]
    rows.append(["钱志林", "男", None, "", "", "", "", None, None, None])
    text = text_of(upload(secretary, world, rows))
    assert "与第 2 行是同一个人" in text


def test_a_row_giving_a_member_another_members_id_number_is_refused(world, secretary):
    taken = good_rows()[0][6]
    MemberFactory(organization=world.branch_a, name="原持有人", id_number=taken)
    other = MemberFactory(
        organization=world.branch_a, name="改号人", birth_date=datetime.date(1968, 3, 5)
    )
    headers = ["编号", "姓名", "身份证号"]
    text = text_of(upload(secretary, world, [[other.pk, "改号人", taken]], headers=headers))
    assert "本组织已有党员使用这个身份证号" in text
    assert Member.objects.get(pk=other.pk).id_number == other.id_number


@pytest.mark.parametrize("number", ["99999999999999999999", "1e400", "abc"])
def test_a_huge_or_bad_member_number_is_a_row_error(world, secretary, number):
    text = text_of(upload(secretary, world, [[number, "王芳"]], headers=["编号", "姓名"]))
    assert "本党组织没有编号为" in text

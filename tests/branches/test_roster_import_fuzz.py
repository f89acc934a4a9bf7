"""The roster Excel import (admin), fed workbooks with random cell contents.

Whatever the cells hold, the import answers with a page (never a 500); a file with bad rows
names every bad row with its Excel row number and a Chinese reason and saves nothing; a file
the preview accepts is saved whole on confirmation.
"""

import datetime
import io
import re

from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from branches.models import Member
from tests.factories import IMPORT_HEADERS as HEADERS
from tests.factories import good_row
from tests.roster_import import confirm, upload

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CJK = re.compile("[\u4e00-\u9fff]")

cell_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40).map(
        lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)
    ),
    # openpyxl reads _xHHHH_ as the character U+HHHH: control characters reach the import.
    st.sampled_from(["_x0000_", "_x0001_名", "王_x001F_", "_xFFFF_", "a\tb", "x\r\ny"]),
    st.builds(lambda n: "党" * n, st.integers(51, 40_000)),
    st.sampled_from(["", " ", "是", "否", "男", "女", "未知", "第一党小组", "第九党小组"]),
    st.sampled_from(["1975-02-30", "0001-01-01", "9999-12-31", "2001年7月1日", "1990/13/1"]),
)
cell = st.one_of(
    cell_text,
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31)),
    st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
)


@st.composite
def workbook_rows(draw):
    """A few good rows, some with cells replaced by random contents, and some random rows."""
    rows = [good_row(n) for n in range(draw(st.integers(0, 3)))]
    for row in rows:
        for column in draw(st.sets(st.integers(0, len(HEADERS) - 1), max_size=3)):
            row[column] = draw(cell)
    rows += draw(st.lists(st.lists(cell, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=2))
    return rows


def bad_row_numbers(result):
    numbers = {number for number, _errors in result.row_errors()}
    return numbers | {row.number for row in result.invalid_rows}


def messages_of(result):
    for _number, errors in result.row_errors():
        yield from (str(error.error) for error in errors)
    for row in result.invalid_rows:
        for messages in row.error_dict.values():
            yield from (str(message) for message in messages)


# Found by the fuzzer: two rows of one name with different ID numbers are two people.
NAMESAKES = [
    ["王_x001F_", "男", datetime.date(1970, 3, 5), "嘉泽中心小学", "第一党小组", "13806120001",
     "320483197003050118", datetime.date(1995, 6, 1), datetime.date(1996, 6, 1), "否"],
    ["王_x001F_", "男", datetime.date(1971, 3, 5), "嘉泽中心小学", "第一党小组", "13806120001",
     "320483197103050211", datetime.date(1996, 6, 1), datetime.date(1997, 6, 1), "否"],
]  # fmt: skip


@FUZZ
@given(rows=workbook_rows())
@example(rows=NAMESAKES)
def test_import_of_random_cells_reports_each_bad_row_in_chinese_and_is_all_or_nothing(
    world, secretary, rows
):
    Member.objects.all().delete()
    response = upload(secretary, world, rows)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Traceback" not in body
    result = response.context.get("result")
    if response.context.get("confirm_form") is None:
        assert not Member.objects.exists()
        if result is not None:
            for number in bad_row_numbers(result):
                assert f"第 {number + 1} 行" in body
            for message in messages_of(result):
                assert CJK.search(message), message
        return
    assert not Member.objects.exists(), "the preview must not save anything"
    assert confirm(secretary, response).status_code == 302
    new_rows = [row for row in rows if str(row[0] or "").strip()]
    # Rows of one name are one member, unless they carry different ID numbers: namesakes are
    # two people (the import tells them apart by 身份证号). So at least one member per name and
    # at most one per row.
    names = {str(row[0]).strip() for row in new_rows}
    assert len(names) <= Member.objects.count() <= len(new_rows)


def upload_csv(client, world, rows):
    lines = [",".join(HEADERS), *(",".join(str(cell or "") for cell in row) for row in rows)]
    data = io.BytesIO("\n".join(lines).encode("utf-8"))
    data.name = "名册.csv"
    return client.post(
        reverse("admin:branches_member_import"),
        {"organization": world.branch_a.pk, "format": "1", "resource": "0", "import_file": data},
    )


def test_control_characters_in_a_cell_are_a_chinese_error_not_a_saved_member(world, secretary):
    # Saved, they broke every later Excel export of the roster (XML forbids them).
    response = upload_csv(secretary, world, [["王\x01芳", *good_row(1)[1:]]])
    body = response.content.decode()
    assert response.context.get("confirm_form") is None
    assert "第 2 行" in body and "控制字符" in body
    assert not Member.objects.exists()


@FUZZ
@given(names=st.lists(cell_text, min_size=1, max_size=3))
def test_csv_import_of_random_text_never_crashes_and_is_all_or_nothing(world, secretary, names):
    Member.objects.all().delete()
    rows = [[re.sub('[,\r\n"]', " ", name), *good_row(n)[1:]] for n, name in enumerate(names)]
    response = upload_csv(secretary, world, rows)
    assert response.status_code == 200
    if response.context.get("confirm_form") is None:
        assert not Member.objects.exists()
    else:
        assert confirm(secretary, response).status_code == 302
        secretary.get(reverse("admin:branches_member_changelist"))
        assert Member.objects.count() == len(rows)

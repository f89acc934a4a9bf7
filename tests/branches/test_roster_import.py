"""Excel import and export of a roster through /admin/, as a secretary would do it."""

import datetime
import io
import re

import openpyxl
from django.urls import reverse

from branches.models import Member
from tests.factories import MemberFactory, good_rows, workbook
from tests.roster_import import confirm, upload

D = datetime.date


def test_secretary_imports_a_roster_made_with_chinese_headers_after_a_preview(world, secretary):
    response = upload(secretary, world, good_rows())
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert not Member.objects.exists(), "the preview must not save anything"
    body = response.content.decode()
    assert "钱志林" in body and "3204**********" in body  # preview masks 身份证号

    response = confirm(secretary, response)
    assert response.status_code == 302
    members = {m.name: m for m in Member.objects.filter(organization=world.branch_a)}
    assert set(members) == {"钱志林", "吴娟萍", "申月娥"}
    assert members["吴娟萍"].is_delegate and members["吴娟萍"].full_date == D(2001, 7, 1)
    assert members["申月娥"].phone == "13806120003" and members["申月娥"].group.name == "第一党小组"
    assert members["钱志林"].history.first().history_user == world.secretary_a

    # The counts on the roster page match the file: 3 members, 2 full, 1 probationary.
    page = secretary.get(reverse("branches:members", args=[world.branch_a.pk]))
    counts = page.context["counts"]
    assert (counts.party_members, counts.full, counts.probationary) == (3, 2, 1)


def test_every_bad_row_is_reported_with_its_excel_row_number_and_nothing_is_saved(world, secretary):
    rows = good_rows()
    rows[0][6] = rows[0][6][:17] + ("0" if rows[0][6][17] != "0" else "1")  # wrong check digit
    rows[1][2] = "1975-02-30"  # impossible date
    rows[2][7], rows[2][8] = D(2014, 6, 1), D(2013, 6, 1)  # full before admission
    rows.append(["赵六", "未知", None, "", "第九党小组", "12345", "", None, None, "也许"])
    response = upload(secretary, world, rows)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert not Member.objects.exists()
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "有 4 行数据有误" in text
    for row in (2, 3, 4, 5):
        assert f"第 {row} 行" in text
    assert "校验位不正确" in text
    assert "“1975-02-30”不是真实存在的日期" in text
    assert "转为正式党员日期不能早于接收为预备党员日期" in text
    assert "没有名为“第九党小组”的党小组" in text
    assert "“未知”不是可选值" in text
    assert "请填写“是”或“否”" in text


def test_a_file_without_a_name_column_is_refused_with_a_clear_message(world, secretary):
    response = upload(secretary, world, [["男", "13806120001"]], headers=["性别", "联系电话"])
    text = response.content.decode()
    assert "表头缺少“姓名”列" in text
    assert "Traceback" not in text
    assert not Member.objects.exists()


def test_a_file_that_is_not_a_workbook_does_not_crash(world, secretary):
    bad = io.BytesIO(b"this is not an excel file")
    bad.name = "名册.xlsx"
    response = secretary.post(
        reverse("admin:branches_member_import"),
        {"organization": world.branch_a.pk, "format": "0", "resource": "0", "import_file": bad},
    )
    assert response.status_code == 200
    assert not Member.objects.exists()


def test_a_true_or_false_cell_in_a_text_column_is_a_row_error(world, secretary):
    rows = good_rows()[:1]
    rows[0][0] = (
        False  # found by tests/branches/test_roster_import_fuzz.py: it was saved as a member "False"
    )
    response = upload(secretary, world, rows)
    assert "逻辑值（TRUE/FALSE）" in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Member.objects.exists()


def test_the_same_person_twice_in_a_file_is_reported(world, secretary):
    rows = good_rows()
    rows.append(list(rows[0]))
    response = upload(secretary, world, rows)
    assert "与第 2 行是同一个人" in response.content.decode()
    assert not Member.objects.exists()


def test_an_id_number_stored_as_an_excel_number_is_reported(world, secretary):
    rows = good_rows()[:1]
    rows[0][6] = 320483196803050011.0
    response = upload(secretary, world, rows)
    assert "后几位已丢失" in response.content.decode()


def test_a_secretary_cannot_import_into_another_branch(world, secretary):
    response = secretary.post(
        reverse("admin:branches_member_import"),
        {
            "organization": world.branch_b.pk,
            "format": "0",
            "resource": "0",
            "import_file": workbook(good_rows()),
        },
    )
    assert response.context.get("confirm_form") is None
    assert not Member.objects.exists()


def test_a_tampered_confirm_step_cannot_switch_to_another_branch(world, secretary):
    response = upload(secretary, world, good_rows())
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data["organization"] = world.branch_b.pk
    secretary.post(reverse("admin:branches_member_process_import"), data)
    assert not Member.objects.filter(organization=world.branch_b).exists()


def test_export_masks_personal_data_and_reimporting_it_changes_nothing(world, secretary):
    upload_response = upload(secretary, world, good_rows())
    confirm(secretary, upload_response)
    stored = {m.name: (m.id_number, m.phone) for m in Member.objects.all()}

    response = secretary.get(reverse("branches:members_export", args=[world.branch_a.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    exported = response.getvalue()
    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    rows = list(sheet.values)
    headers = list(rows[0])
    assert headers[:3] == ["编号", "姓名", "性别"] and "当前阶段" in headers
    id_column, phone_column = headers.index("身份证号"), headers.index("联系电话")
    for row in rows[1:]:
        assert "**********" in row[id_column]
        assert "****" in row[phone_column]

    # Bring the exported file straight back: every row matches, nothing is created or changed.
    buffer = io.BytesIO(exported)
    buffer.name = "导出.xlsx"
    again = secretary.post(
        reverse("admin:branches_member_import"),
        {"organization": world.branch_a.pk, "format": "0", "resource": "0", "import_file": buffer},
    )
    assert again.context["confirm_form"] is not None, again.content.decode()[:3000]
    confirm(secretary, again)
    assert Member.objects.count() == 3
    assert {m.name: (m.id_number, m.phone) for m in Member.objects.all()} == stored


def test_import_updates_an_existing_member_found_by_name(world, secretary):
    member = MemberFactory(
        organization=world.branch_a, name="钱志林", birth_date=D(1968, 3, 5), gender="M"
    )
    rows = good_rows()[:1]
    response = upload(secretary, world, rows)
    confirm(secretary, response)
    member.refresh_from_db()
    assert member.phone == "13806120001"
    assert Member.objects.count() == 1

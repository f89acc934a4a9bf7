"""Bulk onboarding: one workbook of schools, organisations and secretaries, previewed, every bad
row named in Chinese, imported all or nothing; the accounts get their slips and must change the
password at first login."""

import io

import docx
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from branches.models import Organization, OrganizationRole, School
from onboarding.models import AccountContact, OnboardingPreview
from portal.models import PasswordChangeRequired
from tests.onboarding.workbooks import GOOD_ROWS, workbook

User = get_user_model()


def _upload(client, world, rows, **kwargs):
    url = reverse("onboarding:upload", args=[world.district1.pk])
    return client.post(url, {"workbook": workbook(rows, **kwargs)})


def _confirm(client, world, response):
    token = response.context["confirm"].initial["token"]
    return client.post(reverse("onboarding:confirm", args=[world.district1.pk]), {"token": token})


def test_preview_then_confirm_creates_everything(world, district_admin, client_for):
    client = client_for(district_admin)
    preview = _upload(client, world, GOOD_ROWS)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "检查通过：3 所学校、4 个党组织、3 个书记账号" in body
    assert not School.objects.filter(name="春江小学").exists()  # nothing before confirming

    response = _confirm(client, world, preview)
    assert response.status_code == 302
    assert (
        School.objects.filter(
            district=world.district1, name__in=["春江小学", "百草园小学", "魏村中心小学"]
        ).count()
        == 3
    )
    committee = Organization.objects.get(name="百草园小学党委")
    branch = Organization.objects.get(name="百草园小学第一党支部")
    assert committee.kind == Organization.Kind.COMMITTEE and branch.parent == committee
    baicao = User.objects.get(username="sec_baicaoyuan")
    assert baicao.display_name == "赵百草" and not baicao.has_usable_password()
    assert set(
        OrganizationRole.objects.filter(user=baicao).values_list("organization__name", flat=True)
    ) == {
        "百草园小学党委",
        "百草园小学第一党支部",
    }
    assert AccountContact.objects.get(user=baicao).phone == "13812340002"
    assert not OnboardingPreview.objects.exists()

    page = client.get(reverse("onboarding:district", args=[world.district1.pk])).content.decode()
    assert "百草园小学第一党支部" in page
    assert "138****0002" in page and "13812340002" not in page  # the phone masked


def test_credential_sheet_issues_passwords_that_must_be_changed(
    world, district_admin, client_for, client
):
    admin_client = client_for(district_admin)
    _confirm(admin_client, world, _upload(admin_client, world, GOOD_ROWS))
    users = User.objects.filter(username__in=["sec_chunjiang", "sec_weicun"])
    response = admin_client.post(
        reverse("onboarding:credentials", args=[world.district1.pk]),
        {"users": [u.pk for u in users]},
    )
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    slips = [
        {row.cells[0].text: row.cells[1].text for row in table.rows} for table in document.tables
    ]
    assert [slip["用户名"] for slip in slips] == ["sec_chunjiang", "sec_weicun"]
    assert slips[0]["组织/学校"] == "春江小学党支部"
    assert PasswordChangeRequired.objects.filter(user__in=users).count() == 2

    client.logout()
    client.post(reverse("login"), {"username": "sec_chunjiang", "password": slips[0]["初始密码"]})
    assert client.get(reverse("home"))["Location"] == reverse("password_change")


def test_credentials_refuse_accounts_outside_the_district(world, district_admin, client_for):
    client = client_for(district_admin)
    for user in [world.secretary_b, world.reviewer_d1, world.admin]:
        response = client.post(
            reverse("onboarding:credentials", args=[world.district1.pk]), {"users": [user.pk]}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("pass-for-tests-2026")
    assert not PasswordChangeRequired.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["", "某党支部", "", "", "", "", ""], "学校不能为空"),
        (["某小学", "", "", "", "", "", ""], "党组织名称不能为空"),
        (["某小学", "某党支部", "支部", "", "", "", ""], "类型须为 党委、党总支 或 党支部"),
        (
            ["某小学", "某党支部", "", "不存在的党委", "", "", ""],
            "上级党组织“不存在的党委”不在学校“某小学”中",
        ),
        (["某小学", "某党支部", "", "", "张三", "12345", "zhangsan"], "请填写 11 位手机号"),
        (["某小学", "某党支部", "", "", "张三", "13812345678", "张三"], "书记用户名只能用"),
        (
            ["某小学", "某党支部", "", "", "张三", "13812345678", "secretary_b"],
            "用户名“secretary_b”已被占用",
        ),
        (["某小学", "某党支部", "", "", "", "13812345678", "zhangsan"], "书记姓名为空"),
        (
            ["龙虎塘第二实验小学", "龙虎塘第二实验小学党支部", "", "", "", "", ""],
            "导入只新增党组织",
        ),
        (["某小学", "某党\x85支部", "", "", "", "", ""], "控制字符"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(row, message, world, district_admin, client_for):
    client = client_for(district_admin)
    before = (School.objects.count(), Organization.objects.count(), User.objects.count())
    response = _upload(client, world, [GOOD_ROWS[0], row])
    body = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行：" in body and message in body
    assert response.context["confirm"] is None
    assert (School.objects.count(), Organization.objects.count(), User.objects.count()) == before


def test_ranks_and_duplicates_are_checked_across_rows(world, district_admin, client_for):
    rows = [
        ["某小学", "某党支部", "", "", "", "", ""],
        ["某小学", "某党委", "党委", "某党支部", "", "", ""],
        ["某小学", "某党支部", "", "", "", "", ""],
        ["某小学", "甲支部", "", "", "张三", "13812345678", "zs"],
        ["某小学", "乙支部", "", "", "李四", "13812345679", "zs"],
    ]
    body = _upload(client_for(district_admin), world, rows).content.decode()
    assert "第 3 行：上级党组织的层级必须高于本组织" in body
    assert "第 4 行：党组织“某党支部”在第 2 行已出现" in body
    assert "第 6 行：书记用户名只能用" in body  # "zs" is too short


def test_same_username_for_two_people_is_refused(world, district_admin, client_for):
    rows = [
        ["某小学", "甲支部", "", "", "张三", "13812345678", "zhangsan"],
        ["某小学", "乙支部", "", "", "李四", "13812345679", "zhangsan"],
    ]
    body = _upload(client_for(district_admin), world, rows).content.decode()
    assert "第 3 行：用户名“zhangsan”在第 2 行是另一个人" in body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a workbook", "这不是 Excel（.xlsx）文件"),
        (None, "缺少这些列"),
    ],
)
def test_unreadable_files_get_a_chinese_message(
    content, message, world, district_admin, client_for
):
    client = client_for(district_admin)
    url = reverse("onboarding:upload", args=[world.district1.pk])
    if content is None:
        upload = workbook([["a"]], headers=["学校"])
    else:
        upload = io.BytesIO(content)
        upload.name = "x.xlsx"
    response = client.post(url, {"workbook": upload})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_confirm_only_the_users_own_live_preview(world, district_admin, client_for):
    client = client_for(district_admin)
    preview = _upload(client, world, GOOD_ROWS)
    token = preview.context["confirm"].initial["token"]
    other = client_for(world.admin)
    response = other.post(
        reverse("onboarding:confirm", args=[world.district1.pk]), {"token": token}
    )
    assert response.status_code == 302
    assert not School.objects.filter(name="春江小学").exists()
    client = client_for(district_admin)
    for data in [{"token": "forged"}, {}]:
        client.post(reverse("onboarding:confirm", args=[world.district1.pk]), data)
    assert not School.objects.filter(name="春江小学").exists()
    client.post(reverse("onboarding:confirm", args=[world.district1.pk]), {"token": token})
    assert School.objects.filter(name="春江小学").exists()
    # Posted again (a double click): the preview is gone, nothing is imported twice.
    response = client.post(
        reverse("onboarding:confirm", args=[world.district1.pk]), {"token": token}
    )
    assert response.status_code == 302
    assert Organization.objects.filter(name="春江小学党支部").count() == 1


def test_template_download_reads_back_without_errors(world, district_admin, client_for):
    response = client_for(district_admin).get(
        reverse("onboarding:template", args=[world.district1.pk])
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    from onboarding import workbook as onboarding_workbook

    plan = onboarding_workbook.check(onboarding_workbook.read(data, "t.xlsx"), world.district1)
    assert not plan.errors and len(plan.rows) == 1

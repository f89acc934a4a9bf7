"""A sheet of wages imported in /admin/: preview, every bad row named, nothing saved unless all
rows are valid; matched by 身份证号 or a unique name."""

import datetime
from decimal import Decimal

from django.urls import reverse

from dues.models import DuesBase
from tests.factories import make_id_number, member, workbook

HEADERS = ["姓名", "身份证号", "月工资收入", "类别", "起始月份"]


def _upload(client, world, rows):
    return client.post(
        reverse("admin:dues_duesbase_import"),
        {
            "organization": world.branch_a.pk,
            "format": "0",
            "resource": "0",
            "import_file": workbook(rows, HEADERS),
        },
    )


def _confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    return client.post(reverse("admin:dues_duesbase_process_import"), data)


def test_a_wage_sheet_is_previewed_then_saved_whole(world, client_for):
    id_number = make_id_number(datetime.date(1980, 5, 1))
    member(world.branch_a, "王芳", id_number=id_number)
    member(world.branch_a, "李强")
    client = client_for(world.admin)
    preview = _upload(
        client,
        world,
        [
            ["", id_number, 5200, "", "2026-03"],
            ["李强", "", "3000.00", "离退休", "2026年1月"],
        ],
    )
    assert preview.status_code == 200
    assert not DuesBase.objects.exists()  # the preview saves nothing
    assert _confirm(client, preview).status_code == 302
    bases = {b.member.name: b for b in DuesBase.objects.select_related("member")}
    assert bases["王芳"].wage == Decimal("5200.00") and bases["王芳"].category == "employed"
    assert bases["王芳"].effective_month == datetime.date(2026, 3, 1)
    assert bases["李强"].category == "retired" and bases["李强"].due == Decimal("15.00")


def test_bad_rows_are_named_and_nothing_is_saved(world, client_for):
    member(world.branch_a, "王芳")
    client = client_for(world.admin)
    response = _upload(
        client,
        world,
        [
            ["王芳", "", 5200, "", "2026-03"],
            ["查无此人", "", 4000, "", "2026-03"],
            ["王芳", "", "很多", "", "2026-04"],
            ["王芳", "", 4000, "", "2026-13"],
        ],
    )
    page = response.content.decode()
    assert "第 3 行" in page and "没有“查无此人”" in page
    assert "第 4 行" in page and "不是金额" in page
    assert "第 5 行" in page and "不是真实的月份" in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not DuesBase.objects.exists()

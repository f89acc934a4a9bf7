"""The roster's Excel import in /admin/, as a browser posts it: upload a workbook for the preview,
then confirm it (workbooks are built by tests/factories.py)."""

from django.urls import reverse

from tests.factories import IMPORT_HEADERS, workbook

# The roster a browser journey imports: one bad date (the 30th of February) to correct.
HEADERS = ["姓名", "性别", "出生日期", "联系电话", "身份证号", "党小组", "接收为预备党员日期",
           "转为正式党员日期"]  # fmt: skip
ROWS = [
    ["周建国", "男", "1978-03-12", "13912345678", "", "第一党小组", "2001-06-01", "2002-06-01"],
    ["吴晓梅", "女", "1986-02-30", "", "", "第一党小组", "2010-07-01", "2011-07-01"],
    ["郑海燕", "女", "1990年5月8日", "", "", "", "2015/6/30", "2016/6/30"],
]


def upload(client, world, rows, headers=IMPORT_HEADERS):
    return client.post(
        reverse("admin:branches_member_import"),
        {
            "organization": world.branch_a.pk,
            "format": "0",
            "resource": "0",
            "import_file": workbook(rows, headers),
        },
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    return client.post(reverse("admin:branches_member_process_import"), data)

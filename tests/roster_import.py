"""The roster's Excel import in /admin/, as a browser posts it: upload a workbook for the preview,
then confirm it (workbooks are built by tests/factories.py)."""

from django.urls import reverse

from tests.factories import IMPORT_HEADERS, workbook


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

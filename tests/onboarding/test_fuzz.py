"""Bad input never breaks the district administrator's pages: random workbook cells and hand-over
fields give Chinese messages or a clean save, never a 500, never half an import."""

import csv
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from branches.models import Organization, OrganizationRole, RoleHandover, School
from onboarding.workbook import HEADERS
from tests.fuzz import FEW, text

User = get_user_model()


def _counts():
    return (
        School.objects.count(),
        Organization.objects.count(),
        User.objects.count(),
        OrganizationRole.objects.count(),
    )


@FEW
@given(cells=st.lists(st.lists(text, min_size=7, max_size=7), min_size=1, max_size=4))
def test_random_workbook_cells_preview_without_saving(cells, world, district_admin, client_for):
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(HEADERS)
    for row in cells:
        writer.writerow([value.replace("\x00", "") for value in row])
    upload = SimpleUploadedFile("开通.csv", stream.getvalue().encode("utf-8", "replace"))
    before = _counts()
    response = client_for(district_admin).post(
        reverse("onboarding:upload", args=[world.district1.pk]), {"workbook": upload}
    )
    assert response.status_code == 200
    assert _counts() == before


@FEW
@given(on=text, username=text, name=text, phone=text)
def test_random_hand_over_input_saves_whole_or_nothing(
    on, username, name, phone, world, district_admin, client_for
):
    before = _counts()
    response = client_for(district_admin).post(
        reverse("onboarding:handover", args=[world.district1.pk, world.branch_a.pk]),
        {"on": on, "username": username, "name": name, "phone": phone},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert _counts() == before
        assert not RoleHandover.objects.exists()

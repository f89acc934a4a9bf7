"""The district overview pages its compliance matrix (a district of hundreds of branches stays a
page of ~100 KB); its figures and the Excel export keep every organisation."""

import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from overview.views.district import MATRIX_PAGE_SIZE
from tests.factories import PAST_YEAR as YEAR
from tests.factories import OrganizationFactory, SchoolFactory


def matrix_names(response):
    """The organisations named by the matrix rows of an overview page."""
    body = response.content.decode()
    return re.findall(r'<th scope="row" class="ov-org">(?:<a [^>]*>)?([^<]+)<', body)


def test_the_matrix_is_paged_and_the_export_holds_every_row(world, client_for):
    extra = MATRIX_PAGE_SIZE + 3
    for n in range(extra):
        school = SchoolFactory(district=world.district1, name=f"第{n:02d}小学")
        OrganizationFactory(school=school, name=f"第{n:02d}小学党支部")
    total = extra + 1  # and branch A
    client = client_for(world.reviewer_d1)
    url = reverse("overview:district", args=[world.district1.pk])
    first = client.get(url, {"year": YEAR})
    second = client.get(url, {"year": YEAR, "page": 2})
    rows = matrix_names(first) + matrix_names(second)
    assert len(matrix_names(first)) == MATRIX_PAGE_SIZE
    assert len(rows) == len(set(rows)) == total
    body = first.content.decode()
    assert f"共 {total} 个" in body and "下一页" in body
    assert f"{total} 个党组织" in body  # the matrix heading counts them all

    export = client.get(reverse("overview:export", args=[world.district1.pk]), {"year": YEAR})
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    names = [row[0] for row in book["合规矩阵"].iter_rows(min_row=3, values_only=True)]
    assert sorted(names) == sorted(rows)

"""The overview's Excel export opens and says what the page says (matrix, figures, chart tables)."""

import datetime
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PAST_YEAR as YEAR
from tests.factories import committee, keep_up, record, second_branch, submitted


class Tables(HTMLParser):
    """{table id or class: [[cell text, ...] per body row]} for the tables of a page."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            key = attrs.get("id") or attrs.get("class", "")
            self.current = self.tables.setdefault(key, [])
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body and self.current is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.span = int(attrs.get("colspan", 1))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.row.extend([""] * (self.span - 1))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(body):
    parser = Tables()
    parser.feed(body)
    return parser.tables


def text(value):
    """A cell as the page would print it: numbers compare by value (Excel keeps 100.0 as 100)."""
    if value is None:
        return ""
    found = re.fullmatch(r"(-?\d+(?:\.\d+)?)(%?)", str(value))
    return f"{Decimal(found.group(1)).normalize():f}{found.group(2)}" if found else str(value)


def page_rows(rows):
    return [[text(cell) for cell in row] for row in rows]


def number(value):
    """ "95.5%" / "12 人" / 27.0 -> Decimal; "—" -> None."""
    found = re.match(r"-?\d+(\.\d+)?", str(value).strip())
    return Decimal(found.group(0)).normalize() if found else None


def test_excel_export_matches_the_page(world, client_for):
    other = second_branch(world)
    people = keep_up(world.branch_a, [1, 2, 3, 6], absent=1, study_hours="1.5", volunteer_hours=2)
    committee(world.branch_a, people, start=datetime.date(2024, 1, 1))
    record(world.branch_a, "group_meeting", datetime.date(YEAR, 5, 9), group=world.group_a)
    keep_up(other, [7, 8])
    submitted(world, year=YEAR)
    client = client_for(world.reviewer_d1)
    query = {"year": YEAR}
    page = client.get(reverse("overview:district", args=[world.district1.pk]), query)
    export = client.get(reverse("overview:export", args=[world.district1.pk]), query)
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    tables = page_tables(page.content.decode())

    matrix = [
        [text(v) for v in row] for row in book["合规矩阵"].iter_rows(min_row=3, values_only=True)
    ]
    assert matrix == page_rows(tables["overview-matrix-table"])
    branch_a = next(row for row in matrix if row[0] == world.branch_a.name)
    assert branch_a[3:8] == [
        "委✗ 组✗ 日✓",
        "委✗ 组✗ 日✓",
        "委✗ 组✗ 日✓",
        "委✗ 组✗ 日✗",
        "委✗ 组✓ 日✗",
    ]

    html_figures = [
        row for key, rows in tables.items() if "overview-figures" in key for row in rows
    ]
    excel_figures = list(book["全区数据"].iter_rows(min_row=2, values_only=True))
    assert [label for label, _value in html_figures] == [row[1] for row in excel_figures]
    for (label, shown), (_section, _label, value, _unit) in zip(
        html_figures, excel_figures, strict=True
    ):
        assert number(shown) == number(value), label

    by_kind = [
        [text(v) for v in row] for row in book["每月记录"].iter_rows(min_row=2, values_only=True)
    ]
    assert by_kind == page_rows(tables["table-by-kind"])
    attendance = [
        [text(v) for v in row] for row in book["出席率趋势"].iter_rows(min_row=2, values_only=True)
    ]
    assert attendance == page_rows(tables["table-attendance"])
    schools = [
        [text(v) for v in row] for row in book["各校合规"].iter_rows(min_row=2, values_only=True)
    ]
    assert schools == page_rows(tables["table-schools"])


def test_export_follows_the_filters_of_the_page(world, client_for):
    other = second_branch(world)
    client = client_for(world.reviewer_d1)
    export = client.get(
        reverse("overview:export", args=[world.district1.pk]),
        {"year": YEAR, "school_id": other.school.pk},
    )
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    names = [row[0] for row in book["合规矩阵"].iter_rows(min_row=3, values_only=True)]
    assert names == [other.name]

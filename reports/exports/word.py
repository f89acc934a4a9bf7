"""Word (.docx) export in the layout secretaries use, and a streamed zip of many reports.

Layout: title; "学校  党支部书记  姓名"; (date); headings 一、二、三 with their paragraphs;
then the statistics table computed from the records.
"""

import copy
import io
import zipfile

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _font(run, name, size, bold=False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _centered(document, text, font, size, bold=False):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def byline(report):
    kind = report.organization.get_kind_display()
    return f"{report.organization.school.name}  {kind}书记  {report.author}"


def date_line(report):
    day = report.report_date
    return f"（{day.year}年{day.month}月{day.day}日）"


def figure_value(figure):
    if figure.value is None:
        return "—"
    text = f"{figure.value}"
    return f"{text[:-2] if text.endswith('.0') else text} {figure.unit}".strip()


def statistics_rows(stats):
    """[(label, value, requirement, attendance)] as plain strings for the table."""
    rows = []
    for figure in stats.all():
        requirement = ""
        if figure.required is not None:
            requirement = _("应开展 %(count)s 次") % {"count": figure.required}
        elif figure.note:
            requirement = str(figure.note)
        attendance = f"{figure.attendance_rate}%" if figure.attendance_rate is not None else ""
        rows.append((str(figure.label), figure_value(figure), requirement, attendance))
    return rows


def render_docx(report, stats):
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    _centered(document, report.title, HEADING_FONT, 18, bold=True)
    _centered(document, byline(report), BODY_FONT, 14)
    _centered(document, date_line(report), BODY_FONT, 12)

    for _key, heading, text in report.sections():
        _font(document.add_paragraph().add_run(str(heading)), HEADING_FONT, 14, bold=True)
        for line in text.splitlines():
            if line.strip():
                paragraph = document.add_paragraph(line.strip())
                paragraph.paragraph_format.first_line_indent = Pt(24)

    _font(
        document.add_paragraph().add_run(
            _("附：%(period)s台账统计（根据记录自动生成）") % {"period": report.period_label}
        ),
        HEADING_FONT,
        12,
        bold=True,
    )
    headers = (_("项目"), _("本期"), _("要求"), _("出席率"))
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    _add_rows(table, statistics_rows(stats))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_rows(table, rows):
    """Append `rows` (tuples of text) to `table`, each a copy of its first row with the texts
    replaced: what `table.add_row()` and `cell.text = ...` write, without python-docx building
    each cell through its API (two thirds of a district zip's time, BENCHMARKS.md)."""
    header = table._tbl.tr_lst[0]
    for values in rows:
        row = copy.deepcopy(header)
        for text_element, value in zip(list(row.iter(qn("w:t"))), values, strict=True):
            if not value:  # as python-docx writes an empty text: an empty run
                text_element.getparent().remove(text_element)
                continue
            text_element.text = value
            if value != value.strip():
                text_element.set(qn("xml:space"), "preserve")
        table._tbl.append(row)


def docx_filename(report):
    return f"{report.title}.docx".replace("/", "-")


class _Sink:
    """A write-only, unseekable file for ZipFile that hands out what was written so far."""

    def __init__(self):
        self._chunks = []

    def write(self, data):
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self):
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_zip(entries):
    """Yield a zip archive chunk by chunk; `entries` yields (filename, bytes) lazily."""
    sink = _Sink()
    names = set()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            unique, number = name, 2
            while unique in names:
                unique = name.replace(".docx", f"（{number}）.docx")
                number += 1
            names.add(unique)
            archive.writestr(unique, data)
            yield sink.drain()
    yield sink.drain()


class _ChunkReader(io.RawIOBase):
    """A read-only, unseekable file over an iterator of bytes chunks, so that a download made
    chunk by chunk goes out through FileResponse like any other file."""

    def __init__(self, chunks):
        super().__init__()
        self._chunks, self._pending = iter(chunks), b""

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self._pending:
            self._pending = next(self._chunks, None)
            if self._pending is None:
                self._pending = b""
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size], self._pending = self._pending[:size], self._pending[size:]
        return size


def zip_file(entries):
    """The zip archive of `entries` ((filename, bytes), read lazily) as a file to stream."""
    return io.BufferedReader(_ChunkReader(stream_zip(entries)), buffer_size=64 * 1024)

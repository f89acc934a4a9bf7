"""The district overview as an Excel workbook, for the office's own reporting upward.

Every sheet is written from the same `Overview` object the page renders, with the same texts
(cells such as "委✓ 组✗ 日✓", rates such as "85.7%"), so the file and the page agree.
"""

import tempfile

from django.utils.translation import gettext as _

from overview.selectors.matrix import CELL_LEGEND, CODE_LABELS, NOT_APPLICABLE
from portal import spreadsheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILLS = {
    "kept": "D1E7DD",
    "partial": "F8D7DA",
    "missing": "F5C2C7",
    "due": "FFF3CD",
    "future": "F8F9FA",
}


def matrix_header(overview):
    return [
        _("党组织"),
        _("学校"),
        _("类型"),
        *[column.label for column in overview.columns],
        _("完成率"),
        _("已开展"),
        _("缺项"),
        _("最近记录"),
        _("党员"),
        _("出席率"),
        _("年度报告"),
    ]


def matrix_row(row, columns):
    organization = row.organization
    if row.is_branch:
        cells = [cell.text for cell in row.cells]
    else:
        cells = [str(NOT_APPLICABLE)] + [""] * (len(columns) - 1)
    return [
        organization.name,
        organization.school.name,
        organization.get_kind_display(),
        *cells,
        row.rate_text,
        row.kept if row.is_branch else "—",
        row.missing if row.is_branch else "—",
        row.last_text,
        row.members,
        row.attendance_text,
        row.reports_text,
    ]


def _value(value):
    return "—" if value is None else value


def workbook(overview):
    """A spooled temporary file holding the .xlsx (seeked to the start)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = _("合规矩阵")
    spreadsheets.append(
        sheet,
        [
            _("%(office)s %(period)s 党组织合规情况（统计日 %(today)s）")
            % {
                "office": overview.district.office_name,
                "period": overview.period.label,
                "today": overview.today.isoformat(),
            }
        ],
    )
    sheet["A1"].font = Font(bold=True, size=13)
    spreadsheets.append(sheet, matrix_header(overview))
    for cell in sheet[2]:
        cell.font = bold
    first_cell_column = 4
    for row in overview.rows:
        spreadsheets.append(sheet, matrix_row(row, overview.columns))
        line = sheet.max_row
        for offset, cell in enumerate(row.cells):
            target = sheet.cell(line, first_cell_column + offset)
            target.fill = PatternFill("solid", fgColor=FILLS[cell.state])
    sheet.freeze_panes = "D3"
    for index, width in enumerate([22, 16, 8], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset in range(len(overview.columns)):
        sheet.column_dimensions[get_column_letter(first_cell_column + offset)].width = 12

    sheet = book.create_sheet(_("全区数据"))
    spreadsheets.append(sheet, [_("类别"), _("项目"), _("数值"), _("单位")])
    for section in overview.sections:
        for figure in section.figures:
            spreadsheets.append(
                sheet, [section.title, figure.label, _value(figure.value), figure.unit]
            )
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 28

    charts = overview.charts
    sheet = book.create_sheet(_("每月记录"))
    spreadsheets.append(sheet, [_("类型"), *[label for label, _key in charts.months], _("合计")])
    for _kind, label, counts, total in charts.by_kind:
        spreadsheets.append(sheet, [str(label), *counts, total])

    sheet = book.create_sheet(_("出席率趋势"))
    spreadsheets.append(sheet, [_("月份"), _("应到人次"), _("实到人次"), _("出席率%")])
    for label, _key, expected, present, rate in charts.attendance:
        spreadsheets.append(sheet, [label, expected, present, _value(rate)])

    sheet = book.create_sheet(_("各校合规"))
    spreadsheets.append(sheet, [_("学校"), _("党支部数"), _("已开展"), _("缺项"), _("完成率%")])
    for school, count, kept, missing, rate in charts.schools:
        spreadsheets.append(sheet, [school.name, count, kept, missing, _value(rate)])

    sheet = book.create_sheet(_("图例"))
    spreadsheets.append(sheet, [_("代号"), _("要求的记录")])
    for code, label in CODE_LABELS:
        spreadsheets.append(sheet, [code, str(label)])
    spreadsheets.append(sheet, [])
    spreadsheets.append(sheet, [_("符号"), _("含义")])
    for state, symbol, label in CELL_LEGEND:
        spreadsheets.append(sheet, [symbol, str(label)])
        sheet.cell(sheet.max_row, 1).fill = PatternFill("solid", fgColor=FILLS[state])

    stream = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (returned)
    book.save(stream)
    stream.seek(0)
    return stream

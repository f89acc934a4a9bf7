"""The 党费收缴登记表 as Excel (text never a formula: portal.spreadsheets) and Word files."""

import io

from django.utils.translation import gettext as _

from portal import spreadsheets


def title(organization, year, month=None):
    period = f"{year}年{month}月" if month else f"{year}年"
    return _("%(org)s 党费收缴登记表（%(period)s）") % {"org": organization.name, "period": period}


def headers(monthly):
    year_label = _("本年累计") if monthly else _("全年")
    return [
        _("序号"),
        _("姓名"),
        _("月工资收入"),
        _("执行标准"),
        _("月应缴"),
        f"{year_label}{_('应缴')}",
        f"{year_label}{_('实缴')}",
        _("备注"),
    ]


def _values(row):
    due = "" if row.monthly_due is None else row.monthly_due
    return [
        row.number,
        row.name,
        row.wage,
        row.standard,
        due,
        row.year_due,
        row.year_paid,
        row.note,
    ]


def _total_values(totals):
    return ["", _("合计"), "", "", totals.monthly_due, totals.year_due, totals.year_paid, ""]


def xlsx(heading, rows, totals, *, monthly):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("登记表")
    spreadsheets.append(sheet, [heading])
    spreadsheets.append(sheet, headers(monthly))
    for row in rows:
        spreadsheets.append(sheet, _values(row))
    spreadsheets.append(sheet, _total_values(totals))
    for letter, width in zip("ABCDEFGH", (6, 12, 12, 12, 10, 12, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def docx(heading, rows, totals, *, monthly):
    from docx import Document

    document = Document()
    document.add_heading(heading, 1)
    table = document.add_table(rows=1, cols=8)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, headers(monthly), strict=True):
        cell.text = label
    for values in [*map(_values, rows), _total_values(totals)]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    document.add_paragraph(_("党员签字：____________    收缴人：____________"))
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream


FORMATS = {"xlsx": xlsx, "docx": docx}

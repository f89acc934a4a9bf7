"""党内统计 as an Excel workbook: one sheet per table, with the page's cells and totals."""

import tempfile

from django.utils.translation import gettext as _

from portal import spreadsheets

SHEET_TITLE_MAX = 31  # Excel's limit
FORBIDDEN = "[]:*?/\\"


def sheet_title(title, used):
    clean = "".join(" " if char in FORBIDDEN else char for char in title)[:SHEET_TITLE_MAX]
    name, n = clean, 2
    while name in used:
        name = f"{clean[: SHEET_TITLE_MAX - 3]}({n})"
        n += 1
    used.add(name)
    return name


def workbook(area, stats):
    """A spooled temporary file holding the .xlsx (seeked to the start)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    book.remove(book.active)
    used = set()
    heading = _("%(area)s 党内统计（截至 %(on)s）") % {"area": area.label, "on": stats.on}
    for table in stats.tables:
        sheet = book.create_sheet(sheet_title(table.title, used))
        spreadsheets.append(sheet, [heading])
        spreadsheets.append(sheet, [table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        spreadsheets.append(sheet, [_("项目"), _("数量（%(unit)s）") % {"unit": table.unit}])
        for cell in sheet[3]:
            cell.font = bold
        for cell in table.cells:
            spreadsheets.append(sheet, [cell.label, cell.count])
        if table.expected is not None:
            spreadsheets.append(sheet, [_("合计"), table.total])
            sheet.cell(sheet.max_row, 1).font = bold
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 14
    balance = stats.balance
    sheet = book.create_sheet(sheet_title(_("党员数核对"), used))
    spreadsheets.append(sheet, [heading])
    for label, value in [
        (_("上年末党员数（%(day)s）") % {"day": balance["before"]}, balance["start"]),
        (_("增加（发展 + 转入）"), balance["gained"]),
        (_("减少（转出 + 去世 + 其他）"), balance["lost"]),
        (_("推算统计日党员数"), balance["computed"]),
        (_("名册统计日党员数"), balance["end"]),
    ]:
        spreadsheets.append(sheet, [label, value])
    sheet.column_dimensions["A"].width = 34
    stream = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)  # noqa: SIM115 (returned)
    book.save(stream)
    stream.seek(0)
    return stream

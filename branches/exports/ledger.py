"""The ledger (台账) as Excel and Word files, written from the ledger's selectors
(branches/selectors/ledger.py) so a file and the page agree. Both write to a temporary file
(openpyxl in write-only mode) so memory stays modest.
"""

import tempfile

from django.utils.translation import gettext as _

from branches.models import Activity
from branches.models.activities import Kind
from branches.selectors.ledger import FACT_LABELS, member_totals, record_facts
from portal import spreadsheets

XLSX = spreadsheets.XLSX_TYPE
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _spool():
    return tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)


def export_xlsx(organization, period, queryset):
    """A sheet per kind (one row per record), an attendance sheet and per-member totals."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    by_kind, attendance_rows = {}, []
    for activity in queryset.filter(status=Activity.Status.HELD):
        by_kind.setdefault(activity.kind, []).append(
            [value for _label, value in record_facts(activity)]
        )
        for row in activity.attendances.all():
            attendance_rows.append(
                [
                    f"{activity.date:%Y-%m-%d}",
                    activity.get_kind_display(),
                    activity.topic,
                    row.member.name,
                    _("出席") if row.present else _("缺席"),
                    row.get_absence_reason_display() if row.absence_reason else "",
                ]
            )
    headers = [str(label) for label in FACT_LABELS]
    for kind in Kind:
        if kind.value not in by_kind:
            continue
        sheet = book.create_sheet(title=str(kind.label).replace("/", "、")[:31])
        spreadsheets.append(sheet, headers)
        for row in by_kind[kind.value]:
            spreadsheets.append(sheet, row)
    sheet = book.create_sheet(title=_("出席明细"))
    spreadsheets.append(
        sheet, [_("日期"), _("类型"), _("主题"), _("姓名"), _("出席情况"), _("缺席原因")]
    )
    for row in attendance_rows:
        spreadsheets.append(sheet, row)
    sheet = book.create_sheet(title=_("个人统计"))
    spreadsheets.append(
        sheet, [_("姓名"), _("应参加"), _("实参加"), _("出席率%"), _("学习时长"), _("志愿服务时长")]
    )
    for total in member_totals(organization, period.start, period.end):
        spreadsheets.append(
            sheet,
            [
                total.member.name,
                total.expected,
                total.present,
                total.rate if total.rate is not None else "",
                float(total.study_hours),
                float(total.volunteer_hours),
            ],
        )
    stream = _spool()
    book.save(stream)
    stream.seek(0)
    return stream, XLSX


def export_docx(organization, period, queryset):
    """Each held record as a page (时间, 地点, 主持人, 记录人, 应到, 实到, 缺席及原因, 主题, 内容与决议)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    document.add_heading(
        _("%(org)s %(period)s 工作台账") % {"org": organization.name, "period": period.label}, 0
    )
    for activity in queryset.filter(status=Activity.Status.HELD):
        document.add_heading(f"{activity.get_kind_display()}：{activity.topic}", level=1)
        facts = [(label, value) for label, value in record_facts(activity) if value]
        table = document.add_table(rows=len(facts), cols=2)
        table.style = "Table Grid"
        for row, (label, value) in zip(table.rows, facts, strict=True):
            row.cells[0].text = label
            row.cells[1].text = value
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(_("个人统计"), level=1)
    totals = member_totals(organization, period.start, period.end)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, label in zip(
        table.rows[0].cells,
        [_("姓名"), _("应参加/实参加"), _("出席率"), _("学习时长"), _("志愿服务时长")],
        strict=True,
    ):
        cell.text = label
    for total in totals:
        cells = table.add_row().cells
        cells[0].text = total.member.name
        cells[1].text = f"{total.expected}/{total.present}"
        cells[2].text = f"{total.rate}%" if total.rate is not None else "—"
        cells[3].text = str(total.study_hours)
        cells[4].text = str(total.volunteer_hours)
    stream = _spool()
    document.save(stream)
    stream.seek(0)
    return stream, DOCX

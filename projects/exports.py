"""The district's projects as an Excel workbook (text never a formula: portal.spreadsheets)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from branches.figures import plain
from portal import spreadsheets

XLSX_TYPE = spreadsheets.XLSX_TYPE


def district_xlsx(district, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("党建项目")
    spreadsheets.append(sheet, [_("%(district)s 党建品牌与微项目") % {"district": district.name}])
    spreadsheets.append(
        sheet,
        [
            _("学校"),
            _("党组织"),
            _("项目名称"),
            _("类型"),
            _("起止日期"),
            _("负责人"),
            _("合作方"),
            _("状态"),
            _("活动记录（次）"),
            _("参与人数"),
            _("学习与志愿服务时长（小时）"),
            _("里程碑完成"),
            _("区级优秀"),
            _("审阅意见"),
        ],
    )
    for project, figures in rows:
        spreadsheets.append(
            sheet,
            [
                project.organization.school.name,
                project.organization.name,
                project.title,
                project.get_kind_display(),
                project.period_label,
                project.leader.name if project.leader else "",
                project.partners,
                project.status(),
                figures.records,
                figures.people,
                plain(figures.hours),
                f"{figures.milestones_met}/{figures.milestones}",
                _("是") if project.district_example else "",
                project.review_comment,
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer

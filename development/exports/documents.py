"""Paperwork generated from the steps, never typed: the 全程纪实表 of a person (Word), the 备案表
and 汇总表 of an organisation for a period (Excel via portal.spreadsheets, and Word), and the 公示
notice of a 发展对象 (Word). 身份证号 is masked unless the viewer may see it."""

import io

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.validators import mask_id_number
from development import rules
from development.models import Pipeline, Step
from portal import spreadsheets

FORMATS = ("xlsx", "docx")

LIST_FORMS = {
    "activists": gettext_lazy("入党积极分子备案表"),
    "candidates": gettext_lazy("发展对象备案表"),
    "admissions": gettext_lazy("接收预备党员备案表"),
    "approval": gettext_lazy("拟吸收预备党员名单汇总审批表"),
    "probation": gettext_lazy("申请转正预备党员名单汇总表"),
}
# The step whose date puts a person on the form of a period.
KEY_STEP = {"activists": 3, "candidates": 7, "admissions": 15, "approval": 12, "probation": 22}

IDENTITY = ["支部", "姓名", "性别", "出生年月", "身份证号", "学历", "职务"]
COLUMNS = {
    "activists": [*IDENTITY, "申请入党时间", "推荐方式", "确定积极分子时间", "培养联系人"],
    "candidates": [
        *IDENTITY,
        "申请入党时间",
        "确定积极分子时间",
        "培养联系人",
        "确定发展对象时间",
        "入党介绍人",
    ],
    "admissions": [
        *IDENTITY,
        "申请入党时间",
        "确定发展对象时间",
        "入党介绍人",
        "支部大会时间",
        "上级审批时间",
    ],
    "approval": [
        *IDENTITY,
        "申请入党时间",
        "确定积极分子时间",
        "确定发展对象时间",
        "入党介绍人",
        "支部大会时间",
    ],
    "probation": [*IDENTITY, "支部大会时间", "上级审批时间", "预备期满", "转正申请时间"],
}


def _date(value):
    return value.isoformat() if value else ""


def _people(steps, number):
    step = steps.first(number)
    return "、".join(step.people_names) if step else ""


def person_values(pipeline, steps, masked):
    member = pipeline.member
    id_number = mask_id_number(member.id_number) if masked else member.id_number
    admission = steps.date(15)
    return {
        "支部": member.organization.name,
        "姓名": member.name,
        "性别": member.get_gender_display(),
        "出生年月": member.birth_date.strftime("%Y-%m") if member.birth_date else "",
        "身份证号": id_number,
        "学历": member.get_education_display(),
        "职务": member.post,
        "申请入党时间": _date(steps.date(1)),
        "推荐方式": pipeline.get_recommendation_display(),
        "确定积极分子时间": _date(steps.date(3)),
        "培养联系人": _people(steps, 5),
        "确定发展对象时间": _date(steps.date(7)),
        "入党介绍人": _people(steps, 9),
        "支部大会时间": _date(admission),
        "上级审批时间": _date(steps.date(17)),
        "预备期满": _date(
            rules.probation_ends(admission, pipeline.extension_months) if admission else None
        ),
        "转正申请时间": _date(steps.date(22)),
    }


def list_rows(form, organization_ids, *, start=None, end=None, masked_org_ids=()):
    """[{column: text}] of the people the form lists for the period (by the key step's date)."""
    key = KEY_STEP[form]
    pipelines = (
        Pipeline.objects.filter(member__organization_id__in=organization_ids, steps__number=key)
        .distinct()
        .select_related("member__organization")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.select_related("person_1", "person_2").order_by(
                    "number", "date"
                ),
            )
        )
        .order_by("member__organization__name", "member__name", "id")
    )
    rows = []
    for pipeline in pipelines:
        steps = rules.Steps(pipeline.steps.all())
        day = steps.date(key)
        if day is None or (start and day < start) or (end and day > end):
            continue
        masked = pipeline.member.organization_id in masked_org_ids
        values = person_values(pipeline, steps, masked)
        rows.append([values[column] for column in COLUMNS[form]])
    return rows


def _heading(form, organization, start, end):
    period = ""
    if start or end:
        period = f"（{_date(start) or '…'} 至 {_date(end) or '…'}）"
    return f"{organization.name} {LIST_FORMS[form]}{period}"


def list_file(form, fmt, organization, organization_ids, *, start, end, masked_org_ids):
    rows = list_rows(form, organization_ids, start=start, end=end, masked_org_ids=masked_org_ids)
    heading = _heading(form, organization, start, end)
    headers = ["序号", *COLUMNS[form]]
    numbered = [[number, *row] for number, row in enumerate(rows, start=1)]
    if fmt == "xlsx":
        return _xlsx(heading, headers, numbered)
    return _docx_table(heading, headers, numbered)


def _xlsx(heading, headers, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("名单")
    spreadsheets.append(sheet, [heading])
    spreadsheets.append(sheet, headers)
    for row in rows:
        spreadsheets.append(sheet, row)
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def _docx_table(heading, headers, rows):
    from docx import Document

    document = Document()
    document.add_heading(heading, 1)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, headers, strict=True):
        cell.text = label
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream


RECORD_HEADERS = ["序号", "步骤", "日期", "人员", "会议记录", "表决", "文号", "说明"]


def step_cells(step, voters):
    definition = step.definition
    meeting = ""
    vote = ""
    if step.meeting is not None:
        meeting = f"{step.meeting.date} {step.meeting.get_kind_display()}"
    if step.agenda_item is not None and step.agenda_item.result:
        item = step.agenda_item
        vote = _("赞成%(f)s 反对%(a)s 弃权%(b)s") % {
            "f": item.votes_for or 0,
            "a": item.votes_against or 0,
            "b": item.votes_abstain or 0,
        }
        if voters:
            vote += _("（应到有表决权 %(due)d 人，实到 %(present)d 人）") % {
                "due": voters[0],
                "present": voters[1],
            }
    date = _date(step.date)
    if step.period_end:
        date = f"{date} 至 {_date(step.period_end)}"
    note = step.note
    if step.hours:
        note = f"{step.hours} 学时 {note}".strip()
    return [
        str(step.number),
        str(definition.title),
        date,
        "、".join(step.people_names),
        meeting,
        vote,
        step.document_number,
        note,
    ]


def record_docx(view, *, masked):
    """发展党员工作全程纪实表: the person's identity, then every recorded step, by stage."""
    from docx import Document

    pipeline, member = view.pipeline, view.member
    values = person_values(pipeline, view.steps, masked)
    document = Document()
    document.add_heading(_("发展党员工作全程纪实表"), 1)
    info = document.add_table(rows=0, cols=4)
    info.style = "Table Grid"
    pairs = [(k, values[k]) for k in IDENTITY + ["推荐方式"]]
    pairs.append(("状态", pipeline.get_status_display()))
    for index in range(0, len(pairs), 2):
        cells = info.add_row().cells
        for offset, (label, value) in enumerate(pairs[index : index + 2]):
            cells[offset * 2].text = label
            cells[offset * 2 + 1].text = value
    for label, lines in view.stages:
        document.add_heading(str(label), 2)
        table = document.add_table(rows=1, cols=len(RECORD_HEADERS))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, RECORD_HEADERS, strict=True):
            cell.text = text
        for line in lines:
            if not line.rows:
                cells = table.add_row().cells
                cells[0].text = str(line.definition.number)
                cells[1].text = str(line.definition.title)
                continue
            for step, _warnings, voters in line.rows:
                for cell, text in zip(table.add_row().cells, step_cells(step, voters), strict=True):
                    cell.text = text
    document.add_paragraph(_("党支部书记（签字）：____________    党支部（盖章）"))
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    del member
    return stream


def notice_docx(view):
    """公示 notice of a 发展对象: who, since when, the introducers, the period and how to object."""
    from docx import Document

    member, steps = view.member, view.steps
    organization = member.organization
    notice = steps.first(12)
    document = Document()
    document.add_heading(_("关于拟发展%(name)s同志为中共预备党员的公示") % {"name": member.name}, 1)
    text = _(
        "%(name)s，%(gender)s，%(birth)s出生，%(education)s，%(post)s。"
        "于 %(application)s 递交入党申请书，%(activist)s 被确定为入党积极分子，"
        "%(candidate)s 被确定为发展对象，入党介绍人：%(introducers)s。"
    ) % {
        "name": member.name,
        "gender": member.get_gender_display() or "—",
        "birth": member.birth_date.strftime("%Y年%m月") if member.birth_date else "—",
        "education": member.get_education_display() or "—",
        "post": member.post or "—",
        "application": _date(steps.date(1)) or "—",
        "activist": _date(steps.date(3)) or "—",
        "candidate": _date(steps.date(7)) or "—",
        "introducers": _people(steps, 9) or "—",
    }
    document.add_paragraph(text)
    if notice is not None:
        period = _("公示期：%(start)s 至 %(end)s。") % {
            "start": _date(notice.date),
            "end": _date(notice.period_end) or "—",
        }
    else:
        period = _("公示期：____年__月__日至____年__月__日（不少于 5 个工作日）。")
    document.add_paragraph(period)
    document.add_paragraph(
        _("公示期间，如有意见，请以电话、信函或当面等方式向%(org)s反映。")
        % {"org": organization.name}
    )
    document.add_paragraph(organization.name)
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream

"""The onboarding workbook: one row per party organisation of a school, with its parent and its
secretary's account. Read and checked here (every bad row named, in Chinese); written by
onboarding.services only when no row has an error.

| 学校 | 党组织 | 类型 | 上级党组织 | 书记姓名 | 书记手机 | 书记用户名 |

类型 is 党委, 党总支 or 党支部 (blank: 党支部); 上级党组织 names an organisation of the same school,
in the workbook or already in the portal. A school may already be in the district (its new
organisations are added to it); an organisation already there is refused: an import only adds. One person may be the secretary of several
organisations (the same 用户名 with the same 姓名 and 手机).
"""

import io
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from branches.models import Organization
from branches.validators import normalize_phone, validate_phone
from portal import spreadsheets
from portal.text import validate_plain_text

HEADERS = ("学校", "党组织", "类型", "上级党组织", "书记姓名", "书记手机", "书记用户名")
KINDS = {str(label): value for value, label in Organization.Kind.choices}
RANKS = {
    Organization.Kind.COMMITTEE: 0,
    Organization.Kind.GENERAL_BRANCH: 1,
    Organization.Kind.BRANCH: 2,
}
USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{3,150}$")
FIRST_ROW = 2  # the header is row 1


@dataclass
class Row:
    number: int
    school: str
    organization: str
    kind: str
    parent: str
    name: str
    phone: str
    username: str
    errors: list = field(default_factory=list)

    @property
    def kind_label(self):
        return Organization.Kind(self.kind).label if self.kind else ""


@dataclass
class Plan:
    """The checked workbook: its rows, the schools it adds, errors of the file itself."""

    rows: list
    file_errors: list = field(default_factory=list)

    @property
    def errors(self):
        return self.file_errors + [
            f"第 {row.number} 行：{message}" for row in self.rows for message in row.errors
        ]

    @property
    def schools(self):
        return sorted({row.school for row in self.rows})

    @property
    def accounts(self):
        return sorted({row.username for row in self.rows if row.username})


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed as a number
    return str(value).strip()


def read(data, file_name):
    """The rows of an uploaded .xlsx or .csv file (SpreadsheetRefused for an unreadable one)."""
    if file_name.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
        dataset = spreadsheets.read_csv(text)
    else:
        dataset = spreadsheets.read_xlsx(data)
    headers = [_text(h) for h in (dataset.headers or [])]
    missing = [h for h in HEADERS if h not in headers]
    if missing:
        return Plan(
            rows=[],
            file_errors=[
                _("第 1 行（表头）缺少这些列：%(columns)s。请使用下载的模板。")
                % {"columns": "、".join(missing)}
            ],
        )
    index = {h: headers.index(h) for h in HEADERS}
    rows = []
    for offset, values in enumerate(dataset):
        cells = {h: _text(values[index[h]]) for h in HEADERS}
        if not any(cells.values()):
            continue
        rows.append(
            Row(
                number=FIRST_ROW + offset,
                school=cells["学校"],
                organization=cells["党组织"],
                kind=cells["类型"],
                parent=cells["上级党组织"],
                name=cells["书记姓名"],
                phone=normalize_phone(cells["书记手机"]),
                username=cells["书记用户名"],
            )
        )
    plan = Plan(rows=rows)
    if not rows:
        plan.file_errors.append(_("文件中没有数据行。"))
    return plan


def check(plan, district):
    """Add each row's errors to it (in place); returns the plan."""
    existing_orgs = {
        (school, name): kind
        for school, name, kind in Organization.objects.filter(
            school__district=district
        ).values_list("school__name", "name", "kind")
    }
    taken = set(
        get_user_model()
        .objects.filter(username__in=[row.username for row in plan.rows if row.username])
        .values_list("username", flat=True)
    )
    in_workbook = {}
    people = {}
    for row in plan.rows:
        _check_text(row)
        if not row.school:
            row.errors.append(_("学校不能为空。"))
        if not row.organization:
            row.errors.append(_("党组织名称不能为空。"))
        elif (row.school, row.organization) in existing_orgs:
            row.errors.append(
                _("党组织“%(org)s”已在本区的学校“%(school)s”中，导入只新增党组织。")
                % {"org": row.organization, "school": row.school}
            )
        elif (row.school, row.organization) in in_workbook:
            row.errors.append(
                _("党组织“%(org)s”在第 %(row)s 行已出现。")
                % {
                    "org": row.organization,
                    "row": in_workbook[(row.school, row.organization)].number,
                }
            )
        else:
            in_workbook[(row.school, row.organization)] = row
        if row.kind in KINDS:
            row.kind = KINDS[row.kind]
        elif not row.kind:
            row.kind = Organization.Kind.BRANCH
        else:
            row.errors.append(_("类型须为 党委、党总支 或 党支部。"))
            row.kind = ""
        _check_secretary(row, taken, people)
    for row in plan.rows:
        _check_parent(row, in_workbook, existing_orgs)
    return plan


def _check_text(row):
    for value in (row.school, row.organization, row.parent, row.name, row.username):
        try:
            validate_plain_text(value)
        except ValidationError as error:
            row.errors.append(error.messages[0])
            return
    if len(row.school) > 100 or len(row.organization) > 100 or len(row.name) > 50:
        row.errors.append(_("学校、党组织名称最多 100 字，姓名最多 50 字。"))


def _check_secretary(row, taken, people):
    if not (row.name or row.phone or row.username):
        return
    if not row.name:
        row.errors.append(_("填写了书记账号，但书记姓名为空。"))
    if not row.username:
        row.errors.append(_("书记用户名不能为空。"))
    elif not USERNAME.match(row.username):
        row.errors.append(_("书记用户名只能用 3–150 个英文字母、数字或 _ . @ + -。"))
    elif row.username in taken:
        row.errors.append(_("用户名“%(u)s”已被占用，请换一个。") % {"u": row.username})
    if not row.phone:
        row.errors.append(_("书记手机不能为空。"))
    else:
        try:
            validate_phone(row.phone)
        except ValidationError as error:
            row.errors.append(error.messages[0])
    if row.username:
        first = people.setdefault(row.username, row)
        if first is not row and (first.name, first.phone) != (row.name, row.phone):
            row.errors.append(
                _("用户名“%(u)s”在第 %(row)s 行是另一个人（姓名或手机不同）。")
                % {"u": row.username, "row": first.number}
            )


def _check_parent(row, in_workbook, existing_orgs):
    if not row.parent or not row.kind:
        return
    if row.parent == row.organization:
        row.errors.append(_("上级党组织不能是它自己。"))
        return
    parent = in_workbook.get((row.school, row.parent))
    parent_kind = parent.kind if parent else existing_orgs.get((row.school, row.parent))
    if not parent_kind:
        row.errors.append(
            _("上级党组织“%(p)s”不在学校“%(s)s”中（须在本文件或本区已有）。")
            % {"p": row.parent, "s": row.school}
        )
    elif RANKS[parent_kind] >= RANKS[row.kind]:
        row.errors.append(_("上级党组织的层级必须高于本组织（党委 > 党总支 > 党支部）。"))


def template_workbook():
    """The blank workbook to fill in, with one example row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "学校与党组织"
    spreadsheets.append(sheet, list(HEADERS))
    spreadsheets.append(
        sheet, ["示例小学", "示例小学党支部", "党支部", "", "张三", "13812345678", "sec_shili"]
    )
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()

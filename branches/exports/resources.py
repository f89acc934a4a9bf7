"""Excel import and export of a roster (django-import-export), with Chinese column headers.

Import: a file made in Excel, WPS or LibreOffice, one member a row. Rows are matched to existing
members by 编号, then by full 身份证号, then by a unique name; otherwise a member is created.
Every value is checked like the member form; a bad row is reported with its Excel row number and
nothing is saved unless every row is valid (the admin runs a dry run and asks to confirm).
Export: the same columns plus derived ones; 身份证号 and phone are masked. A masked value that
comes back in an import leaves the stored value unchanged.
"""

import datetime
import re
from collections import defaultdict
from html import escape

from diff_match_patch import diff_match_patch
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.encoding import force_str
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from branches.forms.roster import (
    MEMBER_FIELDS,
    PIPELINE_FIELDS,
    PIPELINE_FIELDS_HELP,
    has_pipeline,
)
from branches.models import Member
from branches.models.members import PERSONAL_DATA_MASKS
from branches.validators import mask_id_number, mask_phone
from portal.text import validate_plain_text

DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


PREVIEW_ROWS = 200  # rows listed in the import preview (every row is checked)


def excel_row(row_number):
    """import-export numbers data rows from 1; in the workbook the header is row 1."""
    return row_number + 1


class TextWidget(widgets.Widget):
    """Text that may arrive as a number from Excel (phone numbers typed into a number cell)."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, bool):  # an Excel TRUE/FALSE cell; str() would save "False"
            raise ValueError(_("这一格是逻辑值（TRUE/FALSE），请填写文字。"))
        if isinstance(value, float):
            if not value.is_integer():
                return str(value)
            value = int(value)
        text = str(value).strip()
        try:
            validate_plain_text(text)  # a CSV or pasted cell may carry control characters
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class IdNumberWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value > 1e15:
            # Excel keeps 15 significant digits: the last digits of the number are already lost.
            raise ValueError(
                _("身份证号被 Excel 当作数字保存，后几位已丢失；请把该列设为“文本”后重新填写。")
            )
        return super().clean(value, row, **kwargs).upper()

    def render(self, value, obj=None, **kwargs):
        return mask_id_number(value)


class PhoneWidget(TextWidget):
    def render(self, value, obj=None, **kwargs):
        return mask_phone(value)


class ListWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return "、".join(value or [])


class StageWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return value.label if value else ""


class ChineseDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for pattern in DATE_PATTERNS:
            match = pattern.match(text)
            if match:
                try:
                    return datetime.date(*(int(part) for part in match.groups()))
                except ValueError:
                    raise ValueError(
                        _("“%(value)s”不是真实存在的日期。") % {"value": text}
                    ) from None
        raise ValueError(_("“%(value)s”不是日期，请写成 2020-05-01 的形式。") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ChoiceLabelWidget(widgets.Widget):
    """Chinese labels in the file ("男", "大学本科"); stored values in the database."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = [(str(value), str(label)) for value, label in choices]

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return ""
        for stored, label in self.choices:
            if text in (stored, label):
                return stored
        raise ValueError(
            _("“%(value)s”不是可选值，应为：%(options)s。")
            % {"value": text, "options": "、".join(label for _stored, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


class YesNoWidget(widgets.Widget):
    YES = {"是", "√", "✓", "y", "yes", "true", "1"}
    NO = {"", "否", "n", "no", "false", "0", "none"}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("请填写“是”或“否”。"))

    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")


class ExtensionWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return 0
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ValueError(_("请填写 0 到 12 之间的整数。")) from None
        if not number.is_integer() or not 0 <= number <= 12:
            raise ValueError(_("请填写 0 到 12 之间的整数。"))
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return value or 0


class GroupWidget(widgets.Widget):
    def __init__(self, resource, **kwargs):
        super().__init__(**kwargs)
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        groups = self.resource.groups_by_name()
        if text not in groups:
            raise ValueError(
                _("本党组织没有名为“%(name)s”的党小组（现有：%(names)s）。")
                % {"name": text, "names": "、".join(groups) or _("无")}
            )
        return groups[text]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class PreviewDiff(resources.Diff):
    """The import preview's changed values as <ins>/<del> without style="..." attributes
    (diff_match_patch's own HTML has them, and the Content-Security-Policy blocks them);
    import-export's import.css colours <ins> and <del> in the preview table.

    Only the first PREVIEW_ROWS rows are shown (the page gives the totals of all rows), so only
    their HTML is made."""

    TAGS = {-1: "del", 0: "span", 1: "ins"}

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.shown = resource._row_number <= PREVIEW_ROWS

    def as_html(self):
        if not self.shown:
            return []
        dmp = diff_match_patch()
        data = []
        for before, after in zip(self.left, self.right, strict=False):
            before, after = force_str(before), force_str(after)
            if before != after and self.new:
                before = ""
            # Most cells are unchanged or new: what diff_match_patch would say, without it.
            if before == after:
                diff = [(0, after)] if after else []
            elif not before or not after:
                diff = [(op, text) for op, text in ((-1, before), (1, after)) if text]
            else:
                diff = dmp.diff_main(before, after)
                dmp.diff_cleanupSemantic(diff)
            html = "".join(
                f"<{self.TAGS[op]}>{escape(text)}</{self.TAGS[op]}>" for op, text in diff
            )
            data.append(mark_safe(html))  # noqa: S308 (every text is escaped)
        return data


UNIQUE_ID_NUMBER = next(
    c for c in Member._meta.constraints if c.name == "member_unique_org_id_number"
)


def _field(attribute, column, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, widget=widget, **kwargs)


class MemberResource(resources.ModelResource):
    number = _field("id", "编号", widgets.Widget(), readonly=True)
    name = _field("name", "姓名", TextWidget())
    gender = _field("gender", "性别", ChoiceLabelWidget(Member.Gender.choices))
    ethnicity = _field("ethnicity", "民族", TextWidget())
    birth_date = _field("birth_date", "出生日期", ChineseDateWidget())
    education = _field("education", "学历", ChoiceLabelWidget(Member.Education.choices))
    work_unit = _field("work_unit", "工作单位", TextWidget())
    post = _field("post", "职务或任教学科", TextWidget())
    phone = _field("phone", "联系电话", PhoneWidget())
    id_number = _field("id_number", "身份证号", IdNumberWidget())
    group = _field("group", "党小组")
    is_delegate = _field("is_delegate", "党代表", YesNoWidget())
    application_date = _field("application_date", "递交入党申请日期", ChineseDateWidget())
    activist_date = _field("activist_date", "确定为入党积极分子日期", ChineseDateWidget())
    candidate_date = _field("candidate_date", "确定为发展对象日期", ChineseDateWidget())
    admission_date = _field("admission_date", "接收为预备党员日期", ChineseDateWidget())
    full_date = _field("full_date", "转为正式党员日期", ChineseDateWidget())
    probation_extension_months = _field(
        "probation_extension_months", "延长预备期（月）", ExtensionWidget()
    )
    notes = _field("notes", "备注", TextWidget())
    # Export only: derived or kept by the movement service.
    organization_name = _field("organization__name", "党组织", readonly=True)
    stage_label = _field("stage", "当前阶段", StageWidget(), readonly=True)
    joined_on = _field("joined_on", "转入日期", ChineseDateWidget(), readonly=True)
    left_on = _field("left_on", "离开日期", ChineseDateWidget(), readonly=True)
    introducers = _field("introducer_names", "入党介绍人", ListWidget(), readonly=True)
    party_years = fields.Field(column_name="党龄（年）", readonly=True)

    REQUIRED_COLUMNS = ("姓名",)
    MASKERS = PERSONAL_DATA_MASKS

    class Meta:
        model = Member
        fields = (
            "number",
            *MEMBER_FIELDS,
            "organization_name",
            "stage_label",
            "joined_on",
            "left_on",
            "introducers",
            "party_years",
        )
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, organization=None, **kwargs):
        super().__init__(**kwargs)
        self.organization = organization
        self.fields["group"].widget = GroupWidget(self)
        self._groups = None
        self._seen = {}
        self._row_number = 0
        self._by_pk, self._by_id_number, self._by_name = {}, {}, defaultdict(list)
        self._indexed = {}
        self._import_fields = None
        self.as_of = datetime.date.today()

    @classmethod
    def get_display_name(cls):
        return _("党员名册")

    def dehydrate_party_years(self, member):
        """党龄 in full years on the day of the export (empty before becoming a full member)."""
        years = member.party_years(self.as_of)
        return "" if years is None else years

    def get_diff_class(self):
        return PreviewDiff

    # -- import ---------------------------------------------------------------------------------

    def get_import_fields(self):
        # import-export works the list out again four times a row (a tenth of the preview).
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def get_user_visible_fields(self):
        """Columns the import reads (the export-only ones are left out of the list)."""
        return [f for f in self.get_import_fields() if not f.readonly or f.attribute == "id"]

    def groups_by_name(self):
        if self._groups is None:
            self._groups = {group.name: group for group in self.organization.groups.all()}
        return self._groups

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """The preview (dry run) checks every row in memory and writes nothing, so it runs in
        one transaction that is rolled back anyway, without a savepoint per row; import-export
        itself would save each row and roll back (a dozen queries a row)."""
        if not dry_run:
            return super().import_data(
                dataset,
                dry_run=False,
                raise_errors=raise_errors,
                use_transactions=use_transactions,
                collect_failed_rows=collect_failed_rows,
                rollback_on_validation_errors=rollback_on_validation_errors,
                **kwargs,
            )
        with transaction.atomic():
            result = self.import_data_inner(
                dataset, True, raise_errors, False, collect_failed_rows, **kwargs
            )
            transaction.set_rollback(True)
        return result

    def before_import(self, dataset, **kwargs):
        if self.organization is None:
            raise ValueError(_("请选择要导入到的党组织。"))
        headers = [re.sub(r"\s+", "", str(header or "")) for header in dataset.headers or []]
        missing = [column for column in self.REQUIRED_COLUMNS if column not in headers]
        if missing:
            raise ValueError(
                _("表头缺少“%(columns)s”列。第一行应为表头，如：姓名、性别、身份证号……")
                % {"columns": "、".join(missing)}
            )
        dataset.headers = headers
        # Excel often leaves formatted but empty rows at the bottom.
        for index in reversed(range(len(dataset))):
            if all(value in (None, "") for value in dataset[index]):
                del dataset[index]
        self._seen = {}
        self._load_members()

    def _load_members(self):
        """The organisation's members, once (one query), indexed as rows look them up."""
        self._by_pk, self._by_id_number, self._by_name = {}, {}, defaultdict(list)
        self._indexed = {}
        members = Member.objects.filter(organization=self.organization)
        # "pipeline" (development): whose stage dates a pipeline owns, known without a query a row.
        for member in members.select_related("group", "pipeline"):
            member.organization = self.organization
            self._by_pk[member.pk] = member
            self._index(member)

    def _index(self, member):
        """(Re)index a member under its 身份证号 and name, as saved by this import so far."""
        old_id_number, old_name = self._indexed.pop(id(member), ("", None))
        if old_id_number and self._by_id_number.get(old_id_number) is member:
            del self._by_id_number[old_id_number]
        if old_name is not None:
            self._by_name[old_name] = [m for m in self._by_name[old_name] if m is not member]
        if member.id_number:
            self._by_id_number[member.id_number] = member
        self._by_name[member.name].append(member)
        self._indexed[id(member)] = (member.id_number, member.name)

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", 0)

    def init_instance(self, row=None):
        return Member(organization=self.organization)

    def get_instance(self, instance_loader, row):
        number = row.get("编号")
        id_number = str(row.get("身份证号") or "").strip().upper()
        name = str(row.get("姓名") or "").strip()
        instance = None
        if number not in (None, ""):
            try:
                instance = self._by_pk.get(int(float(number)))
            except (TypeError, ValueError, OverflowError):
                instance = None
            if instance is None:
                raise ValidationError(
                    {
                        "编号": _("本党组织没有编号为 %(number)s 的党员；新党员请留空编号。")
                        % {"number": number}
                    }
                )
        elif id_number and "*" not in id_number:
            instance = self._by_id_number.get(id_number)
        if instance is None and number in (None, "") and name:
            same_name = self._by_name.get(name, [])[:2]
            if len(same_name) == 1 and (
                not id_number or "*" in id_number or not same_name[0].id_number
            ):
                instance = same_name[0]
            elif len(same_name) > 1 and not id_number:
                raise ValidationError(
                    {
                        "姓名": _("本党组织有多名党员叫“%(name)s”，请填写编号或身份证号区分。")
                        % {"name": name}
                    }
                )
        key = ("member", id(instance)) if instance else ("new", id_number or name)
        if key in self._seen:
            raise ValidationError(
                _("与第 %(row)s 行是同一个人，请删除重复的行。") % {"row": self._seen[key]}
            )
        self._seen[key] = excel_row(self._row_number)
        return instance

    def after_save_instance(self, instance, row, **kwargs):
        # Called in the preview too (which saves nothing): a later row that finds this member
        # (by 身份证号 or name, as this row left them) is the same person.
        self._seen.setdefault(("member", id(instance)), excel_row(self._row_number))
        self._index(instance)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        masker = self.MASKERS.get(field.attribute)
        value = row.get(field.column_name)
        if masker and value and "*" in str(value):
            current = getattr(instance, field.attribute)
            if instance.pk and current and masker(current) == str(value).strip():
                return  # the masked value of an export: keep what is stored
            raise ValueError(
                _("%(column)s被遮盖（含 *），请填写完整号码。") % {"column": field.column_name}
            )
        if field.attribute in PIPELINE_FIELDS and has_pipeline(instance):
            # The dates a development pipeline owns: kept as its steps say, as in the forms.
            saved = getattr(instance, field.attribute)
            super().import_field(field, instance, row, is_m2m, **kwargs)
            if getattr(instance, field.attribute) != saved:
                setattr(instance, field.attribute, saved)
                raise ValueError(str(PIPELINE_FIELDS_HELP))
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The member form's checks, without a query a row: the organisation is the import's
        and the group one of its groups (GroupWidget), and the one unique rule (身份证号 within
        the organisation) is checked against the members loaded in before_import."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, "organization", "group"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        holder = self._by_id_number.get(instance.id_number) if instance.id_number else None
        if holder is not None and holder is not instance:
            errors.setdefault(NON_FIELD_ERRORS, []).append(UNIQUE_ID_NUMBER.violation_error_message)
        if errors:
            columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
            columns[NON_FIELD_ERRORS] = _("整行")
            raise ValidationError(
                {columns.get(key, key): value for key, value in errors.items()}
            ) from None

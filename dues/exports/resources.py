"""The import of a sheet of wages (django-import-export, in /admin/ with the roster import's
bound preview): one row per member, matched by full 身份证号 or else by a unique name in the
chosen organisation. Columns: 姓名, 身份证号 (optional), 月工资收入, 类别 (optional, 在职 by
default), 起始月份. A row for a month that already has a base updates it. Every bad row is named
with its Excel row number and nothing is saved unless all rows are valid."""

import datetime
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from branches.exports.resources import (
    ChineseDateWidget,
    ChoiceLabelWidget,
    PreviewDiff,
    TextWidget,
    excel_row,
)
from branches.models import Member
from dues.models import DuesBase
from dues.rules import Category

MONTH_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")


class MonthWidget(ChineseDateWidget):
    """2026-03, 2026年3月, or a date (its month)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and (match := MONTH_PATTERN.match(value.strip())):
            try:
                return datetime.date(int(match[1]), int(match[2]), 1)
            except ValueError:
                raise ValueError(_("“%(value)s”不是真实的月份。") % {"value": value}) from None
        day = super().clean(value, row, **kwargs)
        if day is None:
            raise ValueError(_("请填写起始月份，如 2026-03。"))
        return day.replace(day=1)

    def render(self, value, obj=None, **kwargs):
        return f"{value:%Y-%m}" if value else ""


class WageWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            raise ValueError(_("请填写月工资收入（元）。"))
        if isinstance(value, bool):
            raise ValueError(_("这一格是逻辑值（TRUE/FALSE），请填写金额。"))
        try:
            amount = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(_("“%(value)s”不是金额。") % {"value": value}) from None
        if not amount.is_finite() or amount < 0 or amount >= 1_000_000:
            raise ValueError(_("月工资收入应在 0 到 1000000 元之间。"))
        return amount.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return f"{value:.2f}" if value is not None else ""


class CategoryWidget(ChoiceLabelWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or Category.EMPLOYED


def _field(attribute, column, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, widget=widget, **kwargs)


class DuesBaseResource(resources.ModelResource):
    name = _field("member__name", "姓名", TextWidget(), readonly=True)
    wage = _field("wage", "月工资收入", WageWidget())
    category = _field("category", "类别", CategoryWidget(Category.choices))
    effective_month = _field("effective_month", "起始月份", MonthWidget())

    REQUIRED_COLUMNS = ("月工资收入", "起始月份")

    class Meta:
        model = DuesBase
        fields = ("name", "wage", "category", "effective_month")
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, organization=None, **kwargs):
        super().__init__(**kwargs)
        self.organization = organization
        self._row_number = 0
        self._seen = {}

    @classmethod
    def get_display_name(cls):
        return _("党费基数（工资收入）")

    def get_diff_class(self):
        return PreviewDiff

    def before_import(self, dataset, **kwargs):
        if self.organization is None:
            raise ValueError(_("请选择要导入到的党组织。"))
        headers = [re.sub(r"\s+", "", str(header or "")) for header in dataset.headers or []]
        missing = [column for column in self.REQUIRED_COLUMNS if column not in headers]
        if "姓名" not in headers and "身份证号" not in headers:
            missing.insert(0, "姓名或身份证号")
        if missing:
            raise ValueError(
                _(
                    "表头缺少“%(columns)s”列。第一行应为表头：姓名、身份证号、月工资收入、类别、起始月份。"
                )
                % {"columns": "、".join(missing)}
            )
        dataset.headers = headers
        for index in reversed(range(len(dataset))):
            if all(value in (None, "") for value in dataset[index]):
                del dataset[index]
        self._seen = {}
        self._by_id_number, self._by_name = {}, defaultdict(list)
        for member in Member.objects.filter(organization=self.organization):
            if member.id_number:
                self._by_id_number[member.id_number] = member
            self._by_name[member.name].append(member)
        self._bases = {
            (base.member_id, base.effective_month): base
            for base in DuesBase.objects.filter(member__organization=self.organization)
        }

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", 0)

    def _member(self, row):
        id_number = str(row.get("身份证号") or "").strip().upper()
        name = str(row.get("姓名") or "").strip()
        if id_number:
            member = self._by_id_number.get(id_number)
            if member is None:
                raise ValidationError({"身份证号": _("本党组织名册中没有这个身份证号。")})
            return member
        same = self._by_name.get(name, [])
        if not name:
            raise ValidationError({"姓名": _("请填写姓名或身份证号。")})
        if not same:
            raise ValidationError({"姓名": _("本党组织名册中没有“%(name)s”。") % {"name": name}})
        if len(same) > 1:
            raise ValidationError(
                {"姓名": _("名册中有多名“%(name)s”，请填写身份证号区分。") % {"name": name}}
            )
        return same[0]

    def get_instance(self, instance_loader, row):
        member = self._member(row)
        try:
            month = MonthWidget().clean(row.get("起始月份"))
        except ValueError:
            month = None  # the column's own error says what is wrong
        key = (member.pk, month)
        if key in self._seen:
            raise ValidationError(
                _("与第 %(row)s 行是同一人同一月份，请删除重复的行。") % {"row": self._seen[key]}
            )
        self._seen[key] = excel_row(self._row_number)
        self._member_of_row = member
        return self._bases.get(key)

    def init_instance(self, row=None):
        return DuesBase(member=self._member_of_row)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, "member"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
            raise ValidationError({columns.get(k, k): v for k, v in errors.items()}) from None

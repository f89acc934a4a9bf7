"""Forms of the dues pages: a member's base, a month's exception, all paid, a remittance.

Forms validate; the services in dues.services.payments save."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dues.models import DuesBase, Payment, Reduction, Remittance
from dues.rules import month_end
from portal.dates import PARTY_DATE, PAST_DATE, DateInput, PlausibleDatesForm
from portal.text import PlainTextFormMixin, PlainTextModelForm
from portal.versioning import VersionedFormMixin

MAX_PREPAY_MONTHS = 12
MONEY_LIMIT = 1_000_000


class MonthInput(forms.DateInput):
    """The browser's month picker (sends YYYY-MM)."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A month, stored as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": gettext_lazy("请按“年-月”填写月份，例如 2026-03。")}

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


def _month_picker_bounds(form):
    """PlausibleDatesMixin set ISO-date bounds; a month picker wants YYYY-MM."""
    for field in form.fields.values():
        if isinstance(field, MonthField):
            for key in ("min", "max"):
                if key in field.widget.attrs:
                    field.widget.attrs[key] = field.widget.attrs[key][:7]


def _money(label, *, required=True, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=10,
        decimal_places=2,
        min_value=0,
        max_value=MONEY_LIMIT,
        help_text=help_text,
        error_messages={
            "invalid": _("请填写金额（元），例如 45.50。"),
            "max_decimal_places": _("金额最多精确到分（两位小数）。"),
            "max_digits": _("金额过大。"),
        },
    )


class DuesBaseForm(PlainTextModelForm):
    effective_month = MonthField(label=gettext_lazy("起始月份"))

    class Meta:
        model = DuesBase
        fields = ["category", "wage", "effective_month", "note"]

    date_ranges = {"effective_month": PARTY_DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wage"].max_value = MONEY_LIMIT
        self.fields["wage"].validators.append(MaxValueValidator(MONEY_LIMIT))
        self.fields["wage"].error_messages.update(
            {
                "invalid": _("请填写月工资收入（元），例如 4800。"),
                "max_decimal_places": _("金额最多精确到分（两位小数）。"),
                "max_digits": _("金额过大。"),
            }
        )
        _month_picker_bounds(self)


class ReductionForm(PlainTextModelForm):
    """An approved reduction (减交 to a monthly amount) or exemption (免交) for a span of months."""

    first_month = MonthField(label=gettext_lazy("起始月份"))
    last_month = MonthField(
        label=gettext_lazy("截止月份"), required=False, help_text=gettext_lazy("长期有效可留空")
    )

    class Meta:
        model = Reduction
        fields = ["kind", "monthly_amount", "first_month", "last_month", "approved_on", "reason"]
        widgets = {"approved_on": DateInput}

    date_ranges = {"first_month": PARTY_DATE, "last_month": PARTY_DATE, "approved_on": PAST_DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monthly_amount"].validators.append(MaxValueValidator(MONEY_LIMIT))
        self.fields["monthly_amount"].error_messages.update(
            {
                "invalid": _("请填写金额（元），例如 10.00。"),
                "max_decimal_places": _("金额最多精确到分（两位小数）。"),
                "max_digits": _("金额过大。"),
            }
        )
        _month_picker_bounds(self)


class AllPaidForm(PlausibleDatesForm):
    paid_on = forms.DateField(label=gettext_lazy("交纳日期"), widget=DateInput)
    date_ranges = {"paid_on": PAST_DATE}


class PaymentForm(VersionedFormMixin, PlainTextFormMixin, PlausibleDatesForm):
    """One member's month: paid (the amount derived unless typed, 代缴, 自愿多交, several months
    ahead) or unpaid with a reason."""

    status = forms.ChoiceField(
        label=gettext_lazy("状态"), choices=Payment.Status.choices, widget=forms.RadioSelect
    )
    paid_on = forms.DateField(label=gettext_lazy("交纳日期"), widget=DateInput, required=False)
    amount = _money(
        gettext_lazy("实交金额（元）"),
        required=False,
        help_text=gettext_lazy("留空按应缴金额（加自愿多交）计；少交时填实际金额"),
    )
    voluntary_extra = _money(gettext_lazy("自愿多交（元）"), required=False)
    paid_by = forms.CharField(
        label=gettext_lazy("代缴人"), max_length=50, required=False, help_text=_("本人交纳时留空")
    )
    months = forms.IntegerField(
        label=gettext_lazy("预交月数"),
        initial=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PREPAY_MONTHS)],
        help_text=gettext_lazy("一次交纳本月及以后几个月时填写（最多 12）"),
        error_messages={"invalid": _("请填写 1 到 12 之间的整数。")},
    )
    unpaid_reason = forms.CharField(label=gettext_lazy("未交原因"), max_length=200, required=False)

    date_ranges = {"paid_on": PAST_DATE}

    def __init__(self, *args, payment=None, **kwargs):
        self.payment = payment
        super().__init__(*args, **kwargs)

    def versioned_object(self):
        return self.payment

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status == Payment.Status.PAID:
            if not data.get("paid_on") and "paid_on" not in self.errors:
                self.add_error("paid_on", _("已交须填交纳日期。"))
            extra = data.get("voluntary_extra") or 0
            amount = data.get("amount")
            if amount is not None and extra > amount:
                self.add_error("voluntary_extra", _("自愿多交的部分不能超过实交金额。"))
            if data.get("months", 1) > 1 and amount is not None:
                self.add_error("amount", _("预交多个月时按每月应缴金额计，实交金额请留空。"))
        elif status == Payment.Status.UNPAID:
            if not data.get("unpaid_reason"):
                self.add_error("unpaid_reason", _("未交时请写明原因（如病休、外出，下月补交）。"))
            if data.get("months", 1) > 1:
                self.add_error("months", _("未交只记录本月。"))
        return data


class RemittanceForm(VersionedFormMixin, PlainTextModelForm):
    class Meta:
        model = Remittance
        fields = ["amount", "remitted_on", "receiver", "receipt_number"]
        widgets = {"remitted_on": DateInput}

    date_ranges = {"remitted_on": PAST_DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].validators.append(MaxValueValidator(MONEY_LIMIT))
        self.fields["amount"].error_messages.update(
            {
                "invalid": _("请填写金额（元），例如 1350.00。"),
                "max_decimal_places": _("金额最多精确到分（两位小数）。"),
                "max_digits": _("金额过大。"),
            }
        )


def default_paid_on(month, today=None):
    """The date the all-paid form proposes: today, or the month's last day for a past month."""
    today = today or datetime.date.today()
    return min(today, month_end(month))

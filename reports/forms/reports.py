"""Forms of the report pages: they validate and render; saving is the model's or a service's job."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.periods import REPORT_PERIOD_CHOICES, PeriodType, period_for
from portal.dates import DateInput, DateRange, PlausibleDatesMixin
from portal.text import PlainTextFormMixin
from portal.versioning import VersionedFormMixin
from reports.models import Report, ReviewComment

MIN_YEAR = 2000


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告类型"), choices=Report.Kind.choices)
    period_type = forms.ChoiceField(
        label=_("时段"), choices=REPORT_PERIOD_CHOICES, initial=PeriodType.CALENDAR_YEAR
    )
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        help_text=_("自然年度填年份；学年度填开始的年份，如 2019学年度 填 2019"),
        error_messages={"invalid": _("请填写四位数的年份，如 2021。")},
    )
    committee = forms.ModelChoiceField(
        label=_("支委会任期"),
        required=False,
        queryset=None,
        empty_label=_("（任期报告时选择）"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = organization.committees.order_by("-term_start")
        self.fields["year"].initial = timezone.localdate().year
        self.period = None

    def clean(self):
        data = super().clean()
        period_type = data.get("period_type")
        if period_type == PeriodType.TERM:
            if not data.get("committee"):
                self.add_error("committee", _("任期报告请选择一届支委会。"))
                return data
        elif period_type:
            year = data.get("year")
            if year is None:
                if "year" not in self.errors:
                    self.add_error("year", _("请填写年度。"))
                return data
            if not MIN_YEAR <= year <= timezone.localdate().year + 1:
                self.add_error(
                    "year",
                    _("年度应在 %(min)s 年到 %(max)s 年之间。")
                    % {"min": MIN_YEAR, "max": timezone.localdate().year + 1},
                )
                return data
        if period_type:
            self.period = period_for(
                period_type=period_type, year=data.get("year"), committee=data.get("committee")
            )
        return data


class ReportTextForm(VersionedFormMixin, PlausibleDatesMixin, PlainTextFormMixin, forms.ModelForm):
    date_ranges = {"report_date": DateRange(datetime.date(MIN_YEAR, 1, 1), years_ahead=1)}

    class Meta:
        model = Report
        fields = ["title", "report_date", "section_work", "section_problems", "section_plans"]
        widgets = {
            "report_date": DateInput,
            "section_work": forms.Textarea(attrs={"rows": 14}),
            "section_problems": forms.Textarea(attrs={"rows": 10}),
            "section_plans": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "section_work": _("一段一行；分点可写“1、…”“（一）…”。"),
        }
        error_messages = {"report_date": {"invalid": _("请填写正确的日期，如 2021-12-15。")}}


class DraftForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    replace = forms.BooleanField(label=_("替换第一部分现有内容"), required=False)


class ReturnForm(PlainTextFormMixin, forms.Form):
    """One optional comment per section plus an overall one; at least one is needed."""

    general = forms.CharField(
        label=ReviewComment.Section.GENERAL.label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    work = forms.CharField(
        label=ReviewComment.Section.WORK.label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    problems = forms.CharField(
        label=ReviewComment.Section.PROBLEMS.label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    plans = forms.CharField(
        label=ReviewComment.Section.PLANS.label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in self.fields):
            raise forms.ValidationError(_("退回修改时请至少写一条意见。"))
        return data

    def comments(self):
        keys = {"general": "", "work": "work", "problems": "problems", "plans": "plans"}
        return [(keys[name], self.cleaned_data.get(name) or "") for name in self.fields]


class ApproveForm(PlainTextFormMixin, forms.Form):
    rating = forms.ChoiceField(
        label=_("评定等次"),
        choices=Report.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择评定等次。"),
            "invalid_choice": _("请选择评定等次：好、较好、一般或差。"),
        },
    )
    comment = forms.CharField(
        label=_("审阅意见（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

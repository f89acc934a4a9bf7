import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.periods import calendar_year

FIRST_YEAR = 2000


class YearForm(forms.Form):
    """The roll-up's year (a calendar year, this year when none or a bad one is given)."""

    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        min_value=FIRST_YEAR,
        error_messages={
            "invalid": _("年度请填写四位数字，例如 2026。"),
            "min_value": _("年度不能早于 %(limit_value)s 年。"),
        },
    )

    def __init__(self, data=None, *, today):
        super().__init__(data or None)
        self.today = today
        self.fields["year"].widget.attrs.update(
            {"max": today.year + 1, "class": "form-control form-control-sm"}
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year and year > self.today.year + 1:
            raise forms.ValidationError(
                _("年度不能晚于 %(year)s 年。") % {"year": self.today.year + 1}
            )
        return year

    def period(self):
        year = self.today.year
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            year = self.cleaned_data["year"]
        return calendar_year(year)


def default_as_of(today):
    """党内统计's default day: 31 December of the current year."""
    return datetime.date(today.year, 12, 31)


class AsOfForm(forms.Form):
    """党内统计's day (the roster as of it; the year's flows from 1 January of its year)."""

    on = forms.DateField(
        label=_("统计截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
        error_messages={"invalid": _("请输入有效日期，例如 2026-12-31。")},
    )

    def __init__(self, data=None, *, today):
        super().__init__(data or None)
        self.today = today

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and on.year < FIRST_YEAR:
            raise forms.ValidationError(_("统计日期不能早于 %(year)s 年。") % {"year": FIRST_YEAR})
        if on and on.year > self.today.year + 1:
            raise forms.ValidationError(_("统计日期不能晚于明年年底。"))
        return on

    def day(self):
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return default_as_of(self.today)

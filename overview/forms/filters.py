"""The overview's GET filters: year (calendar or school year), school, organisation kind, sort."""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models import Organization, School
from branches.periods import Period, period_containing, year_period

SORT_CHOICES = [
    ("school", _("按学校")),
    ("rate", _("完成率从低到高")),
    ("-rate", _("完成率从高到低")),
]


@dataclass(frozen=True)
class Options:
    period: Period
    school: School | None
    kind: str
    sort: str
    silent: bool

    def query(self, **extra):
        """The query string that reproduces these options (for exports and drill-down links)."""
        values = {"year": self.period.year}
        if self.period.school_year:
            values["school"] = "1"
        if self.school is not None:
            values["school_id"] = self.school.pk
        if self.kind:
            values["kind"] = self.kind
        if self.sort != "school":
            values["sort"] = self.sort
        if self.silent:
            values["silent"] = "1"
        values.update({key: value for key, value in extra.items() if value is not None})
        return urlencode(values)

    @property
    def kind_label(self):
        return Organization.Kind(self.kind).label if self.kind else ""

    @property
    def query_without_school(self):
        return replace(self, school=None).query()

    def selection(self):
        return {
            "school": self.school,
            "kind": self.kind,
            "sort": self.sort,
            "silent": self.silent,
        }


class OverviewForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    school = forms.BooleanField(label=_("按学年度（9月—次年8月）"), required=False)
    school_id = forms.ModelChoiceField(
        label=_("学校"), queryset=School.objects.none(), required=False, empty_label=_("全部学校")
    )
    kind = forms.ChoiceField(
        label=_("党组织类型"),
        choices=[("", _("全部类型")), *Organization.Kind.choices],
        required=False,
    )
    sort = forms.ChoiceField(label=_("排序"), choices=SORT_CHOICES, required=False)
    silent = forms.BooleanField(label=_("只看超过 30 天无记录的支部"), required=False)

    def __init__(self, data=None, *, district):
        super().__init__(data)
        self.fields["school_id"].queryset = School.objects.filter(district=district).order_by(
            "name"
        )
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def options(self, today):
        """The chosen options; a field with a bad value falls back to its default (the form
        keeps the error to show next to the field)."""
        data = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that are valid
            data = self.cleaned_data
        school_year = bool(data.get("school"))
        year = data.get("year")
        period = (
            year_period(year, school_year=school_year)
            if year
            else period_containing(today, school_year=school_year)
        )
        return Options(
            period=period,
            school=data.get("school_id"),
            kind=data.get("kind") or "",
            sort=data.get("sort") or "school",
            silent=bool(data.get("silent")),
        )

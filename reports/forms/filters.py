"""The reviewer's queue filters (django-filter): status, year, school, kind."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models import School
from branches.scope import scope_for
from reports.models import Report


def _schools(request):
    if request is None:
        return School.objects.none()
    scope = scope_for(request.user)
    schools = School.objects.select_related("district").order_by("district", "name")
    if scope.is_admin:
        return schools
    return schools.filter(district_id__in=scope.reviewer_district_ids)


WAITING = "waiting"


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[(WAITING, _("待审阅（已提交或重新提交）")), *Report.Status.choices],
        empty_label=_("全部状态"),
        method="filter_status",
    )
    year = YearFilter(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("请填写四位数的年份，如 2021。"),
            "min_value": _("请填写 2000 到 2100 之间的年份。"),
            "max_value": _("请填写 2000 到 2100 之间的年份。"),
        },
    )
    school = django_filters.ModelChoiceFilter(
        label=_("学校"),
        field_name="organization__school",
        queryset=_schools,
        empty_label=_("全部学校"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("报告类型"), choices=Report.Kind.choices, empty_label=_("全部类型")
    )

    class Meta:
        model = Report
        fields = ["status", "year", "school", "kind"]

    def filter_status(self, queryset, name, value):
        if value == WAITING:
            return queryset.awaiting_review()
        return queryset.filter(status=value)

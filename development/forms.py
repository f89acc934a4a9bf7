"""Forms of the pipeline pages: a step (its fields as the step needs), the pipeline's status,
and the period of the generated lists. Forms validate; development.services saves."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Member
from branches.models.activities import Activity
from branches.models.activity_parts import AgendaItem
from development.models import Pipeline, Step
from portal.dates import PARTY_PAST_DATE, DateInput, PlausibleDatesForm
from portal.text import PlainTextModelForm
from portal.versioning import VersionedFormMixin


class AgendaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.activity.date} {obj.activity.get_kind_display()}：{obj.title}"


class StepForm(VersionedFormMixin, PlainTextModelForm):
    date_ranges = {"date": PARTY_PAST_DATE, "period_end": PARTY_PAST_DATE}

    class Meta:
        model = Step
        fields = [
            "date",
            "agenda_item",
            "person_1",
            "person_2",
            "people_elsewhere",
            "document_number",
            "period_end",
            "hours",
            "note",
        ]
        widgets = {"date": DateInput, "period_end": DateInput}
        field_classes = {"agenda_item": AgendaChoiceField}

    def __init__(self, *args, definition, member, **kwargs):
        self.definition = definition
        super().__init__(*args, **kwargs)
        keep = {"date", "note", "lock_version"}
        if definition.people:
            keep |= {"person_1", "person_2", "people_elsewhere"}
            people = (
                Member.objects.filter(organization_id=member.organization_id)
                .filter(full_date__isnull=False, left_on__isnull=True)
                .exclude(pk=member.pk)
            )
            self.fields["person_1"].queryset = people
            self.fields["person_2"].queryset = people
            self.fields["person_1"].label = f"{definition.people}（一）"
            self.fields["person_2"].label = f"{definition.people}（二）"
            self.fields["people_elsewhere"].label = _("外单位%(who)s") % {"who": definition.people}
        if definition.meeting:
            keep.add("agenda_item")
            field = self.fields["agenda_item"]
            field.queryset = (
                AgendaItem.objects.filter(
                    activity__organization_id=member.organization_id,
                    activity__kind=definition.meeting,
                    activity__status=Activity.Status.HELD,
                )
                .select_related("activity")
                .order_by("-activity__date", "position")
            )
            field.label = _("会议记录中的议题")
            field.help_text = _("日期、表决和出席人数取自会议记录；没有记录请先登记活动。")
            self.fields["date"].required = False
            self.fields["date"].help_text = _("选择了会议议题时，取会议日期")
        if definition.document:
            keep.add("document_number")
        if definition.period:
            keep.add("period_end")
            self.fields["period_end"].label = definition.period
        if definition.hours:
            keep.add("hours")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        item = data.get("agenda_item")
        if (
            self.definition.meeting
            and not item
            and not data.get("date")
            and "date" not in self.errors
        ):
            self.add_error("date", _("请选择会议议题或填写日期。"))
        if item is not None:
            data["date"] = item.activity.date
            self.instance.meeting = item.activity
        elif self.definition.meeting:
            self.instance.meeting = None
        end = data.get("period_end")
        if end and data.get("date") and end < data["date"]:
            self.add_error("period_end", _("结束日期不能早于开始日期。"))
        hours = data.get("hours")
        if hours is not None and not 0 <= hours <= 999:
            self.add_error("hours", _("学时应在 0 至 999 之间。"))
        p1, p2 = data.get("person_1"), data.get("person_2")
        if p1 and p2 and p1 == p2:
            self.add_error("person_2", _("两人不能是同一人。"))
        return data

    def _post_clean(self):
        # The date taken from the meeting record before the model's own checks.
        if self.cleaned_data.get("agenda_item") is not None:
            self.instance.date = self.cleaned_data["date"]
        super()._post_clean()


class PipelineForm(VersionedFormMixin, PlainTextModelForm):
    date_ranges = {"closed_on": PARTY_PAST_DATE}

    class Meta:
        model = Pipeline
        fields = ["status", "closed_on", "close_reason", "recommendation", "extension_months"]
        widgets = {"closed_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extension_months"].widget.attrs["max"] = 12

    def clean_extension_months(self):
        value = self.cleaned_data.get("extension_months") or 0
        if value > 12:
            raise forms.ValidationError(_("延长预备期最多 12 个月。"))
        return value


class StartForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=gettext_lazy("推荐方式"),
        choices=[("", "—"), *Pipeline.Recommendation.choices],
        required=False,
    )


class PeriodForm(PlausibleDatesForm):
    start = forms.DateField(label=gettext_lazy("起"), widget=DateInput, required=False)
    end = forms.DateField(label=gettext_lazy("止"), widget=DateInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data

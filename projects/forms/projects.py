"""Forms of the projects pages; they validate, projects.services saves."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Member, Organization, PartyGroup
from portal.dates import PARTY_DATE, DateInput
from portal.text import PlainTextFormMixin, PlainTextModelForm
from portal.versioning import VersionedFormMixin
from projects.models import Milestone, Project


class ProjectForm(VersionedFormMixin, PlainTextModelForm):
    """A project of `organization` (the team and leader from its roster, the group from its
    groups)."""

    class Meta:
        model = Project
        fields = [
            "title",
            "kind",
            "group",
            "goal",
            "start_date",
            "end_date",
            "leader",
            "team",
            "partners",
            "result",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 3}),
            "team": forms.CheckboxSelectMultiple,
        }

    date_ranges = {"start_date": PARTY_DATE, "end_date": PARTY_DATE}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        members = Member.objects.filter(
            organization_id__in=Organization.objects.subtree_ids(organization)
        ).order_by("name", "id")
        self.fields["leader"].queryset = members
        self.fields["team"].queryset = members
        self.fields["team"].required = False
        self.fields["group"].queryset = PartyGroup.objects.filter(organization=organization)
        self.fields["goal"].max_length = 2000
        self.fields["result"].max_length = 2000

    def team(self):
        return self.cleaned_data.get("team") or []


class MilestoneForm(VersionedFormMixin, PlainTextModelForm):
    class Meta:
        model = Milestone
        fields = ["date", "title", "status", "done_on"]
        widgets = {"date": DateInput, "done_on": DateInput}

    date_ranges = {"date": PARTY_DATE, "done_on": PARTY_DATE}


class PickForm(forms.Form):
    """Ids picked from a list (records or honours); the service checks they may be picked."""

    ids = forms.TypedMultipleChoiceField(
        label=gettext_lazy("选择"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = choices
        self.fields["ids"].error_messages.update(
            {
                "required": _("请至少选择一项。"),
                "invalid_choice": _("所选的项目已不可选（可能已被关联或删除），请刷新后重试。"),
            }
        )


class ReviewForm(VersionedFormMixin, PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["district_example", "review_comment"]
        widgets = {"review_comment": forms.Textarea(attrs={"rows": 3})}
        labels = {"district_example": gettext_lazy("评为区级优秀项目")}

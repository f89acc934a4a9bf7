"""The secretary's choice of members to open accounts for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models import Member


class OpenAccountsForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("请至少选择一名党员。"),
            "invalid_choice": _("所选党员不在本支部名册中，请刷新页面后重新选择。"),
            "invalid_pk_value": _("所选党员不在本支部名册中，请刷新页面后重新选择。"),
        },
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members

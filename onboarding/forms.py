import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from branches.models import OrganizationRole
from branches.validators import normalize_phone, validate_phone
from onboarding.workbook import USERNAME
from portal import spreadsheets
from portal.dates import PlausibleDatesMixin
from portal.text import PlainTextFormMixin


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("开通工作簿（Excel .xlsx 或 CSV）"),
        help_text=_(
            "每行一个党组织：学校、党组织、类型、上级党组织、书记姓名、书记手机、书记用户名。"
        ),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        spreadsheets.check_upload_size(upload)
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("请上传 Excel（.xlsx）或 CSV 文件。"))
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class CredentialsForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("账号"), queryset=get_user_model().objects.none(), widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = accounts
        self.fields["users"].error_messages["invalid_choice"] = _(
            "所选账号不属于本区，或不能由本区管理员发放密码。"
        )


class AccountFieldsMixin:
    """An existing account of the district by its username, or a new one (name and phone)."""

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not USERNAME.match(username):
            raise forms.ValidationError(_("用户名只能用 3–150 个英文字母、数字或 _ . @ + -。"))
        return username

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone"))
        validate_phone(phone)
        return phone

    def clean(self):
        data = super().clean()
        username = data.get("username")
        if not username:
            return data
        existing = get_user_model().objects.filter(username=username).first()
        if existing is not None:
            if not self.accounts.filter(pk=existing.pk).exists():
                self.add_error("username", _("该用户名已被本区以外或其他角色的账号使用。"))
            data["user"] = existing
        else:
            if not data.get("name"):
                self.add_error("name", _("新账号须填写姓名。"))
            if not data.get("phone"):
                self.add_error("phone", _("新账号须填写手机。"))
            data["user"] = None
        return data


class HandoverForm(AccountFieldsMixin, PlausibleDatesMixin, PlainTextFormMixin, forms.Form):
    on = forms.DateField(
        label=_("交接日期"), widget=forms.DateInput(attrs={"type": "date"}), initial=None
    )
    username = forms.CharField(
        label=_("新书记用户名"),
        max_length=150,
        help_text=_("已有账号填其用户名；新账号另填姓名和手机，打印账号通知单后交给本人。"),
    )
    name = forms.CharField(label=_("新书记姓名（新账号）"), max_length=50, required=False)
    phone = forms.CharField(label=_("新书记手机（新账号）"), max_length=20, required=False)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        self.fields["on"].initial = datetime.date.today()


class RoleForm(AccountFieldsMixin, PlainTextFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=OrganizationRole.Role.choices)
    username = forms.CharField(label=_("用户名"), max_length=150)
    name = forms.CharField(label=_("姓名（新账号）"), max_length=50, required=False)
    phone = forms.CharField(label=_("手机（新账号）"), max_length=20, required=False)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts = accounts


class PartyGroupForm(PlainTextFormMixin, forms.Form):
    group_name = forms.CharField(label=_("党小组名称"), max_length=50)

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from branches.models import Organization, OrganizationRole, School
from branches.validators import normalize_phone, validate_phone
from onboarding.workbook import USERNAME
from portal import spreadsheets
from portal.dates import DateRange, PlausibleDatesMixin
from portal.text import PlainTextFormMixin, PlainTextModelForm
from portal.versioning import VersionedFormMixin


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
    # Today, earlier (a hand-over registered late) or up to a year ahead (换届 announced early).
    date_ranges = {"on": DateRange(years_ahead=1)}

    on = forms.DateField(
        label=_("交接日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=None,
        help_text=_("可填以后的日期：到那天新书记才获得权限、原书记才失去权限，在此之前可撤销。"),
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


class SchoolForm(VersionedFormMixin, PlainTextModelForm):
    """A school's name, corrected by its district's administrator (a stale edit is refused)."""

    class Meta:
        model = School
        fields = ["name"]
        error_messages = {"name": {"required": _("请填写学校名称。")}}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写学校名称。"))
        others = School.objects.filter(district_id=self.instance.district_id, name=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("本区已有名为“%(name)s”的学校。") % {"name": name})
        return name


RANK = {
    Organization.Kind.COMMITTEE: 0,
    Organization.Kind.GENERAL_BRANCH: 1,
    Organization.Kind.BRANCH: 2,
}


class OrganizationForm(VersionedFormMixin, PlainTextModelForm):
    """An organisation's name, kind and parent (within its school), corrected by its district's
    administrator. A kind that would leave a child or a party group out of place is refused."""

    class Meta:
        model = Organization
        fields = ["name", "kind", "parent"]
        error_messages = {"name": {"required": _("请填写党组织名称。")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        org = self.instance
        self.fields["parent"].queryset = (
            Organization.objects.filter(school_id=org.school_id)
            .exclude(pk=org.pk)
            .exclude(parent_id=org.pk)
            .exclude(parent__parent_id=org.pk)
            .order_by("kind", "name")
        )
        self.fields["parent"].empty_label = _("（无上级，学校的最高一级党组织）")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写党组织名称。"))
        others = Organization.objects.filter(school_id=self.instance.school_id, name=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("这所学校已有名为“%(name)s”的党组织。") % {"name": name})
        return name

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        org = self.instance
        if kind == org.kind:
            return kind
        children = list(org.children.values_list("kind", flat=True))
        if any(RANK[child] <= RANK[kind] for child in children):
            raise forms.ValidationError(
                _("它的下级党组织层级须低于它（党委 > 党总支 > 党支部）：请先调整下级党组织。")
            )
        if kind != Organization.Kind.BRANCH and org.groups.exists():
            raise forms.ValidationError(
                _("该党支部下设有党小组（党小组只能设在党支部之下），不能改为其他类型。")
            )
        return kind

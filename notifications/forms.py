from django import forms
from django.utils.translation import gettext_lazy as _


class DigestSettingForm(forms.Form):
    email_digest = forms.BooleanField(
        label=_("每周一封邮件提醒"),
        required=False,
        help_text=_(
            "列出本周、本月到期和已逾期的事项；没有待办时不发送。邮件中的退订链接无需登录即可使用。"
        ),
    )

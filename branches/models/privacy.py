"""The audit trail of personal data: every time someone reveals a member's full 身份证号 or phone."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonalDataReveal(models.Model):
    """One tap on 显示 on a member page: who saw whose number, which one, and when.

    Rows outlive the member and the account (the names are kept), so the trail stays complete.
    """

    class Field(models.TextChoices):
        PHONE = "phone", _("联系电话")
        ID_NUMBER = "id_number", _("身份证号")

    member = models.ForeignKey(
        "branches.Member",
        on_delete=models.SET_NULL,
        null=True,
        related_name="reveals",
        verbose_name=_("党员"),
    )
    member_name = models.CharField(_("党员姓名"), max_length=50)
    organization = models.ForeignKey(
        "branches.Organization",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("党组织"),
    )
    field = models.CharField(_("查看的信息"), max_length=20, choices=Field.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("查看人"),
    )
    user_name = models.CharField(_("查看人账号"), max_length=150)
    revealed_at = models.DateTimeField(_("查看时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-revealed_at", "-id"]

    def __str__(self):
        return f"{self.user_name} · {self.member_name} · {self.get_field_display()}"

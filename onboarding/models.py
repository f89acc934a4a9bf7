"""What bulk onboarding keeps: the uploaded workbook between preview and confirmation, and the
phone of each account it opened."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import District


class OnboardingPreview(models.Model):
    """An uploaded onboarding workbook, kept under a random token bound to the user and district
    that previewed it (as branches.models.ImportPreview for the roster): the confirmation names
    only the token. Removed on confirmation and after LIFETIME."""

    LIFETIME = datetime.timedelta(hours=1)

    token = models.CharField(_("令牌"), max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("用户")
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="+", verbose_name=_("区县")
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    data = models.BinaryField(_("文件内容"))
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("开通导入预览")
        verbose_name_plural = _("开通导入预览")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.file_name

    @classmethod
    def start(cls, *, user, district, file_name, data):
        now = timezone.now()
        cls.objects.filter(created_at__lt=now - cls.LIFETIME).delete()
        cls.objects.filter(user=user).delete()  # one preview per user at a time
        return cls.objects.create(
            token=secrets.token_urlsafe(32),
            user=user,
            district=district,
            file_name=file_name[:255],
            data=data,
        )

    @classmethod
    def live(cls, *, token, user):
        return (
            cls.objects.filter(
                token=token, user=user, created_at__gte=timezone.now() - cls.LIFETIME
            )
            .select_related("district")
            .first()
        )


class AccountContact(models.Model):
    """The phone of an account opened by a district administrator (shown masked)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="contact",
        verbose_name=_("用户"),
    )
    phone = models.CharField(_("手机"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("账号联系方式")
        verbose_name_plural = _("账号联系方式")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)

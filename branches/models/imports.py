"""An uploaded roster file between the import preview and its confirmation."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organizations import Organization


class ImportPreviewQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - ImportPreview.LIFETIME)

    def live(self, now=None):
        return self.filter(created_at__gte=(now or timezone.now()) - ImportPreview.LIFETIME)


class ImportPreview(models.Model):
    """The file of a preview, kept on the server under a random token and bound to the user and
    organisation that made it: the confirmation names only the token, never a file path, and
    nobody else's token is accepted. Removed on confirmation, after LIFETIME, and beyond each
    user's KEPT_PER_USER most recent previews."""

    LIFETIME = datetime.timedelta(hours=1)
    KEPT_PER_USER = 3

    token = models.CharField(_("令牌"), max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("用户")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("党组织")
    )
    model = models.CharField(_("导入对象"), max_length=100)  # the model's label_lower
    file_name = models.CharField(_("文件名"), max_length=255)
    format = models.PositiveSmallIntegerField(_("格式"))  # index into the admin's import formats
    resource = models.PositiveSmallIntegerField(_("资源"), default=0)
    data = models.BinaryField(_("文件内容"))
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    objects = ImportPreviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入预览")
        verbose_name_plural = _("导入预览")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="importpreview_user_idx")]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def purge_expired(cls):
        """Remove the previews past LIFETIME; returns how many."""
        return cls.objects.expired().delete()[0]

    @classmethod
    def start(cls, *, user, organization, model, file_name, format, resource, data):
        """Keep a new preview's file; drop expired previews and the user's oldest ones."""
        cls.purge_expired()
        older = cls.objects.filter(user=user).values_list("pk", flat=True)[cls.KEPT_PER_USER - 1 :]
        cls.objects.filter(pk__in=list(older)).delete()
        return cls.objects.create(
            token=secrets.token_urlsafe(32),
            user=user,
            organization=organization,
            model=model,
            file_name=file_name[:255],
            format=format,
            resource=resource,
            data=data,
        )

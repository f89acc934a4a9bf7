"""Deleted activity records, kept whole so that an admin can put them back."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organizations import Organization


class DeletedActivity(models.Model):
    """A snapshot of a deleted record with its attendance, agenda, appraisals and attachments
    (Django's JSON serialisation, primary keys included). Its files stay in storage until the
    snapshot is purged, so restoring brings everything back as it was."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("党组织")
    )
    activity_id = models.PositiveBigIntegerField(_("原记录编号"))
    label = models.CharField(_("记录"), max_length=250)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("删除人"),
    )
    deleted_at = models.DateTimeField(_("删除时间"), default=timezone.now)
    payload = models.TextField(_("记录内容（JSON）"), editable=False)
    restored_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("恢复人"),
    )

    class Meta:
        verbose_name = _("已删除的活动记录")
        verbose_name_plural = _("已删除的活动记录")
        ordering = ["-deleted_at", "-id"]
        indexes = [models.Index(fields=["activity_id"], name="deleted_activity_idx")]

    def __str__(self):
        return self.label

    @property
    def is_restored(self):
        return self.restored_at is not None

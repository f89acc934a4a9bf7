"""Reminders that come to people: the in-portal notifications (the bell), the weekly digests
sent, and each user's choice of digest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NotificationQuerySet(models.QuerySet):
    def current(self):
        """Notifications whose item is still due (not resolved since)."""
        return self.filter(resolved_at__isnull=True)

    def unread(self):
        return self.current().filter(read_at__isnull=True)


class Notification(models.Model):
    """One reminder item for one user, kept while the item is due (notifications.services.sync).

    `key` names the item (its kind, organisation, due date and title) so a sync finds the row
    again; a row whose item is no longer due is resolved, not deleted, so a read one stays read.
    No history: the rows are derived from the records (which have theirs), never typed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("用户"),
    )
    organization = models.ForeignKey(
        "branches.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("党组织"),
    )
    key = models.CharField(_("事项标识"), max_length=64)
    kind = models.CharField(_("类别"), max_length=40)
    title = models.CharField(_("事项"), max_length=300)
    url = models.CharField(_("链接"), max_length=500)
    due = models.DateField(_("到期日"), null=True, blank=True)
    overdue = models.BooleanField(_("已逾期"), default=False)
    created_at = models.DateTimeField(_("产生时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-overdue", "due", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_unique_user_key")
        ]
        indexes = [
            models.Index(fields=["user", "resolved_at", "read_at"], name="notification_user_idx")
        ]

    def __str__(self):
        return self.title


class DigestSetting(models.Model):
    """A user's choice of the weekly digest. Without a row (or `email_digest` None) the role
    decides: secretaries and reviewers receive it, committee members only when they choose to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_setting",
        verbose_name=_("用户"),
    )
    email_digest = models.BooleanField(_("接收每周邮件提醒"), null=True, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    # Who turned it on or off and when (the settings page, the unsubscribe link, /admin/).
    history = HistoricalRecords(verbose_name=_("邮件提醒设置（历史）"))

    class Meta:
        verbose_name = _("邮件提醒设置")
        verbose_name_plural = _("邮件提醒设置")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)


class Digest(models.Model):
    """A weekly digest sent to a user: at most one per user and week (Monday)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digests",
        verbose_name=_("用户"),
    )
    week = models.DateField(_("周（星期一）"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    item_count = models.PositiveIntegerField(_("事项数"), default=0)
    email = models.EmailField(_("收件地址"))

    class Meta:
        verbose_name = _("每周邮件提醒")
        verbose_name_plural = _("每周邮件提醒")
        ordering = ["-week", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="digest_once_a_week")]

    def __str__(self):
        return f"{self.user} · {self.week}"

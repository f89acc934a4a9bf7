"""Members' own accounts and their confirmations of attendance.

A member account links a login to one roster row (branches.Member). It carries no organisation
role: branches.scope gives such a user nothing to see or edit of the organisation; the member's
own pages (selfservice.views.member) read only rows of that roster row.

A confirmation ("我参加了") is the member's word, kept beside the secretary's attendance rows and
never written into them: the secretary's ticks stay authoritative (selfservice.selectors.checkin
compares the two; a conflict is resolved by the secretary through the normal attendance save).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Activity, Member

# No 0/O, 1/I/L: read off a projector and typed on a phone without guessing.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class MemberAccount(models.Model):
    """A party member's own login (党员账号): theirs only, no role in the organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_account",
        verbose_name=_("用户"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="self_accounts", verbose_name=_("党员")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("开通人"),
    )
    created_at = models.DateTimeField(_("开通时间"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("党员账号（历史）"))

    class Meta:
        verbose_name = _("党员账号")
        verbose_name_plural = _("党员账号")
        ordering = ["member__organization", "member__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member"], name="member_account_one_per_member"),
        ]

    def __str__(self):
        return f"{self.member} · {self.user.username}"


class AttendanceCode(models.Model):
    """The 6-character code of one record (meeting), valid on the record's day(s) only
    (Asia/Shanghai). Bound to its record: the same code never opens another one."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="attendance_code", verbose_name=_("活动")
    )
    code = models.CharField(_("签到码"), max_length=CODE_LENGTH, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("生成人"),
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("签到码")
        verbose_name_plural = _("签到码")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.code} · {self.activity}"

    @property
    def first_day(self):
        return self.activity.date

    @property
    def last_day(self):
        return self.activity.end_date or self.activity.date

    def valid_on(self, day):
        return self.first_day <= day <= self.last_day


class AttendanceConfirmation(models.Model):
    """A member's own "我参加了" for one record; the secretary's attendance row is untouched."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="confirmations", verbose_name=_("活动")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="confirmations", verbose_name=_("党员")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认账号"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("本人确认参加（历史）"))

    class Meta:
        verbose_name = _("本人确认参加")
        verbose_name_plural = _("本人确认参加")
        ordering = ["activity", "member__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="confirmation_once_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.activity}"


def today_in_shanghai():
    """Today in the portal's time zone (settings.TIME_ZONE, Asia/Shanghai), whatever the
    server's zone: a code is valid on the meeting's day there."""
    return timezone.localdate()

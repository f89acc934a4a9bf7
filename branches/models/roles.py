"""Who may do what: role rows, not Django groups."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organizations import District, Organization


class OrganizationRoleQuerySet(models.QuerySet):
    """Role rows carry a validity window (a hand-over dated ahead: the successor's row starts on
    that day, the predecessor's ends on it). Whatever decides access reads `current()`: no job
    has to run on the day for the change to take effect."""

    def current(self, on=None):
        """The rows in force on `on` (today): started (or no start) and not yet ended."""
        on = on or datetime.date.today()
        return self.filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=on),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gt=on),
        )

    def live(self, on=None):
        """The rows in force on `on` (today) or starting later: not ended."""
        on = on or datetime.date.today()
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gt=on))


class OrganizationRole(models.Model):
    """A user's role in a party organisation; both roles may file and edit its records."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("书记")
        COMMITTEE = "committee", _("支委")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organization_roles",
        verbose_name=_("用户"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roles", verbose_name=_("党组织")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.SECRETARY)
    # The account holder's own row on the roster: a committee member who holds the 组织委员 post
    # keeps the roster and may reveal full personal data (branches.access.personal_data_org_ids).
    member = models.ForeignKey(
        "branches.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("名册中的本人"),
        help_text=_("该账号对应的本组织党员；担任组织委员时凭此查看完整的身份证号和电话。"),
    )
    # The validity window: from `starts_on` (empty: since it was granted) until the day before
    # `ends_on` (empty: open-ended). See OrganizationRoleQuerySet.current().
    starts_on = models.DateField(_("生效日期"), null=True, blank=True)
    ends_on = models.DateField(
        _("失效日期"),
        null=True,
        blank=True,
        help_text=_("从这一天起不再担任（如书记交接日期）；空表示一直有效。"),
    )
    # Who granted or removed a role, and when (audit trail; admin can restore a deleted role).
    history = HistoricalRecords(verbose_name=_("党组织角色（历史）"))

    objects = OrganizationRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("党组织角色")
        verbose_name_plural = _("党组织角色")
        ordering = ["organization", "role", "user"]
        constraints = [
            # One open-ended row per person and organisation; a row that ends (a hand-over dated
            # ahead) may sit beside the person's next one.
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=models.Q(ends_on__isnull=True),
                name="role_unique_open_user_org",
                violation_error_message=_("此人在该党组织已有角色。"),
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gt=models.F("starts_on")),
                name="role_ends_after_start",
                violation_error_message=_("失效日期必须晚于生效日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.organization} · {self.get_role_display()}"

    def clean(self):
        member_elsewhere = (
            self.member_id
            and self.organization_id
            and self.member.organization_id != self.organization_id
        )
        if member_elsewhere:
            raise ValidationError({"member": _("名册中的本人必须是该党组织的党员。")})


class DistrictReviewer(models.Model):
    """A reviewer at a district education office: reads every organisation of the district."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_roles",
        verbose_name=_("用户"),
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="reviewers", verbose_name=_("区县")
    )
    history = HistoricalRecords(verbose_name=_("教育局审阅人（历史）"))

    class Meta:
        verbose_name = _("教育局审阅人")
        verbose_name_plural = _("教育局审阅人")
        ordering = ["district", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "district"], name="reviewer_unique_user_district"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.district.office_name}"


class DistrictAdministrator(models.Model):
    """An administrator at a district education office: opens the district's schools,
    organisations and accounts (bulk onboarding, hand-overs; the `onboarding` app), reads no
    records."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="district_admin_roles",
        verbose_name=_("用户"),
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="administrators", verbose_name=_("区县")
    )
    history = HistoricalRecords(verbose_name=_("教育局管理员（历史）"))

    class Meta:
        verbose_name = _("教育局管理员")
        verbose_name_plural = _("教育局管理员")
        ordering = ["district", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "district"], name="district_admin_unique_user_district"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.district.office_name}"


class RoleHandover(models.Model):
    """The secretary role of an organisation passed from one account to another on a date
    (换届/调动): who held the role when. The records each filed stay theirs."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("党组织")
    )
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("原书记"),
    )
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("新书记"),
    )
    on = models.DateField(_("交接日期"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("办理人"),
    )
    created_at = models.DateTimeField(_("办理时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("书记交接")
        verbose_name_plural = _("书记交接")
        ordering = ["organization", "-on", "-id"]

    def __str__(self):
        return f"{self.organization} · {self.on}"

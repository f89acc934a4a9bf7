"""Who may do what: role rows, not Django groups."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organizations import District, Organization


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
    # Who granted or removed a role, and when (audit trail; admin can restore a deleted role).
    history = HistoricalRecords(verbose_name=_("党组织角色（历史）"))

    class Meta:
        verbose_name = _("党组织角色")
        verbose_name_plural = _("党组织角色")
        ordering = ["organization", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="role_unique_user_org"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


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

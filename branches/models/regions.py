"""Reviewers above the district: a city (市教育局) or a province (省教育厅) office.

They read every district of their city or province (overview roll-up, organisations, records,
reports, 党内统计) but review nothing: returning and approving reports stays with the district's
own reviewers (branches.scope: `region_district_ids` is view-only).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

DEFAULT_PROVINCE = "江苏省"


class RegionReviewer(models.Model):
    """A read-only reviewer of a whole city (province and city) or province (city left blank)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_roles",
        verbose_name=_("用户"),
    )
    province = models.CharField(_("省"), max_length=50)
    city = models.CharField(_("市"), max_length=50, blank=True, help_text=_("留空：全省"))
    history = HistoricalRecords(verbose_name=_("市、省教育部门审阅人（历史）"))

    class Meta:
        verbose_name = _("市、省教育部门审阅人")
        verbose_name_plural = _("市、省教育部门审阅人")
        ordering = ["province", "city", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "province", "city"], name="region_reviewer_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.office_name}"

    @property
    def office_name(self):
        return f"{self.city}教育局" if self.city else f"{self.province}教育厅"

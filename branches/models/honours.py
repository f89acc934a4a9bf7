"""Honours (表彰) won by a member, a party organisation or the school."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.scope import OrganizationScopedQuerySet
from portal.versioning import VersionedModel

from .members import Member
from .organizations import Organization


class HonourQuerySet(OrganizationScopedQuerySet):
    """Honours, scoped like the organisation that keeps them."""


class Honour(VersionedModel):
    """One honour. `organization` is the party organisation that keeps the record (and scopes it);
    the recipient is one of its members, the organisation itself, or its school."""

    class Recipient(models.TextChoices):
        MEMBER = "member", _("党员")
        ORGANIZATION = "organization", _("党组织")
        SCHOOL = "school", _("学校")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区县级")
        TOWN = "town", _("镇（街道）级")
        SCHOOL = "school", _("校级")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="honours", verbose_name=_("党组织")
    )
    recipient = models.CharField(
        _("获奖对象"), max_length=20, choices=Recipient.choices, default=Recipient.MEMBER
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="honours",
        verbose_name=_("党员"),
        help_text=_("获奖对象为党员时填写"),
    )
    title = models.CharField(_("荣誉称号"), max_length=200)
    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    awarded_by = models.CharField(_("授予单位"), max_length=100, blank=True)
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    objects = HonourQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("表彰")
        verbose_name_plural = _("表彰")
        ordering = ["-year", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient="member") & Q(member__isnull=False))
                | (~Q(recipient="member") & Q(member__isnull=True)),
                name="honour_member_iff_member_recipient",
                violation_error_message=_("获奖对象为党员时须选择党员，不是党员时不要选择党员。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1921) & Q(year__lte=2100),
                name="honour_year_plausible",
                violation_error_message=_("年度应在 1921 年到今年之间。"),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.title}（{self.recipient_name}）"

    @property
    def recipient_name(self):
        if self.recipient == self.Recipient.MEMBER and self.member_id:
            return self.member.name
        if self.recipient == self.Recipient.SCHOOL:
            return self.organization.school.name
        return self.organization.name

    def clean(self):
        errors = {}
        if self.recipient == self.Recipient.MEMBER:
            if not self.member_id:
                errors["member"] = gettext("获奖对象为党员时，请选择党员。")
            elif self.organization_id and self.member.organization_id != self.organization_id:
                errors["member"] = gettext("只能选择本党组织的党员。")
        elif self.member_id:
            errors["member"] = gettext("获奖对象不是党员时，不要选择党员。")
        if self.year is not None and not 1921 <= self.year <= datetime.date.today().year:
            errors["year"] = gettext("年度应在 1921 年到今年之间。")
        if errors:
            raise ValidationError(errors)

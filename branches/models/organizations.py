"""Districts, schools, party organisations and party groups."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.scope import scope_for
from portal.versioning import VersionedModel


class DistrictQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(id__in=scope.visible_district_ids)

    def in_region(self, province, city=""):
        """The districts of a province, or of one of its cities (city given)."""
        condition = models.Q(province=province)
        return self.filter(condition & models.Q(city=city) if city else condition)


class District(models.Model):
    """A district or county (区/县) whose education office (教育局) oversees its schools."""

    # Provinces and municipalities (重庆市) alike: the level above the city (RegionReviewer).
    # db_default too: rows written by plain INSERTs (devdata.scale) get it as well.
    province = models.CharField(_("省"), max_length=50, default="江苏省", db_default="江苏省")
    city = models.CharField(_("市"), max_length=50)
    name = models.CharField(_("区/县"), max_length=50)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("区县教育局")
        verbose_name_plural = _("区县教育局")
        ordering = ["city", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="district_unique_city_name"),
        ]

    def __str__(self):
        return f"{self.city}{self.name}"

    @property
    def office_name(self):
        return f"{self.city}{self.name}教育局"


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(
            models.Q(district_id__in=scope.read_district_ids)
            | models.Q(organizations__id__in=scope.member_org_ids)
        ).distinct()


class School(VersionedModel):
    """A school of a district. Renamed by the district's administrators (onboarding): a stale
    edit is refused (lock_version), every change kept in the history."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="schools", verbose_name=_("区县")
    )
    name = models.CharField(_("学校名称"), max_length=100)
    history = HistoricalRecords(verbose_name=_("学校（历史）"))

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("学校")
        verbose_name_plural = _("学校")
        ordering = ["district__city", "district__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="school_unique_district_name"
            ),
        ]

    def __str__(self):
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations the user may read: their own (and those under it) or their district's."""
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(
            models.Q(id__in=scope.member_org_ids)
            | models.Q(school__district_id__in=scope.read_district_ids)
        )

    def editable_by(self, user):
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(id__in=scope.member_org_ids)

    def branches(self):
        return self.filter(kind=Organization.Kind.BRANCH)

    # -- "an organisation and every organisation under it" (docs/domain.md, Organisations) ------
    # The one definition of the rule: an organisation, its children and their children (three
    # levels at most: 党委 -> 党总支 -> 党支部).

    def subtree(self, organizations):
        """The given organisations (objects or ids) and every organisation under them."""
        ids = [getattr(org, "pk", org) for org in organizations]
        return self.filter(
            models.Q(id__in=ids) | models.Q(parent_id__in=ids) | models.Q(parent__parent_id__in=ids)
        )

    def subtree_ids(self, organization):
        """[the organisation's id, the ids of every organisation under it], in one query."""
        pk = getattr(organization, "pk", organization)
        under = self.subtree([pk]).exclude(id=pk).values_list("id", flat=True)
        return [pk, *under]

    def subtree_map(self, organizations):
        """{id: {its id and the ids under it}} for several organisations, in one query."""
        tops = {getattr(org, "pk", org) for org in organizations}
        result = {top: {top} for top in tops}
        for lineage in self.subtree(tops).values_list(*LINEAGE):
            for top in heads(lineage, tops):
                result[top].add(lineage[0])
        return result


# An organisation's id and those of the two levels above it, as values_list() fields: a row of
# these says which organisations' subtrees it belongs to (`heads`).
LINEAGE = ("id", "parent_id", "parent__parent_id")


def heads(lineage, organization_ids):
    """Of `organization_ids`, those whose subtree holds the organisation of this LINEAGE row."""
    return set(lineage) & set(organization_ids)


class Organization(VersionedModel):
    """A party organisation of a school: 党委, 党总支 or 党支部 (with its parent, if any).
    Corrected by the district's administrators (onboarding): a stale edit is refused
    (lock_version), every change kept in the history."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("党委")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("学校")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级党组织"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.BRANCH)
    name = models.CharField(_("名称"), max_length=100)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("党组织（历史）"))

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["school__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="organization_unique_school_name"
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="organization_not_own_parent",
                violation_error_message=_("上级党组织不能是它自己。"),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        ranks = {self.Kind.COMMITTEE: 0, self.Kind.GENERAL_BRANCH: 1, self.Kind.BRANCH: 2}
        if self.parent_id:
            if self.parent.school_id != self.school_id:
                raise ValidationError({"parent": _("上级党组织必须属于同一所学校。")})
            if ranks[self.parent.kind] >= ranks[self.kind]:
                raise ValidationError(
                    {"parent": _("上级党组织的层级必须高于本组织（党委 > 党总支 > 党支部）。")}
                )

    @property
    def is_branch(self):
        return self.kind == self.Kind.BRANCH

    @property
    def committee_label(self):
        """What the elected body of this organisation is called: 党委, 总支委员会 or 支委会."""
        labels = {
            self.Kind.COMMITTEE: _("党委委员会"),
            self.Kind.GENERAL_BRANCH: _("总支委员会"),
            self.Kind.BRANCH: _("支委会"),
        }
        return labels.get(self.kind, _("支委会"))

    @property
    def district(self):
        return self.school.district


class PartyGroup(models.Model):
    """A party group (党小组) within a branch."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="groups", verbose_name=_("党支部")
    )
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        verbose_name = _("党小组")
        verbose_name_plural = _("党小组")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="group_unique_org_name"),
        ]

    def __str__(self):
        return f"{self.organization.name} {self.name}"

    def clean(self):
        if self.organization_id and self.organization.kind != Organization.Kind.BRANCH:
            raise ValidationError({"organization": _("党小组只能设在党支部之下。")})

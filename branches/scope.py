"""Who may see and change what, decided in one place.

`scope_for(user)` loads the user's role rows in force today (two or three queries) and caches them
on the user object for the request, and between requests under the user's scope token and today's
date (branches.scope_cache: the token is renewed whenever a role row or the organisation tree
changes; the date, because a role row may start or end on a later day). Querysets' `visible_to(user)` and the fetch helpers in `branches.access` read it.

The models import this module (their querysets are scoped here), so it names the role models through
the app registry instead of importing them: no import cycle between `scope` and `models`.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q

VIEW = "view"
EDIT = "edit"
REVIEW = "review"
ACTIONS = (VIEW, EDIT, REVIEW)


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    # Organisations the user holds a role in (secretary or committee member).
    own_org_ids: frozenset = field(default_factory=frozenset)
    # Those plus every organisation under them (a 党委 secretary also has its branches).
    member_org_ids: frozenset = field(default_factory=frozenset)
    # Districts whose education office the user reviews for.
    reviewer_district_ids: frozenset = field(default_factory=frozenset)
    # Reviewer districts plus the districts of the user's own organisations.
    visible_district_ids: frozenset = field(default_factory=frozenset)
    secretary_org_ids: frozenset = field(default_factory=frozenset)
    # Districts of the cities/provinces the user reviews for (RegionReviewer): view only.
    region_district_ids: frozenset = field(default_factory=frozenset)
    # The user's regions: (province, city) pairs, city "" for a whole province.
    regions: tuple = ()
    # Districts whose schools, organisations and accounts the user administers (onboarding app);
    # no reading of records comes with it.
    admin_district_ids: frozenset = field(default_factory=frozenset)

    @property
    def is_reviewer(self):
        return bool(self.reviewer_district_ids)

    @property
    def is_region_reviewer(self):
        return bool(self.regions)

    @property
    def read_district_ids(self):
        """Districts whose every organisation the user may read (district or region reviewer)."""
        return self.reviewer_district_ids | self.region_district_ids

    @property
    def is_district_admin(self):
        return bool(self.admin_district_ids)

    @property
    def is_member(self):
        return bool(self.own_org_ids)

    @property
    def has_role(self):
        return self.is_admin or self.is_reviewer or self.is_member or self.is_region_reviewer

    def can(self, action, organization):
        """May the user do `action` on this organisation? `organization` needs school loaded."""
        if self.is_admin:
            return True
        if action == VIEW:
            return (
                organization.id in self.member_org_ids
                or organization.school.district_id in self.read_district_ids
            )
        if action == EDIT:
            return organization.id in self.member_org_ids
        if action == REVIEW:
            return organization.school.district_id in self.reviewer_district_ids
        raise ValueError(f"unknown action {action!r}")

    def can_see_district(self, district_id):
        return self.is_admin or district_id in self.visible_district_ids

    def can_review_district(self, district_id):
        return self.is_admin or district_id in self.reviewer_district_ids

    def can_read_district(self, district_id):
        """Every organisation of the district (its reviewers, its city's and province's)."""
        return self.is_admin or district_id in self.read_district_ids

    def covers_region(self, province, city=""):
        """May the user read the whole province (city "") or city? Admins, or a region reviewer
        of that province (any city) or of that city."""
        return (
            self.is_admin
            or (province, "") in self.regions
            or (bool(city) and (province, city) in self.regions)
        )


ANONYMOUS = Scope()


def scope_for(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_party_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(is_admin=True)
    else:  # kept between requests under the user's scope token (renewed when their roles change)
        from branches.scope_cache import load

        scope = load(user, _load_scope)
    user._party_scope = scope
    return scope


def _load_scope(user):
    Organization = apps.get_model("branches", "Organization")
    OrganizationRole = apps.get_model("branches", "OrganizationRole")
    roles = list(  # the rows in force today (a hand-over dated ahead waits for its day)
        OrganizationRole.objects.current()
        .filter(user=user)
        .values_list("organization_id", "role", "organization__school__district_id")
    )
    reviewer_districts, admin_districts, regions = _reviewer_rows(user)
    region_districts = _region_districts(regions)
    own = frozenset(org_id for org_id, _role, _district in roles)
    member = set(own)
    if own:
        member.update(Organization.objects.subtree(own).values_list("id", flat=True))
    return Scope(
        own_org_ids=own,
        member_org_ids=frozenset(member),
        reviewer_district_ids=reviewer_districts,
        visible_district_ids=reviewer_districts
        | region_districts
        | {district for _o, _r, district in roles},
        secretary_org_ids=frozenset(org_id for org_id, role, _d in roles if role == "secretary"),
        region_district_ids=region_districts,
        regions=regions,
        admin_district_ids=admin_districts,
    )


def _reviewer_rows(user):
    """The user's district reviewer, district administrator and region reviewer rows, in one
    query (a UNION): (reviewer district ids, administered district ids, ((province, city), ...))."""
    DistrictReviewer = apps.get_model("branches", "DistrictReviewer")
    DistrictAdministrator = apps.get_model("branches", "DistrictAdministrator")
    RegionReviewer = apps.get_model("branches", "RegionReviewer")
    text = models.CharField()
    number = models.IntegerField()

    def district_rows(model, kind):
        return (
            model.objects.filter(user=user)
            .order_by()
            .annotate(
                k=models.Value(kind, output_field=number),
                p=models.Value("", output_field=text),
                c=models.Value("", output_field=text),
            )
            .values_list("district_id", "k", "p", "c")
        )

    regions = (
        RegionReviewer.objects.filter(user=user)
        .order_by()
        .annotate(d=models.Value(None, output_field=number), k=models.Value(3, output_field=number))
        .values_list("d", "k", "province", "city")
    )
    rows = list(
        district_rows(DistrictReviewer, 1).union(
            district_rows(DistrictAdministrator, 2), regions, all=True
        )
    )
    reviewer = frozenset(district for district, kind, _p, _c in rows if kind == 1)
    administered = frozenset(district for district, kind, _p, _c in rows if kind == 2)
    region_rows = tuple(sorted((p, c) for _d, kind, p, c in rows if kind == 3))
    return reviewer, administered, region_rows


def _region_districts(regions):
    """The ids of the districts of these (province, city) regions (no query without regions)."""
    if not regions:
        return frozenset()
    District = apps.get_model("branches", "District")
    condition = Q(pk__in=[])
    for province, city in regions:
        condition |= Q(province=province, city=city) if city else Q(province=province)
    return frozenset(District.objects.filter(condition).values_list("id", flat=True))


class OrganizationScopedQuerySet(models.QuerySet):
    """Querysets of models with an `organization` foreign key, scoped like the organisation."""

    def visible_to(self, user):
        """Rows of the user's own organisations (and those under them) or of their district."""
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(
            Q(organization_id__in=scope.member_org_ids)
            | Q(organization__school__district_id__in=scope.read_district_ids)
        )

    def editable_by(self, user):
        """Rows the user may change: their own organisations' (secretary or committee)."""
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(organization_id__in=scope.member_org_ids)

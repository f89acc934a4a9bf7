"""Who may see and change what, decided in one place.

`scope_for(user)` loads the user's role rows once per request (two or three queries) and caches them
on the user object. Querysets' `visible_to(user)` and the fetch helpers in `branches.access` read it.

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
    # Districts whose schools, organisations and accounts the user administers (onboarding app);
    # no reading of records comes with it.
    admin_district_ids: frozenset = field(default_factory=frozenset)

    @property
    def is_reviewer(self):
        return bool(self.reviewer_district_ids)

    @property
    def is_district_admin(self):
        return bool(self.admin_district_ids)

    @property
    def is_member(self):
        return bool(self.own_org_ids)

    @property
    def has_role(self):
        return self.is_admin or self.is_reviewer or self.is_member

    def can(self, action, organization):
        """May the user do `action` on this organisation? `organization` needs school loaded."""
        if self.is_admin:
            return True
        if action == VIEW:
            return (
                organization.id in self.member_org_ids
                or organization.school.district_id in self.reviewer_district_ids
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


ANONYMOUS = Scope()


def scope_for(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_party_scope", None)
    if cached is not None:
        return cached
    scope = Scope(is_admin=True) if user.is_superuser else _load_scope(user)
    user._party_scope = scope
    return scope


def _load_scope(user):
    DistrictReviewer = apps.get_model("branches", "DistrictReviewer")
    Organization = apps.get_model("branches", "Organization")
    OrganizationRole = apps.get_model("branches", "OrganizationRole")
    roles = list(
        OrganizationRole.objects.filter(user=user).values_list(
            "organization_id", "role", "organization__school__district_id"
        )
    )
    DistrictAdministrator = apps.get_model("branches", "DistrictAdministrator")
    # One query for both district roles: (district id, 1 for reviewer / 2 for administrator).
    district_roles = list(
        DistrictReviewer.objects.filter(user=user)
        .order_by()
        .annotate(kind=models.Value(1))
        .values_list("district_id", "kind")
        .union(
            DistrictAdministrator.objects.filter(user=user)
            .order_by()
            .annotate(kind=models.Value(2))
            .values_list("district_id", "kind")
        )
    )
    reviewer_districts = frozenset(d for d, kind in district_roles if kind == 1)
    own = frozenset(org_id for org_id, _role, _district in roles)
    member = set(own)
    if own:
        member.update(Organization.objects.subtree(own).values_list("id", flat=True))
    return Scope(
        own_org_ids=own,
        member_org_ids=frozenset(member),
        reviewer_district_ids=reviewer_districts,
        visible_district_ids=reviewer_districts | {district for _o, _r, district in roles},
        secretary_org_ids=frozenset(org_id for org_id, role, _d in roles if role == "secretary"),
        admin_district_ids=frozenset(d for d, kind in district_roles if kind == 2),
    )


class OrganizationScopedQuerySet(models.QuerySet):
    """Querysets of models with an `organization` foreign key, scoped like the organisation."""

    def visible_to(self, user):
        """Rows of the user's own organisations (and those under them) or of their district."""
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(
            Q(organization_id__in=scope.member_org_ids)
            | Q(organization__school__district_id__in=scope.reviewer_district_ids)
        )

    def editable_by(self, user):
        """Rows the user may change: their own organisations' (secretary or committee)."""
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(organization_id__in=scope.member_org_ids)

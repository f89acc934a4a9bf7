"""Reads of the district administrator's pages, each a fixed number of queries."""

import datetime

from django.db.models import Prefetch

from branches.models import Organization, OrganizationRole, RoleHandover
from branches.validators import mask_phone
from onboarding.services import managed_accounts


def district_tree(district):
    """The district's schools, each with its organisations (parents first) and their role
    holders (user, masked phone, whether they still have to log in): three queries."""
    roles = (
        OrganizationRole.objects.live()
        .select_related("user__contact")
        .order_by("role", "starts_on", "user")
    )
    organizations = Organization.objects.select_related("parent").prefetch_related(
        Prefetch("roles", queryset=roles)
    )
    schools = district.schools.order_by("name").prefetch_related(
        Prefetch("organizations", queryset=organizations.order_by("kind", "name"))
    )
    for school in schools:
        for org in school.organizations.all():
            for role in org.roles.all():
                contact = getattr(role.user, "contact", None)
                role.user.masked_phone = mask_phone(contact.phone) if contact else ""
    return schools


def district_accounts(district):
    """The accounts the administrator may issue passwords for, those that never logged in
    first (they are the ones still waiting for their slip)."""
    accounts = list(managed_accounts(district).order_by("username"))
    return sorted(accounts, key=lambda user: user.last_login is not None)


def handovers_of(organization):
    return list(
        RoleHandover.objects.filter(organization=organization).select_related(
            "previous", "successor", "by"
        )
    )


def pending_handovers(*, district=None, organization=None):
    """Hand-overs dated after today (they can still be cancelled), of a district or one
    organisation: one query."""
    handovers = RoleHandover.objects.filter(on__gt=datetime.date.today())
    if organization is not None:
        handovers = handovers.filter(organization=organization)
    else:
        handovers = handovers.filter(organization__school__district=district)
    return list(
        handovers.select_related("organization", "previous", "successor", "by").order_by(
            "on", "organization__name"
        )
    )


def organization_roles(organization):
    """The organisation's role rows in force or starting later (a hand-over dated ahead), each
    with its holder's masked phone."""
    roles = (
        organization.roles.live()
        .select_related("user__contact")
        .order_by("role", "starts_on", "user__username")
    )
    result = list(roles)
    for role in result:
        contact = getattr(role.user, "contact", None)
        role.user.masked_phone = mask_phone(contact.phone) if contact else ""
    return result

"""Writes of the district administrator: the onboarding import, credentials, hand-overs. Each one
transaction, with an `actor` recorded in the history."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Organization, OrganizationRole, PartyGroup, RoleHandover, School
from onboarding.models import AccountContact
from onboarding.workbook import RANKS
from portal.credentials import CredentialSlip, issue_initial_password


def _as(instance, actor):
    instance._history_user = actor
    return instance


@transaction.atomic
def apply_plan(*, plan, district, actor):
    """Create the plan's schools, organisations (parents first), accounts and secretary roles.
    The plan must have no errors. Returns the new accounts (their passwords are issued when the
    credential sheet is printed: issue_credentials)."""
    if plan.errors:
        raise ValidationError(plan.errors)
    schools = {school.name: school for school in district.schools.all()}
    organizations = {
        (org.school.name, org.name): org
        for org in Organization.objects.filter(school__district=district).select_related("school")
    }
    users = {}
    for row in sorted(plan.rows, key=lambda r: RANKS[r.kind]):
        school = schools.get(row.school)
        if school is None:
            school = schools[row.school] = School.objects.create(district=district, name=row.school)
        org = Organization(
            school=school,
            name=row.organization,
            kind=row.kind,
            parent=organizations.get((row.school, row.parent)) if row.parent else None,
        )
        org.full_clean()
        org.save()
        organizations[(row.school, row.organization)] = org
        if not row.username:
            continue
        user = users.get(row.username)
        if user is None:
            user = users[row.username] = new_account(
                username=row.username, name=row.name, phone=row.phone
            )
        _as(OrganizationRole(user=user, organization=org), actor).save()
    return list(users.values())


def managed_accounts(district):
    """Accounts a district administrator may issue passwords for: those whose roles are all
    secretary/committee roles in this district (no reviewer, administrator, staff or superuser)."""
    User = get_user_model()
    outside = OrganizationRole.objects.exclude(organization__school__district=district)
    return (
        User.objects.filter(
            organization_roles__organization__school__district=district,
            is_staff=False,
            is_superuser=False,
            reviewer_roles__isnull=True,
            district_admin_roles__isnull=True,
        )
        .exclude(id__in=outside.values("user_id"))
        .distinct()
    )


@transaction.atomic
def issue_credentials(*, district, users, url):
    """Issue a new initial password to each account (the earlier ones stop working) and return
    their slips, in the order of the users given."""
    slips = []
    roles = OrganizationRole.objects.live().filter(user__in=users).select_related("organization")
    organizations = {}
    for role in roles.order_by("organization__name"):
        organizations.setdefault(role.user_id, []).append(role.organization.name)
    for user in users:
        password = issue_initial_password(user)
        slips.append(
            CredentialSlip(
                name=user.display_name or user.username,
                organization="、".join(organizations.get(user.id, [])),
                username=user.username,
                password=password,
                url=url,
            )
        )
    return slips


def pending_handover(organization, today=None):
    """The organisation's hand-over dated after today, if any (at most one at a time)."""
    today = today or datetime.date.today()
    return organization.handovers.filter(on__gt=today).first()


@transaction.atomic
def hand_over(*, organization, successor, on, actor):
    """The secretary role of `organization` passes to `successor` on `on`. Records keep their
    authors; RoleHandover keeps who held the role from when.

    Today or earlier: the previous secretary's role row is removed (they lose access now), the
    successor's is created or made secretary. Later: nothing changes until that day; the previous
    secretary's row (and a committee row of the successor) ends on it and the successor's secretary
    row starts on it (OrganizationRole.starts_on/ends_on, which scope reads as of today), so the
    change takes effect on the day without a job; cancel_handover() undoes it before then."""
    today = datetime.date.today()
    Organization.objects.select_for_update().filter(pk=organization.pk).first()  # one at a time
    pending = pending_handover(organization, today)
    if pending:
        raise ValidationError(
            {
                "on": _("该党组织已有一次待生效的交接（%(date)s），请先撤销它再办理新的交接。")
                % {"date": pending.on}
            }
        )
    last = organization.handovers.order_by("-on").first()
    if last and on < last.on:
        raise ValidationError(
            {"on": _("交接日期不能早于上一次交接（%(date)s）。") % {"date": last.on}}
        )
    live = OrganizationRole.objects.live(today).filter(organization=organization)
    current = list(
        live.select_for_update().filter(role=OrganizationRole.Role.SECRETARY).order_by("id")
    )
    previous = next((role.user for role in current if role.user_id != successor.id), None)
    if not previous and any(role.user_id == successor.id for role in current):
        raise ValidationError({"username": _("此人已是该党组织的书记。")})
    if on > today:
        _hand_over_later(organization, successor, on, actor, current, live)
    else:
        for role in current:
            if role.user_id != successor.id:
                _as(role, actor).delete()
        role = live.filter(user=successor).first()
        if role is None:
            role = OrganizationRole(organization=organization, user=successor)
        role.role = OrganizationRole.Role.SECRETARY
        role.starts_on = None
        _as(role, actor).save()
    return RoleHandover.objects.create(
        organization=organization, previous=previous, successor=successor, on=on, by=actor
    )


def _hand_over_later(organization, successor, on, actor, current, live):
    for role in current:
        role.ends_on = on
        _as(role, actor).save()
    for role in live.filter(user=successor):  # a 支委 who becomes secretary on the day
        role.ends_on = on
        _as(role, actor).save()
    _as(
        OrganizationRole(
            organization=organization,
            user=successor,
            role=OrganizationRole.Role.SECRETARY,
            starts_on=on,
        ),
        actor,
    ).save()


@transaction.atomic
def cancel_handover(*, handover, actor):
    """Undo a hand-over that has not taken effect yet: the rows it ended on its day stay open,
    the successor's row starting on it goes. The role rows' history keeps both steps."""
    today = datetime.date.today()
    if handover.on <= today:
        raise ValidationError(_("这次交接已经生效，不能撤销；如需换回请重新办理交接。"))
    roles = OrganizationRole.objects.select_for_update().filter(
        organization_id=handover.organization_id
    )
    for role in roles.filter(starts_on=handover.on, user_id=handover.successor_id):
        _as(role, actor).delete()
    for role in roles.filter(ends_on=handover.on):  # only this hand-over ends rows on its day
        role.ends_on = None
        _as(role, actor).save()
    handover.delete()


@transaction.atomic
def hand_over_to(*, organization, data, actor):
    """hand_over() from the hand-over form: an existing account (data["user"]) or a new one."""
    successor = data["user"] or new_account(
        username=data["username"], name=data["name"], phone=data["phone"]
    )
    return hand_over(organization=organization, successor=successor, on=data["on"], actor=actor)


def new_account(*, username, name, phone):
    """An account opened by the district administrator: no usable password until its slip is
    printed (issue_credentials)."""
    user = get_user_model()(username=username, display_name=name)
    user.set_unusable_password()
    user.save()
    AccountContact.objects.create(user=user, phone=phone)
    return user


@transaction.atomic
def grant_role(*, organization, data, actor):
    """Give an account (existing, data["user"], or new) a secretary or committee role in the
    organisation. A secretary already in place is replaced through hand_over()."""
    user = data["user"] or new_account(
        username=data["username"], name=data["name"], phone=data["phone"]
    )
    roles = OrganizationRole.objects.live().filter(organization=organization)
    if roles.filter(user=user).exists():
        raise ValidationError({"username": _("此人在该党组织已有角色。")})
    if data["role"] == OrganizationRole.Role.SECRETARY and roles.filter(role=data["role"]).exists():
        raise ValidationError({"role": _("该党组织已有书记：换人请用“书记交接”办理。")})
    return _as(
        OrganizationRole(organization=organization, user=user, role=data["role"]), actor
    ).save()


@transaction.atomic
def remove_role(*, role, actor):
    """Take a role away (the account keeps what it filed; the history keeps that it held it)."""
    _as(role, actor).delete()


@transaction.atomic
def add_party_group(*, organization, name):
    if organization.groups.filter(name=name).exists():
        raise ValidationError(_("该党支部已有名为“%(name)s”的党小组。") % {"name": name})
    group = PartyGroup(organization=organization, name=name)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def save_school(*, school, actor):
    """Save a school corrected by its district's administrator (StaleEdit when it was saved
    since the form was opened; the history records who changed what)."""
    _as(school, actor).save()
    return school


@transaction.atomic
def save_organization(*, organization, actor):
    """Save an organisation corrected by its district's administrator (as save_school)."""
    _as(organization, actor).save()
    return organization

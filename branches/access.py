"""Fetch single objects for a user: out of scope -> 404, in scope but wrong role -> 403.

A bare `Model.objects.get(pk=...)` in a view is a bug; use these helpers.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from branches.models import (
    Activity,
    Attachment,
    Committee,
    CommitteePost,
    District,
    Honour,
    Member,
    Organization,
)
from branches.scope import EDIT, REVIEW, VIEW, scope_for

__all__ = [
    "EDIT",
    "REVIEW",
    "VIEW",
    "get_activity_for_user",
    "get_attachment_for_user",
    "get_committee_for_user",
    "get_district_for_user",
    "get_honour_for_user",
    "get_member_for_user",
    "get_organization_for_user",
    "get_scoped_for_user",
    "require_reviewer",
    "require_role",
    "scoped_getter",
    "reviewed_districts",
    "may_see_personal_data",
    "personal_data_org_ids",
    "require_organization_action",
    "require_personal_data_access",
]


def require_organization_action(user, organization, action):
    if not scope_for(user).can(action, organization):
        messages = {
            EDIT: _("只有本党组织的书记或支委可以修改。"),
            REVIEW: _("只有本区教育局的审阅人可以审阅。"),
            VIEW: _("你无权查看该党组织。"),
        }
        raise PermissionDenied(messages[action])


def get_scoped_for_user(queryset, user, pk, action=VIEW):
    """One object of an OrganizationScopedQuerySet: 404 outside the user's scope, 403 when the
    user may see it but not do `action` on its organisation."""
    obj = get_object_or_404(queryset.visible_to(user), pk=pk)
    require_organization_action(user, obj.organization, action)
    return obj


def get_organization_for_user(user, pk, action=VIEW, queryset=None):
    queryset = queryset if queryset is not None else Organization.objects.all()
    organization = get_object_or_404(
        queryset.visible_to(user).select_related("school__district", "parent"), pk=pk
    )
    require_organization_action(user, organization, action)
    return organization


def get_district_for_user(user, pk, action=REVIEW):
    """Districts are read by reviewers and admins; a secretary of the district gets 403."""
    district = get_object_or_404(District.objects.visible_to(user), pk=pk)
    scope = scope_for(user)
    if action == REVIEW and not scope.can_review_district(district.id):
        raise PermissionDenied(_("只有本区教育局的审阅人可以查看全区情况。"))
    return district


def require_role(user):
    """The user's scope; 404 for an account without any role (nothing to show, nothing to hide)."""
    scope = scope_for(user)
    if not scope.has_role:
        raise Http404
    return scope


def require_reviewer(user, message):
    """The reviewer gate of district-wide pages: no role at all -> 404; a role but neither a
    district reviewer nor an admin (a secretary, a committee member) -> 403 with `message`."""
    scope = require_role(user)
    if not (scope.is_admin or scope.is_reviewer):
        raise PermissionDenied(message)
    return scope


def reviewed_districts(user, message):
    """The districts behind the reviewer gate: every district for admins, else the reviewer's."""
    scope = require_reviewer(user, message)
    districts = District.objects.all()
    return districts if scope.is_admin else districts.filter(id__in=scope.reviewer_district_ids)


# -- records of an organisation ------------------------------------------------------------------


def scoped_getter(queryset, name):
    """A get_<thing>_for_user(user, pk, action=VIEW) over `queryset` (get_scoped_for_user)."""

    def get_for_user(user, pk, action=VIEW):
        return get_scoped_for_user(queryset, user, pk, action)

    get_for_user.__name__ = get_for_user.__qualname__ = name
    return get_for_user


_ORGANIZATION = ("organization__school__district", "organization__parent")
get_member_for_user = scoped_getter(
    Member.objects.select_related(*_ORGANIZATION, "group"), "get_member_for_user"
)
get_committee_for_user = scoped_getter(
    Committee.objects.select_related(*_ORGANIZATION), "get_committee_for_user"
)
get_honour_for_user = scoped_getter(
    Honour.objects.select_related(*_ORGANIZATION, "member"), "get_honour_for_user"
)
get_activity_for_user = scoped_getter(
    Activity.objects.select_related("organization__school__district", "group", "talker", "talkee"),
    "get_activity_for_user",
)


def get_attachment_for_user(user, pk, action=VIEW):
    """An attachment of a record the user may see; `action` is checked on the record's
    organisation."""
    attachment = get_object_or_404(
        Attachment.objects.filter(activity__in=Activity.objects.visible_to(user)).select_related(
            "activity__organization__school__district"
        ),
        pk=pk,
    )
    require_organization_action(user, attachment.activity.organization, action)
    return attachment


# -- personal data (身份证号, phone) -----------------------------------------------------------
# Masked everywhere by default. Those who keep a branch's roster may reveal one number at a time on
# the member page (each reveal is audited): the secretary of the member's own organisation, the
# committee member holding the 组织委员 post in its committee in office, and admins. A 党委
# secretary (of a parent organisation), other 支委, reviewers and everybody else see masks only.


def personal_data_org_ids(user, organization_ids, *, on=None):
    """Of these organisations, the ids whose members' personal data the user may reveal."""
    scope = scope_for(user)
    wanted = set(organization_ids)
    if scope.is_admin:
        return wanted
    own = wanted & scope.own_org_ids  # a role in the member's own organisation, not a parent's
    allowed = own & scope.secretary_org_ids
    others = own - allowed
    if others:
        on = on or datetime.date.today()
        allowed |= set(
            CommitteePost.objects.filter(
                post=CommitteePost.Post.ORGANIZATION,
                committee__in=Committee.objects.in_office(on).filter(organization_id__in=others),
                member__accounts__user=user,
                member__accounts__organization_id=F("committee__organization_id"),
            ).values_list("committee__organization_id", flat=True)
        )
    return allowed


def may_see_personal_data(user, organization):
    """May the user reveal the full 身份证号 and phone of this organisation's members?"""
    return organization.id in personal_data_org_ids(user, {organization.id})


def require_personal_data_access(user, organization):
    if not may_see_personal_data(user, organization):
        raise PermissionDenied(_("只有本支部书记、组织委员和管理员可以查看完整的身份证号和电话。"))

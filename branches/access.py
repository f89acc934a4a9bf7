"""Fetch single objects for a user: out of scope -> 404, in scope but wrong role -> 403.

A bare `Model.objects.get(pk=...)` in a view is a bug; use these helpers.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from branches.models import District, Organization
from branches.scope import EDIT, REVIEW, VIEW, scope_for

__all__ = [
    "EDIT",
    "REVIEW",
    "VIEW",
    "get_district_for_user",
    "get_organization_for_user",
    "get_scoped_for_user",
    "require_organization_action",
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

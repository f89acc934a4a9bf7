"""Fetch roster objects for a user: out of scope -> 404, in scope but wrong role -> 403.

Same contract as branches.access, for members, committees and honours.
"""

from django.shortcuts import get_object_or_404

from branches.access import EDIT, VIEW, require_organization_action
from branches.models import Committee, Honour, Member
from branches.scope import scope_for


def get_member_for_user(user, pk, action=VIEW):
    member = get_object_or_404(
        Member.objects.visible_to(user).select_related(
            "organization__school__district", "organization__parent", "group"
        ),
        pk=pk,
    )
    require_organization_action(user, member.organization, action)
    return member


def get_committee_for_user(user, pk, action=VIEW):
    committee = get_object_or_404(
        Committee.objects.visible_to(user).select_related(
            "organization__school__district", "organization__parent"
        ),
        pk=pk,
    )
    require_organization_action(user, committee.organization, action)
    return committee


def get_honour_for_user(user, pk, action=VIEW):
    honour = get_object_or_404(
        Honour.objects.visible_to(user).select_related(
            "organization__school__district", "organization__parent", "member"
        ),
        pk=pk,
    )
    require_organization_action(user, honour.organization, action)
    return honour


def may_see_personal_data(user, organization):
    """Full 身份证号 and phone: the organisation's secretary/committee and admins only."""
    return scope_for(user).can(EDIT, organization)

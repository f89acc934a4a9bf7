"""Fetch roster objects for a user: out of scope -> 404, in scope but wrong role -> 403.

Same contract as branches.access, for members, committees and honours.
"""

from branches.access import VIEW, get_scoped_for_user
from branches.models import Committee, Honour, Member


def get_member_for_user(user, pk, action=VIEW):
    queryset = Member.objects.select_related(
        "organization__school__district", "organization__parent", "group"
    )
    return get_scoped_for_user(queryset, user, pk, action)


def get_committee_for_user(user, pk, action=VIEW):
    queryset = Committee.objects.select_related(
        "organization__school__district", "organization__parent"
    )
    return get_scoped_for_user(queryset, user, pk, action)


def get_honour_for_user(user, pk, action=VIEW):
    queryset = Honour.objects.select_related(
        "organization__school__district", "organization__parent", "member"
    )
    return get_scoped_for_user(queryset, user, pk, action)

"""The member account of the user asking: their own roster row, nothing else."""

from django.http import Http404

from selfservice.models import MemberAccount


def account_of(user):
    """The user's MemberAccount with its member and branch, or None."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_member_account", False)
    if cached is not False:
        return cached
    account = (
        MemberAccount.objects.select_related("member__organization__school", "member__group")
        .filter(user=user)
        .first()
    )
    user._member_account = account
    return account


def require_account(user):
    """404 for a user without a member account (nothing to show, nothing to hide)."""
    account = account_of(user)
    if account is None:
        raise Http404
    return account

"""Member accounts opened by the secretary from the roster, in bulk, each with a one-time
password handed over on a credential sheet."""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from portal.credentials import issue_initial_password
from portal.text import pinyin_keys
from selfservice.models import MemberAccount


@dataclass
class Opened:
    member: object
    username: str
    password: str
    created: bool


def username_base(member):
    """The full pinyin of the name ("张三" -> "zhangsan"), letters and digits only."""
    keys = pinyin_keys(member.name).split()
    base = re.sub(r"[^a-z0-9]", "", keys[-1] if keys else "")
    return (base or "member")[:40]


def _free_username(base, taken):
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


@transaction.atomic
def open_accounts(*, actor, members):
    """An account for each member (a new one, or the existing one with a new one-time password);
    [Opened] in the members' order."""
    User = get_user_model()
    members = list(members)
    accounts = {
        account.member_id: account
        for account in MemberAccount.objects.filter(member__in=members).select_related("user")
    }
    bases = {member.id: username_base(member) for member in members}
    taken = set()
    for base in set(bases.values()):
        taken |= set(
            User.objects.filter(username__startswith=base).values_list("username", flat=True)
        )
    result = []
    for member in members:
        account = accounts.get(member.id)
        created = account is None
        if created:
            user = User.objects.create_user(
                username=_free_username(bases[member.id], taken), display_name=member.name
            )
            account = MemberAccount.objects.create(user=user, member=member, created_by=actor)
        else:
            user = account.user
            if not user.is_active:
                user.is_active = True
                user.save(update_fields=["is_active"])
        password = issue_initial_password(user)
        result.append(Opened(member, user.username, password, created))
    return result

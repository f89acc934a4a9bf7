"""Member accounts (selfservice) of the demo: three party members of 嘉泽中心小学党支部 with their
own logins (password demo2026), to walk through "我的记录" and confirming attendance by code.

Safe to run again: an account is looked up by its member first, and its password is set only
when it is created.
"""

import datetime

from django.contrib.auth import get_user_model

from branches.models import Member, Organization
from devdata.demo.accounts import DEMO_PASSWORD, DemoAccount
from selfservice.models import MemberAccount

BRANCH = "嘉泽中心小学党支部"
# username, the member's name on the branch roster
ACCOUNTS = [
    ("member_jiaze1", "赵伟琴"),
    ("member_jiaze2", "庄国锋"),
    ("member_jiaze3", "蒋娟芳"),
]


def load(today=None):
    """Create the member accounts; returns the DemoAccounts to print."""
    today = today or datetime.date.today()
    organization = Organization.objects.get(name=BRANCH)
    on_roster = Member.objects.filter(organization=organization).party_members(today)
    User = get_user_model()
    result = []
    for username, name in ACCOUNTS:
        member = on_roster.filter(name=name).order_by("id").first()
        if member is None:
            continue
        account = MemberAccount.objects.filter(member=member).select_related("user").first()
        if account is None:
            user, created = User.objects.get_or_create(
                username=username, defaults={"display_name": name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            account = MemberAccount.objects.create(user=user, member=member)
        result.append(
            DemoAccount(
                account.user.username, name, f"党员账号（本人记录、扫码确认参加）：{BRANCH}"
            )
        )
    return result

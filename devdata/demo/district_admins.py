"""The demo's district administrator: 常州市新北区教育局 opens its schools, organisations and
accounts (bulk onboarding, credential sheets, hand-overs) at /district-admin/. Safe to run again."""

from branches.models import District, DistrictAdministrator
from devdata.demo.accounts import DemoAccount, _user

# username, display name, (city, district)
DISTRICT_ADMIN_ACCOUNTS = [
    ("admin_xinbei", "新北区教育局管理员", ("常州市", "新北区")),
]


def load():
    """Create the accounts and their role rows; returns the DemoAccounts to print."""
    accounts = []
    for username, display_name, (city, name) in DISTRICT_ADMIN_ACCOUNTS:
        user = _user(username, display_name)
        district = District.objects.get(city=city, name=name)
        DistrictAdministrator.objects.get_or_create(user=user, district=district)
        accounts.append(
            DemoAccount(
                username, display_name, f"区县管理员：{district.office_name}（开通学校与账号）"
            )
        )
    return accounts

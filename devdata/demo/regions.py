"""City and province reviewers of the demo (read-only roll-up and 党内统计): 常州市教育局 sees
新北区 and 武进区, 江苏省教育厅 sees every 江苏省 district. The other demo cities get their
provinces so that neither office sees them."""

from branches.models import District, RegionReviewer
from devdata.demo.accounts import DemoAccount, _user

PROVINCES = {"常州市": "江苏省", "重庆市": "重庆市", "枣庄市": "山东省"}

# username, display name, province, city ("" for the whole province)
REGION_ACCOUNTS = [
    ("reviewer_changzhou", "常州市教育局审阅人", "江苏省", "常州市"),
    ("reviewer_jiangsu", "江苏省教育厅审阅人", "江苏省", ""),
]


def load():
    """Provinces of the demo districts and the region reviewers; returns the accounts to print."""
    for city, province in PROVINCES.items():
        District.objects.filter(city=city).exclude(province=province).update(province=province)
    accounts = []
    for username, display_name, province, city in REGION_ACCOUNTS:
        user = _user(username, display_name)
        row, _created = RegionReviewer.objects.get_or_create(
            user=user, province=province, city=city
        )
        accounts.append(DemoAccount(username, display_name, f"只读审阅：{row.office_name}"))
    return accounts

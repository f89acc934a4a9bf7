"""Demo organisations and accounts, from the facts of the seed reports (see README).

The names here (SCHOOLS, MEMBER_ACCOUNTS) are read by the roster, records and reports demos too.

Safe to run again: every row is looked up by its natural key first, and passwords are set only
when an account is created, so a second run changes nothing.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from branches.models import (
    District,
    DistrictReviewer,
    Organization,
    OrganizationRole,
    PartyGroup,
    School,
)

DEMO_PASSWORD = "demo2026"

Kind = Organization.Kind


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    description: str


# city, district, school, [(organisation name, kind, parent name, [groups])]
SCHOOLS = [
    (
        "常州市",
        "新北区",
        "龙虎塘第二实验小学",
        [("龙虎塘第二实验小学党支部", Kind.BRANCH, None, [])],
    ),
    ("常州市", "新北区", "新华实验小学", [("新华实验小学党支部", Kind.BRANCH, None, [])]),
    ("常州市", "武进区", "嘉泽中心小学", [("嘉泽中心小学党支部", Kind.BRANCH, None, [])]),
    (
        "重庆市",
        "渝中区",
        "大坪小学",
        [
            ("大坪小学党委", Kind.COMMITTEE, None, []),
            ("大坪小学第一党支部", Kind.BRANCH, "大坪小学党委", ["第一党小组", "第二党小组"]),
            ("大坪小学第二党支部", Kind.BRANCH, "大坪小学党委", ["第三党小组", "第四党小组"]),
            ("大坪小学第三党支部", Kind.BRANCH, "大坪小学党委", ["第五党小组", "第六党小组"]),
        ],
    ),
    ("枣庄市", "市中区", "实验小学", [("市中区实验小学党支部", Kind.BRANCH, None, [])]),
]

# username, display name, organisation, role
MEMBER_ACCOUNTS = [
    ("sec_longhutang", "钱丽美", "龙虎塘第二实验小学党支部", OrganizationRole.Role.SECRETARY),
    ("sec_xinhua", "陈建锋", "新华实验小学党支部", OrganizationRole.Role.SECRETARY),
    ("sec_jiaze", "钱志林", "嘉泽中心小学党支部", OrganizationRole.Role.SECRETARY),
    ("cm_jiaze", "卞亮平", "嘉泽中心小学党支部", OrganizationRole.Role.COMMITTEE),
    ("sec_daping", "李雪梅", "大坪小学党委", OrganizationRole.Role.SECRETARY),
    ("sec_daping1", "周文静", "大坪小学第一党支部", OrganizationRole.Role.SECRETARY),
    ("sec_shizhong", "孙立新", "市中区实验小学党支部", OrganizationRole.Role.SECRETARY),
]

# username, display name, (city, district)
REVIEWER_ACCOUNTS = [
    ("reviewer_xinbei", "新北区教育局审阅人", ("常州市", "新北区")),
    ("reviewer_wujin", "武进区教育局审阅人", ("常州市", "武进区")),
    ("reviewer_yuzhong", "渝中区教育局审阅人", ("重庆市", "渝中区")),
    ("reviewer_shizhong", "市中区教育局审阅人", ("枣庄市", "市中区")),
]


def _user(username, display_name, **flags):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name, **flags}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load():
    """Create the districts, schools, organisations and accounts; returns (organisations by name,
    the accounts to print)."""
    organizations = {}
    for city, district_name, school_name, orgs in SCHOOLS:
        district, _ = District.objects.get_or_create(city=city, name=district_name)
        school, _ = School.objects.get_or_create(district=district, name=school_name)
        for name, kind, parent_name, groups in orgs:
            org, _ = Organization.objects.get_or_create(
                school=school,
                name=name,
                defaults={"kind": kind, "parent": organizations.get(parent_name)},
            )
            organizations[name] = org
            for group_name in groups:
                PartyGroup.objects.get_or_create(organization=org, name=group_name)

    accounts = [DemoAccount("admin", "系统管理员", "管理员：全部区县与管理后台")]
    _user("admin", "系统管理员", is_staff=True, is_superuser=True)

    for username, display_name, org_name, role in MEMBER_ACCOUNTS:
        user = _user(username, display_name)
        OrganizationRole.objects.get_or_create(
            user=user, organization=organizations[org_name], defaults={"role": role}
        )
        accounts.append(
            DemoAccount(username, display_name, f"{OrganizationRole.Role(role).label}：{org_name}")
        )

    for username, display_name, (city, district_name) in REVIEWER_ACCOUNTS:
        user = _user(username, display_name)
        district = District.objects.get(city=city, name=district_name)
        DistrictReviewer.objects.get_or_create(user=user, district=district)
        accounts.append(DemoAccount(username, display_name, f"审阅人：{district.office_name}"))

    _user("guest", "未分配角色的教师")
    accounts.append(DemoAccount("guest", "未分配角色的教师", "无角色：只能看到提示"))
    return organizations, accounts

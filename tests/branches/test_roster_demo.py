"""The roster demo follows the seeds and is idempotent (each test loads the whole demo once)."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from branches.models import Committee, Honour, Member, Organization
from branches.selectors.roster import (
    committee_warnings,
    development_due,
    organization_ids_under,
    roster_counts,
)

TODAY = datetime.date.today()


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def counts(name):
    return roster_counts([Organization.objects.get(name=name)], TODAY)


def test_demo_rosters_committees_and_honours_follow_the_seeds(demo):
    # 嘉泽: 21 members, 申月娥 the one probationary, five from the kindergarten, 吴娟萍 a delegate.
    jiaze = counts("嘉泽中心小学党支部")
    assert (jiaze.party_members, jiaze.probationary) == (21, 1)
    assert dict(jiaze.by_unit)["嘉泽中心幼儿园"] == 5
    org = Organization.objects.get(name="嘉泽中心小学党支部")
    assert org.members.probationary(TODAY).get().name == "申月娥"
    assert Member.objects.get(organization=org, name="吴娟萍").is_delegate
    committee = Committee.objects.filter(organization=org).in_office(TODAY).get()
    posts = sorted((p.member.name, p.get_post_display()) for p in committee.posts.all())
    assert posts == [
        ("严国俊", "宣传委员"),
        ("卞亮平", "纪检委员"),
        ("卞亮平", "组织委员"),
        ("钱志林", "书记"),
    ]
    # 枣庄: 24 members and a five-person committee.
    assert counts("市中区实验小学党支部").party_members == 24
    shizhong = Committee.objects.get(organization__name="市中区实验小学党支部")
    assert shizhong.posts.values("member").distinct().count() == 5
    # 大坪: members in all three branches and six groups.
    daping = Organization.objects.get(name="大坪小学党委")
    assert all(counts(b.name).party_members >= 16 for b in daping.children.all())
    assert len(roster_counts(organization_ids_under(daping), TODAY).by_group) == 6
    # Honours from the seeds.
    titles = set(Honour.objects.values_list("title", flat=True))
    assert {"重庆市教育系统先进基层党组织", "枣庄市先进基层党组织", "镇优秀共产党员"} <= titles
    assert Honour.objects.filter(title="镇优秀共产党员", member__name="吴娟萍").exists()
    assert Organization.objects.get(name="龙虎塘第二实验小学党支部").founded_on == datetime.date(
        2019, 12, 20
    )


def test_demo_has_movements_development_warnings_and_admin_secretaries(demo):
    assert Member.objects.filter(left_on__isnull=False).exists()
    assert Member.objects.filter(movements__kind="in", joined_on__year=2024).exists()
    assert Member.objects.filter(admission_date__isnull=True, activist_date__isnull=False).exists()
    organizations = Organization.objects.all()
    assert development_due(organizations, TODAY)
    assert committee_warnings(organizations, TODAY)
    for member in Member.objects.all():
        member.full_clean()
        assert not [w for w in member.warnings() if "不足一年" in w or "18 周岁" in w], member
    user = get_user_model().objects.get(username="sec_jiaze")
    assert user.is_staff and user.has_perm("branches.change_member") and not user.is_superuser


def test_a_second_demo_run_changes_no_roster_row(demo):
    def snapshot():
        return (
            Member.objects.count(),
            Member.history.count(),
            Committee.objects.count(),
            Honour.objects.count(),
            list(
                Member.objects.order_by("pk").values_list(
                    "name", "joined_on", "left_on", "full_date"
                )
            ),
        )

    before = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == before

"""Roster pages in the portal: filters, counts, masking, forms, history, query counts."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Committee, CommitteePost, Honour, Member, Movement
from branches.services.roster import record_movement
from tests.clock import TODAY
from tests.factories import (
    CommitteeFactory,
    CommitteePostFactory,
    HonourFactory,
    MemberFactory,
    OrganizationFactory,
    PartyGroupFactory,
    make_id_number,
)
from tests.utils import get_ok

D = datetime.date
ID_NUMBER = make_id_number(D(1980, 5, 1), male=False)


@pytest.fixture
def member(world):
    return MemberFactory(
        organization=world.branch_a,
        name="王丽先",
        group=world.group_a,
        phone="13912345678",
        id_number=ID_NUMBER,
        work_unit="龙虎塘第二实验小学",
    )


def page(client, name, *args, **params):
    return client.get(reverse(f"branches:{name}", args=args), params)


# -- roster list --------------------------------------------------------------------------------


def test_roster_list_masks_phone_and_id_number_even_for_the_secretary(world, client_for, member):
    body = page(client_for(world.secretary_a), "members", world.branch_a.pk).content.decode()
    assert "王丽先" in body
    assert ID_NUMBER not in body and "13912345678" not in body
    assert "139****5678" in body and ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:] in body


def test_roster_filters_by_stage_group_unit_name_and_status_on_a_date(world, client_for, member):
    other_group = PartyGroupFactory(organization=world.branch_a, name="第二党小组")
    MemberFactory(
        organization=world.branch_a,
        name="申月娥",
        admission_date=D(2023, 6, 1),
        full_date=None,
        group=other_group,
        work_unit="幼儿园",
    )
    left = MemberFactory(organization=world.branch_a, name="陈建伟")
    record_movement(member=left, kind=Movement.Kind.TRANSFER_OUT, date=D(2024, 1, 1))
    client = client_for(world.secretary_a)

    def names(**params):
        return [
            m.name for m in page(client, "members", world.branch_a.pk, **params).context["page"]
        ]

    assert names() == sorted(["申月娥", "王丽先"])
    assert names(stage="probationary") == ["申月娥"]
    assert names(stage="full") == ["王丽先"]
    assert names(group=other_group.pk) == ["申月娥"]
    assert names(work_unit="幼儿园") == ["申月娥"]
    assert names(q="丽") == ["王丽先"]
    assert names(status="left") == ["陈建伟"]
    assert names(on="2023-12-31") == sorted(["申月娥", "陈建伟", "王丽先"])
    # As of a day before the admission, 申月娥 was not yet a party member.
    counts = page(client, "members", world.branch_a.pk, on="2023-05-31").context["counts"]
    assert (counts.party_members, counts.full, counts.probationary) == (2, 2, 0)


@pytest.mark.parametrize(
    "params",
    [{"on": "2023-02-30"}, {"group": "x"}, {"stage": "boss"}, {"page": "999"}, {"on": "abc"}],
)
def test_bad_filter_values_never_give_a_500(world, client_for, member, params):
    response = page(client_for(world.secretary_a), "members", world.branch_a.pk, **params)
    assert response.status_code == 200


def test_committee_secretary_of_a_party_committee_sees_members_of_all_its_branches(
    world, client_for
):
    from tests.factories import OrganizationFactory, OrganizationRoleFactory, UserFactory

    party_committee = OrganizationFactory(
        school=world.school_b, kind="committee", name="大坪小学党委"
    )
    world.branch_b.parent = party_committee
    world.branch_b.save()
    MemberFactory(organization=world.branch_b, name="袁懿")
    user = UserFactory(username="daping")
    OrganizationRoleFactory(user=user, organization=party_committee)
    response = page(client_for(user), "members", party_committee.pk)
    assert [m.name for m in response.context["page"]] == ["袁懿"]


def _many_members(world, n):
    groups = [world.group_a, PartyGroupFactory(organization=world.branch_a)]
    for i in range(n):
        MemberFactory(
            organization=world.branch_a,
            name=f"成员{i:03d}",
            group=groups[i % 2],
            work_unit=f"单位{i % 3}",
        )


# Session, user, role rows (2), organisations under the user's, the organisation, organisations
# under it, work units of the filter, the page count, roster counts as of the day (three: stages,
# groups, units), groups of the filter, one page of members with group and organisation.
ROSTER_QUERIES = 14


def test_roster_list_runs_the_same_queries_for_few_and_many_members(
    world, client_for, django_assert_num_queries
):
    client = client_for(world.secretary_a)
    url = reverse("branches:members", args=[world.branch_a.pk])
    _many_members(world, 2)
    with django_assert_num_queries(ROSTER_QUERIES):
        get_ok(client, url)
    _many_members(world, 40)
    with django_assert_num_queries(ROSTER_QUERIES):
        get_ok(client, url)


# -- member page --------------------------------------------------------------------------------


def test_member_page_masks_personal_data_for_the_reviewer(world, client_for, member):
    body = page(client_for(world.reviewer_d1), "member", member.pk).content.decode()
    assert ID_NUMBER not in body and "13912345678" not in body
    assert "139****5678" in body


def test_member_page_shows_a_timeline_of_stages_and_movements(world, client_for):
    member = MemberFactory(
        organization=world.branch_a,
        name="卞亮平",
        activist_date=D(2003, 1, 1),
        candidate_date=D(2004, 3, 1),
    )
    record_movement(
        member=member, kind=Movement.Kind.TRANSFER_OUT, date=D(2013, 8, 1), reason="调往夏溪小学"
    )
    timeline = page(client_for(world.secretary_a), "member", member.pk).context["timeline"]
    assert [item[1] for item in timeline] == [
        "入党积极分子",
        "发展对象",
        "预备党员",
        "正式党员",
        "组织关系转出",
    ]


def test_member_page_shows_warnings(world, client_for):
    member = MemberFactory(
        organization=world.branch_a, activist_date=D(2004, 1, 1), candidate_date=D(2004, 6, 1)
    )
    body = page(client_for(world.secretary_a), "member", member.pk).content.decode()
    assert "培养不足一年" in body


def test_history_shows_who_changed_what_with_personal_data_masked(world, client_for, member):
    client = client_for(world.secretary_a)
    data = _member_post_data(member, phone="13800001111", post="语文")
    response = client.post(reverse("branches:member_edit", args=[member.pk]), data)
    assert response.status_code == 302
    reviewer_body = page(client_for(world.reviewer_d1), "member", member.pk).content.decode()
    history = page(client_for(world.reviewer_d1), "member", member.pk).context["history"]
    latest = history[0]
    assert latest.user == world.secretary_a and latest.action == "修改"
    changed = {label: (old, new) for label, old, new in latest.changes}
    assert changed["联系电话"] == ("139****5678", "138****1111")
    assert changed["职务或任教学科"] == ("—", "语文")
    assert "13800001111" not in reviewer_body and "13912345678" not in reviewer_body


# Session, user, role rows (2), organisations under the user's, the member with organisation,
# school and group, movements, history of the member, movements, honours and posts (four), the
# names of the party groups that history mentions, who revealed their personal data, posts, honours.
MEMBER_PAGE_QUERIES = 15


def test_member_page_runs_the_same_queries_with_little_or_much_history(
    world, client_for, member, django_assert_num_queries
):
    client = client_for(world.secretary_a)
    url = reverse("branches:member", args=[member.pk])
    with django_assert_num_queries(MEMBER_PAGE_QUERIES):
        get_ok(client, url)
    committee = CommitteeFactory(organization=world.branch_a)
    for post in ("secretary", "discipline"):
        CommitteePostFactory(committee=committee, member=member, post=post)
    for year in (2019, 2020, 2021):
        HonourFactory(organization=world.branch_a, recipient="member", member=member, year=year)
    for i in range(5):
        member.post = f"岗位{i}"
        member.save()
    record_movement(member=member, kind=Movement.Kind.TRANSFER_OUT, date=D(2024, 1, 1))
    with django_assert_num_queries(MEMBER_PAGE_QUERIES):
        get_ok(client, url)


# -- member forms -------------------------------------------------------------------------------


def _member_post_data(member=None, **overrides):
    data = {
        "name": "新党员",
        "gender": "F",
        "ethnicity": "汉族",
        "birth_date": "1980-05-01",
        "education": "bachelor",
        "work_unit": "本校",
        "post": "",
        "phone": "",
        "id_number": "",
        "group": "",
        "application_date": "",
        "activist_date": "",
        "candidate_date": "",
        "admission_date": "2005-07-01",
        "full_date": "2006-07-01",
        "probation_extension_months": "0",
        "notes": "",
    }
    if member is not None:
        data.update(
            name=member.name,
            phone=member.phone,
            id_number=member.id_number,
            group=member.group_id or "",
            lock_version=member.lock_version,  # the version the edit form was opened at
        )
    data.update(overrides)
    return data


def test_secretary_adds_a_transferred_in_member(world, client_for):
    client = client_for(world.secretary_a)
    data = _member_post_data(joined_on="2023-09-01", joined_from="成章小学")
    response = client.post(reverse("branches:member_create", args=[world.branch_a.pk]), data)
    assert response.status_code == 302
    member = Member.objects.get(name="新党员")
    assert member.joined_on == D(2023, 9, 1)
    assert member.movements.get().reason == "成章小学"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"id_number": ID_NUMBER[:17] + ("1" if ID_NUMBER[17] != "1" else "2")},
            "id_number",
            "校验位不正确",
        ),
        ({"id_number": "32041119800230123X"}, "id_number", "不是有效日期"),
        ({"id_number": "3204111980"}, "id_number", "18 位"),
        ({"id_number": make_id_number(D(1981, 5, 1), male=False)}, "id_number", "不一致"),
        ({"phone": "1234"}, "phone", "手机号"),
        ({"birth_date": "1980-02-30"}, "birth_date", ""),
        ({"full_date": "2004-01-01"}, "full_date", "不能早于"),
        ({"probation_extension_months": "13"}, "probation_extension_months", ""),
        ({"name": ""}, "name", ""),
    ],
)
def test_bad_member_input_shows_a_chinese_error_next_to_the_field(
    world, client_for, overrides, field, message
):
    client = client_for(world.secretary_a)
    response = client.post(
        reverse("branches:member_create", args=[world.branch_a.pk]), _member_post_data(**overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in errors[field][0]
    assert not Member.objects.exists()


def test_a_group_of_another_branch_cannot_be_chosen(world, client_for):
    other_group = PartyGroupFactory(organization=world.branch_b)
    response = client_for(world.secretary_a).post(
        reverse("branches:member_create", args=[world.branch_a.pk]),
        _member_post_data(group=other_group.pk),
    )
    assert "group" in response.context["form"].errors


def test_duplicate_id_number_in_the_branch_is_refused(world, client_for, member):
    response = client_for(world.secretary_a).post(
        reverse("branches:member_create", args=[world.branch_a.pk]),
        _member_post_data(name="另一人", id_number=ID_NUMBER),
    )
    assert "已有党员使用这个身份证号" in response.context["form"].errors["id_number"][0]


def test_reviewer_cannot_post_to_the_member_form(world, client_for, member):
    response = client_for(world.reviewer_d1).post(
        reverse("branches:member_edit", args=[member.pk]), _member_post_data(member, name="改名")
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.name == "王丽先"


def test_other_branch_secretary_gets_404_on_the_member(world, client_for, member):
    response = client_for(world.secretary_b).post(
        reverse("branches:member_edit", args=[member.pk]), _member_post_data(member)
    )
    assert response.status_code == 404


# -- movements ----------------------------------------------------------------------------------


def test_secretary_records_a_transfer_out(world, client_for, member):
    response = client_for(world.secretary_a).post(
        reverse("branches:movement_create", args=[member.pk]),
        {
            "kind": "out",
            "date": "2024-03-01",
            "reason": "交流到湟里中心小学",
            "lock_version": member.lock_version,
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == D(2024, 3, 1)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "out", "date": "2099-01-01"}, "date"),
        ({"kind": "out", "date": "2024-02-30"}, "date"),
        ({"kind": "in", "date": "2024-01-01"}, "kind"),
        ({"kind": "fly", "date": "2024-01-01"}, "kind"),
    ],
)
def test_bad_movements_are_refused_next_to_the_field(world, client_for, data, field):
    member = MemberFactory(organization=world.branch_a)
    record_movement(member=member, kind=Movement.Kind.TRANSFER_IN, date=D(2020, 1, 1))
    member.refresh_from_db()  # as the form page would show it
    response = client_for(world.secretary_a).post(
        reverse("branches:movement_create", args=[member.pk]),
        {**data, "lock_version": member.lock_version},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert member.movements.count() == 1


# -- committees ---------------------------------------------------------------------------------


def _committee_data(**posts):
    data = {"term_start": "2024-01-10", "term_end": "", "ended_on": ""}
    data.update({f"post_{name}": member.pk for name, member in posts.items() if name != "other"})
    return data


def test_secretary_registers_a_committee_where_one_person_holds_two_posts(world, client_for):
    qian, bian, yan = (
        MemberFactory(organization=world.branch_a, name=n) for n in ("钱志林", "卞亮平", "严国俊")
    )
    data = _committee_data(secretary=qian, organization=bian, discipline=bian, propaganda=yan)
    response = client_for(world.secretary_a).post(
        reverse("branches:committee_create", args=[world.branch_a.pk]), data
    )
    assert response.status_code == 302
    committee = Committee.objects.get()
    assert committee.term_end == D(2027, 1, 10)  # three years by default
    posts = sorted((p.member.name, p.get_post_display()) for p in committee.posts.all())
    assert posts == [
        ("严国俊", "宣传委员"),
        ("卞亮平", "纪检委员"),
        ("卞亮平", "组织委员"),
        ("钱志林", "书记"),
    ]
    listing = page(client_for(world.secretary_a), "committees", world.branch_a.pk)
    assert listing.context["committees"][0][0].member_count == 3


def test_editing_a_committee_replaces_its_posts_and_keeps_their_history(world, client_for):
    qian, bian, yan = (
        MemberFactory(organization=world.branch_a, name=n) for n in ("钱志林", "卞亮平", "严国俊")
    )
    committee = CommitteeFactory(organization=world.branch_a)
    CommitteePostFactory(committee=committee, member=qian, post="secretary")
    CommitteePostFactory(committee=committee, member=yan, post="organization")
    data = _committee_data(secretary=qian, organization=bian)
    response = client_for(world.secretary_a).post(
        reverse("branches:committee_edit", args=[committee.pk]),
        {**data, "lock_version": committee.lock_version},
    )
    assert response.status_code == 302
    assert {(p.member.name, p.post) for p in committee.posts.all()} == {
        ("钱志林", "secretary"),
        ("卞亮平", "organization"),
    }
    assert CommitteePost.history.filter(member_id=yan.pk, history_type="-").exists()


def test_a_probationary_member_is_not_offered_for_a_committee_post(world, client_for):
    MemberFactory(
        organization=world.branch_a, name="申月娥", admission_date=D(2023, 6, 1), full_date=None
    )
    form = page(client_for(world.secretary_a), "committee_create", world.branch_a.pk).context[
        "form"
    ]
    assert "申月娥" not in [m.name for m in form.fields["post_secretary"].queryset]


def test_a_second_term_starting_the_same_day_is_a_form_error_not_a_500(world, client_for):
    CommitteeFactory(organization=world.branch_a, term_start=D(2024, 1, 10))
    data = _committee_data(secretary=MemberFactory(organization=world.branch_a))
    response = client_for(world.secretary_a).post(
        reverse("branches:committee_create", args=[world.branch_a.pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors["term_start"] == [
        "本组织已有一届支委会从这一天开始任期。"
    ]
    assert Committee.objects.count() == 1


def _post_committee(world, client_for, data):
    return client_for(world.secretary_a).post(
        reverse("branches:committee_create", args=[world.branch_a.pk]), data
    )


def test_a_regular_term_longer_than_three_years_is_refused(world, client_for):
    data = _committee_data(secretary=MemberFactory(organization=world.branch_a))
    data.update(term_start="2024-01-10", term_end="2027-01-11")
    response = _post_committee(world, client_for, data)
    assert response.status_code == 200
    assert "延期不超过 1 年" in response.context["form"].errors["term_end"][0]
    assert not Committee.objects.exists()


def _extension(months_until, **extra):
    data = {
        "term_start": "2021-01-10",
        "term_end": "",
        "extended_until": months_until,
        "extension_approved_on": "2023-12-20",
        "extension_document": "区教党〔2023〕15号",
    }
    data.update(extra)
    return data


def test_an_extension_of_twelve_months_moves_the_due_date_and_the_warning(world, client_for):
    data = _committee_data(secretary=MemberFactory(organization=world.branch_a))
    data.update(_extension("2025-01-10"))  # the term ends 2024-01-10; 12 months later
    response = _post_committee(world, client_for, data)
    assert response.status_code == 302
    committee = Committee.objects.get()
    assert (committee.term_end, committee.due_date) == (D(2024, 1, 10), D(2025, 1, 10))
    assert committee.status_on(D(2024, 6, 1)) == Committee.Status.IN_OFFICE  # not overdue
    assert committee.status_on(D(2024, 11, 1)) == Committee.Status.ENDING
    assert committee.status_on(D(2025, 1, 11)) == Committee.Status.OVERDUE
    body = page(client_for(world.secretary_a), "committees", world.branch_a.pk).content.decode()
    assert "经批准延期至 2025-01-10" in body and "区教党〔2023〕15号" in body


def test_an_extension_of_thirteen_months_or_without_approval_is_refused(world, client_for):
    data = _committee_data(secretary=MemberFactory(organization=world.branch_a))
    data.update(_extension("2025-02-10"))
    response = _post_committee(world, client_for, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "延期换届最长 1 年" in errors["extended_until"][0]
    data.update(_extension("2024-12-10", extension_approved_on="", extension_document=""))
    errors = _post_committee(world, client_for, data).context["form"].errors
    assert "批准日期" in errors["extension_approved_on"][0]
    assert "文号" in errors["extension_document"][0]
    assert not Committee.objects.exists()


def test_extended_term_warning_names_the_approval(world, client_for):
    committee = CommitteeFactory(
        organization=world.branch_a,
        term_start=TODAY - datetime.timedelta(days=3 * 365 + 100),
        term_end=TODAY - datetime.timedelta(days=100),
        extended_until=TODAY + datetime.timedelta(days=20),
        extension_approved_on=TODAY - datetime.timedelta(days=120),
        extension_document="区教党〔2025〕8号",
    )
    CommitteePostFactory(committee=committee)
    body = page(client_for(world.secretary_a), "committees", world.branch_a.pk).content.decode()
    assert "区教党〔2025〕8号" in body and "还有 20 天" in body
    assert "已于" not in body  # not reported as overdue


def test_a_member_who_became_full_one_day_after_the_term_start_cannot_hold_a_post(
    world, client_for
):
    late = MemberFactory(
        organization=world.branch_a,
        name="钱晓",
        admission_date=D(2023, 1, 11),
        full_date=D(2024, 1, 11),  # the term starts 2024-01-10
    )
    data = _committee_data(secretary=MemberFactory(organization=world.branch_a), propaganda=late)
    response = _post_committee(world, client_for, data)
    assert response.status_code == 200
    assert response.context["form"].errors["post_propaganda"] == [
        "钱晓 在选举日 2024-01-10 是预备党员，预备党员没有被选举权。"
    ]
    assert not Committee.objects.exists()
    data.update(term_start="2024-01-11")  # a term starting the day they became full: accepted
    assert _post_committee(world, client_for, data).status_code == 302


def test_someone_admitted_after_the_term_start_is_refused(world, client_for):
    newcomer = MemberFactory(
        organization=world.branch_a, name="孙新", admission_date=D(2024, 6, 1), full_date=None
    )
    data = _committee_data(secretary=MemberFactory(organization=world.branch_a))
    data.update(term_start="2018-09-01", post_organization=newcomer.pk)
    response = _post_committee(world, client_for, data)
    assert response.context["form"].errors["post_organization"] == [
        "孙新 在选举日 2018-09-01 还不是正式党员，只有正式党员可以当选。"
    ]


def test_someone_transferred_in_after_the_term_start_is_refused(world, client_for):
    moved = MemberFactory(organization=world.branch_a, name="周转入")
    record_movement(member=moved, kind=Movement.Kind.TRANSFER_IN, date=D(2024, 3, 1))
    data = _committee_data(secretary=moved)
    response = _post_committee(world, client_for, data)
    assert "不在本组织名册上" in response.context["form"].errors["post_secretary"][0]


def test_the_post_choices_of_a_term_are_its_full_members_at_the_start(world, client_for):
    old = MemberFactory(organization=world.branch_a, name="老党员")
    MemberFactory(
        organization=world.branch_a,
        name="新党员",
        admission_date=D(2022, 1, 1),
        full_date=D(2023, 1, 1),
    )
    committee = CommitteeFactory(
        organization=world.branch_a, term_start=D(2018, 9, 1), term_end=D(2021, 9, 1)
    )
    CommitteePostFactory(committee=committee, member=old, post="secretary")
    form = page(client_for(world.secretary_a), "committee_edit", committee.pk).context["form"]
    assert [m.name for m in form.fields["post_secretary"].queryset] == ["老党员"]


def test_a_party_committee_page_speaks_of_a_party_committee(world, client_for):
    world.branch_a.kind = "committee"
    world.branch_a.save()
    body = page(client_for(world.secretary_a), "committees", world.branch_a.pk).content.decode()
    assert "党委委员会与换届" in body
    assert "不足 7 名正式党员的支部" not in body


def test_committee_form_refuses_impossible_terms(world, client_for):
    qian = MemberFactory(organization=world.branch_a)
    data = _committee_data(secretary=qian)
    data.update(term_start="2024-01-10", term_end="2023-01-10")
    response = client_for(world.secretary_a).post(
        reverse("branches:committee_create", args=[world.branch_a.pk]), data
    )
    assert response.status_code == 200 and "term_end" in response.context["form"].errors
    data.update(term_start="2024-02-30", term_end="")
    response = client_for(world.secretary_a).post(
        reverse("branches:committee_create", args=[world.branch_a.pk]), data
    )
    assert response.status_code == 200 and "term_start" in response.context["form"].errors
    assert not Committee.objects.exists()


def test_committee_page_shows_term_status_and_warnings(world, client_for):
    today = TODAY
    committee = CommitteeFactory(
        organization=world.branch_a,
        term_start=today - datetime.timedelta(days=1000),
        term_end=today + datetime.timedelta(days=30),
    )
    CommitteePostFactory(committee=committee)
    body = page(client_for(world.reviewer_d1), "committees", world.branch_a.pk).content.decode()
    assert "即将届满" in body and "还有 30 天" in body and "应为 3–7 人" in body


# Session, user, role rows (2), organisations under the user's, the organisation, organisations
# under it, committees with post counts, their posts with members, the organisations of the
# committee warnings, the committee in office, members for the post choices.
COMMITTEE_QUERIES = 12


def test_committee_page_runs_the_same_queries_for_few_and_many(
    world, client_for, django_assert_num_queries
):
    client = client_for(world.secretary_a)
    url = reverse("branches:committees", args=[world.branch_a.pk])
    CommitteePostFactory(committee=CommitteeFactory(organization=world.branch_a))
    with django_assert_num_queries(COMMITTEE_QUERIES):
        get_ok(client, url)
    for year in (2015, 2018, 2021):
        committee = CommitteeFactory(
            organization=world.branch_a,
            term_start=D(year, 1, 1),
            term_end=D(year + 3, 1, 1),
            ended_on=D(year + 3, 1, 1),
        )
        for post in ("secretary", "organization", "propaganda", "discipline"):
            CommitteePostFactory(committee=committee, post=post)
    with django_assert_num_queries(COMMITTEE_QUERIES):
        get_ok(client, url)


# -- honours ------------------------------------------------------------------------------------


def test_secretary_records_a_member_honour(world, client_for, member):
    response = client_for(world.secretary_a).post(
        reverse("branches:honour_create", args=[world.branch_a.pk]),
        {
            "recipient": "member",
            "member": member.pk,
            "title": "镇优秀共产党员",
            "level": "town",
            "year": "2012",
            "awarded_by": "嘉泽镇党委",
            "notes": "",
        },
    )
    assert response.status_code == 302
    honour = Honour.objects.get()
    assert honour.member == member and honour.get_level_display() == "镇（街道）级"
    assert (
        "镇优秀共产党员"
        in page(client_for(world.secretary_a), "member", member.pk).content.decode()
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"recipient": "member", "member": ""}, "member"),
        ({"recipient": "school", "year": "1800"}, "year"),
        ({"recipient": "school", "level": "galaxy"}, "level"),
        ({"recipient": "school", "year": "abc"}, "year"),
    ],
)
def test_bad_honour_input_is_refused_next_to_the_field(world, client_for, data, field):
    values = {
        "recipient": "school",
        "member": "",
        "title": "江苏省平安学校",
        "level": "province",
        "year": "2012",
        "awarded_by": "",
        "notes": "",
    }
    values.update(data)
    response = client_for(world.secretary_a).post(
        reverse("branches:honour_create", args=[world.branch_a.pk]), values
    )
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Honour.objects.exists()


def test_member_of_another_branch_cannot_be_given_an_honour(world, client_for):
    stranger = MemberFactory(organization=world.branch_b)
    response = client_for(world.secretary_a).post(
        reverse("branches:honour_create", args=[world.branch_a.pk]),
        {
            "recipient": "member",
            "member": stranger.pk,
            "title": "x",
            "level": "town",
            "year": "2012",
        },
    )
    assert "member" in response.context["form"].errors


# Session, user, role rows (2), the organisation, organisations under it, honours with member,
# organisation and school.
HONOURS_QUERIES = 7


def test_honours_page_runs_the_same_queries_for_few_and_many(
    world, client_for, member, django_assert_num_queries
):
    client = client_for(world.reviewer_d1)
    url = reverse("branches:honours", args=[world.branch_a.pk])
    HonourFactory(organization=world.branch_a)
    with django_assert_num_queries(HONOURS_QUERIES):
        get_ok(client, url)
    HonourFactory.create_batch(5, organization=world.branch_a, recipient="school")
    HonourFactory.create_batch(5, organization=world.branch_a, recipient="member", member=member)
    with django_assert_num_queries(HONOURS_QUERIES):
        response = get_ok(client, url)
    assert world.school_a.name in response.content.decode()


# -- roster overview ----------------------------------------------------------------------------


def test_roster_menu_takes_a_secretary_straight_to_their_roster(world, client_for):
    response = client_for(world.secretary_a).get(reverse("branches:roster"))
    assert response["Location"] == reverse("branches:members", args=[world.branch_a.pk])


def test_reviewer_overview_lists_only_their_district_with_counts(world, client_for):
    MemberFactory.create_batch(3, organization=world.branch_a)
    MemberFactory(organization=world.branch_a, admission_date=D(2024, 1, 1), full_date=None)
    MemberFactory.create_batch(2, organization=world.branch_b)
    response = client_for(world.reviewer_d1).get(reverse("branches:roster"))
    organizations = list(response.context["organizations"])
    assert organizations == [world.branch_a]
    org = organizations[0]
    assert (org.party_member_count, org.full_member_count, org.probationary_count) == (4, 3, 1)


def test_roster_overview_runs_the_same_queries_for_few_and_many(
    world, client_for, django_assert_num_queries
):
    client = client_for(world.admin)
    url = reverse("branches:roster")
    # Session, user (an admin has no role rows to load), organisations with their member counts.
    with django_assert_num_queries(3):
        get_ok(client, url)
    for _ in range(4):
        MemberFactory.create_batch(3, organization=OrganizationFactory(school=world.school_a))
    with django_assert_num_queries(3):
        get_ok(client, url)


def test_a_name_search_longer_than_any_name_is_refused_next_to_the_box(world, client_for):
    MemberFactory(organization=world.branch_a, name="王芳")
    url = reverse("branches:members", args=[world.branch_a.pk])
    response = client_for(world.secretary_a).get(url, {"q": "王" * 60_000})
    assert response.status_code == 200
    assert "最多 50 个字" in response.content.decode()

"""身份证号 and phone: masked everywhere; the branch secretary, the 组织委员 and admins reveal one
number at a time on the member page, and every reveal is in the audit trail."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.access import may_see_personal_data
from branches.exports.resources import MemberResource
from branches.models import Member, OrganizationRole, PersonalDataReveal
from tests.clock import TODAY
from tests.factories import (
    CommitteeFactory,
    CommitteePostFactory,
    MemberFactory,
    OrganizationFactory,
    OrganizationRoleFactory,
    UserFactory,
    make_id_number,
)

D = datetime.date
ID_NUMBER = make_id_number(D(1980, 5, 1), male=False)
MASKED_ID = ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
PHONE = "13912345678"
MASKED_PHONE = "139****5678"
Post = CommitteePostFactory._meta.model.Post


@pytest.fixture
def cast(world):
    """Branch A under a 党委, with its committee in office: 组织委员 and 宣传委员 have accounts."""
    party_committee = OrganizationFactory(
        school=world.school_a, kind="committee", name="龙虎塘第二实验小学党委"
    )
    world.branch_a.parent = party_committee
    world.branch_a.save()
    member = MemberFactory(
        organization=world.branch_a, name="王丽先", phone=PHONE, id_number=ID_NUMBER
    )
    committee = CommitteeFactory(organization=world.branch_a, term_start=D(2024, 1, 10))
    accounts = {}
    for username, post in (("organizer", Post.ORGANIZATION), ("propagandist", Post.PROPAGANDA)):
        holder = MemberFactory(organization=world.branch_a, name=f"{username}本人")
        CommitteePostFactory(committee=committee, member=holder, post=post)
        user = UserFactory(username=username)
        OrganizationRoleFactory(
            user=user,
            organization=world.branch_a,
            role=OrganizationRole.Role.COMMITTEE,
            member=holder,
        )
        accounts[username] = user
    party_secretary = UserFactory(username="party_secretary")
    OrganizationRoleFactory(user=party_secretary, organization=party_committee)
    users = {
        "secretary_a": world.secretary_a,
        "admin": world.admin,
        "reviewer_d1": world.reviewer_d1,
        "party_secretary": party_secretary,
        **accounts,
    }
    return {"member": member, "committee": committee, "users": users, "party": party_committee}


MAY_REVEAL = ["secretary_a", "organizer", "admin"]
MAY_NOT = ["propagandist", "party_secretary", "reviewer_d1"]


def reveal(client, member, field, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("branches:member_reveal", args=[member.pk, field])
    return client.post(url, headers=headers)


# -- the member page ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", MAY_REVEAL + MAY_NOT)
def test_member_page_holds_no_full_number_until_revealed(cast, client_for, who):
    body = (
        client_for(cast["users"][who])
        .get(reverse("branches:member", args=[cast["member"].pk]))
        .content.decode()
    )
    assert ID_NUMBER not in body and PHONE not in body
    assert MASKED_ID in body and MASKED_PHONE in body
    reveal_url = reverse("branches:member_reveal", args=[cast["member"].pk, "id_number"])
    assert (reveal_url in body) == (who in MAY_REVEAL)


@pytest.mark.parametrize("field,value", [("id_number", ID_NUMBER), ("phone", PHONE)])
@pytest.mark.parametrize("who", MAY_REVEAL)
def test_secretary_organizer_and_admin_reveal_a_number_and_it_is_audited(
    cast, client_for, who, field, value
):
    user = cast["users"][who]
    response = reveal(client_for(user), cast["member"], field)
    assert response.status_code == 200
    assert value in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    row = PersonalDataReveal.objects.get()
    assert (row.user, row.member, row.field) == (user, cast["member"], field)
    assert row.member_name == "王丽先" and row.organization == cast["member"].organization
    assert row.revealed_at is not None


@pytest.mark.parametrize("who", MAY_NOT)
def test_other_committee_members_the_party_committee_secretary_and_reviewers_cannot_reveal(
    cast, client_for, who
):
    client = client_for(cast["users"][who])
    for field in ("id_number", "phone"):
        response = reveal(client, cast["member"], field)
        assert response.status_code == 403
        assert ID_NUMBER not in response.content.decode()
    assert not PersonalDataReveal.objects.exists()


def test_the_organizer_of_a_committee_no_longer_in_office_cannot_reveal(cast, client_for):
    cast["committee"].ended_on = TODAY - datetime.timedelta(days=1)
    cast["committee"].save()
    response = reveal(client_for(cast["users"]["organizer"]), cast["member"], "id_number")
    assert response.status_code == 403


def test_a_secretary_of_another_branch_gets_404_and_a_get_or_unknown_field_is_refused(
    world, cast, client_for
):
    assert reveal(client_for(world.secretary_b), cast["member"], "id_number").status_code == 404
    client = client_for(world.secretary_a)
    assert reveal(client, cast["member"], "notes").status_code == 404
    url = reverse("branches:member_reveal", args=[cast["member"].pk, "id_number"])
    assert client.get(url).status_code == 405
    assert not PersonalDataReveal.objects.exists()


def test_reveal_without_javascript_returns_the_member_page_with_that_number_only(cast, client_for):
    response = reveal(client_for(cast["users"]["secretary_a"]), cast["member"], "phone", False)
    body = response.content.decode()
    assert response.status_code == 200 and "王丽先" in body
    assert PHONE in body and ID_NUMBER not in body and MASKED_ID in body


def test_reveals_are_listed_in_the_admin_and_in_the_members_history(cast, client_for, world):
    reveal(client_for(cast["users"]["organizer"]), cast["member"], "id_number")
    admin = client_for(world.admin)
    listing = admin.get(reverse("admin:branches_personaldatareveal_changelist")).content.decode()
    assert "organizer" in listing and "王丽先" in listing and "身份证号" in listing
    member_url = reverse("branches:member", args=[cast["member"].pk])
    history = admin.get(member_url).context["history"]
    assert history[0].action == "查看完整身份证号" and history[0].user == cast["users"]["organizer"]
    # Reviewers see the changes, not who looked at numbers; nor may staff secretaries edit the log.
    reviewer_history = client_for(world.reviewer_d1).get(member_url).context["history"]
    assert all("查看" not in entry.action for entry in reviewer_history)
    world.secretary_a.is_staff = True
    world.secretary_a.save()
    url = reverse("admin:branches_personaldatareveal_changelist")
    assert client_for(world.secretary_a).get(url).status_code == 403


def test_the_rule_is_one_function_for_every_role(cast, world):
    organization = cast["member"].organization
    expected = dict.fromkeys(MAY_REVEAL, True) | dict.fromkeys(MAY_NOT, False)
    seen = {who: may_see_personal_data(cast["users"][who], organization) for who in expected}
    assert seen == expected


def test_an_account_can_only_be_linked_to_a_member_of_its_own_organisation(world, cast):
    stranger = MemberFactory(organization=world.branch_b)
    role = OrganizationRole(
        user=world.outsider, organization=world.branch_a, role="committee", member=stranger
    )
    with pytest.raises(ValidationError, match="名册中的本人"):
        role.full_clean()


# -- forms: the edit page and the admin carry masks, and a mask sent back changes nothing ---------


def _edit_data(member, **overrides):
    data = {
        "name": member.name,
        "gender": member.gender,
        "ethnicity": member.ethnicity,
        "birth_date": member.birth_date.isoformat(),
        "education": "",
        "work_unit": "",
        "post": "",
        "phone": MASKED_PHONE,
        "id_number": MASKED_ID,
        "group": "",
        "is_delegate": "",
        "application_date": "",
        "activist_date": "",
        "candidate_date": "",
        "admission_date": member.admission_date.isoformat(),
        "full_date": member.full_date.isoformat(),
        "probation_extension_months": "0",
        "notes": "",
        "lock_version": str(member.lock_version),
    }
    return data | overrides


def test_member_edit_form_holds_masks_and_keeps_the_numbers_when_they_are_sent_back(
    cast, client_for
):
    member = cast["member"]
    client = client_for(cast["users"]["propagandist"])  # may edit the roster, not see numbers
    url = reverse("branches:member_edit", args=[member.pk])
    body = client.get(url).content.decode()
    assert ID_NUMBER not in body and PHONE not in body and MASKED_ID in body
    response = client.post(url, _edit_data(member, post="数学"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.phone, member.id_number, member.post) == (PHONE, ID_NUMBER, "数学")
    # A new full number replaces the stored one; a different mask is refused next to the field.
    client.post(url, _edit_data(member, phone="13800001111"))
    member.refresh_from_db()
    assert member.phone == "13800001111"
    response = client.post(url, _edit_data(member, id_number="1101**********0000"))
    assert "身份证号被遮盖" in response.content.decode()
    member.refresh_from_db()
    assert member.id_number == ID_NUMBER


def test_admin_change_form_holds_masks_even_for_a_superuser(cast, client_for, world):
    member = cast["member"]
    client = client_for(world.admin)
    url = reverse("admin:branches_member_change", args=[member.pk])
    body = client.get(url).content.decode()
    assert ID_NUMBER not in body and PHONE not in body and MASKED_ID in body
    data = _edit_data(member, organization=member.organization_id, post="语文")
    data |= {
        "movements-TOTAL_FORMS": "0",
        "movements-INITIAL_FORMS": "0",
        "movements-MIN_NUM_FORMS": "0",
        "movements-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert (member.phone, member.id_number, member.post) == (PHONE, ID_NUMBER, "语文")


# -- exports: masked for everyone, admins included ------------------------------------------------


def _export_values(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = [list(row) for row in sheet.values]
    header = rows[0]
    return [(row[header.index("身份证号")], row[header.index("联系电话")]) for row in rows[1:]]


def test_the_admin_sites_export_is_masked_for_a_superuser_too(cast, client_for, world):
    fields = MemberResource().get_export_order()
    data = {"format": "0", "resource": "0", **{f"memberresource_{name}": "on" for name in fields}}
    response = client_for(world.admin).post(reverse("admin:branches_member_export"), data)
    assert response.status_code == 200
    values = _export_values(response)
    assert (MASKED_ID, MASKED_PHONE) in values
    assert all(v != ID_NUMBER and p != PHONE for v, p in values)


@pytest.mark.parametrize("who", ["secretary_a", "admin"])
def test_the_portal_roster_export_is_masked_for_those_who_may_reveal(cast, client_for, who):
    url = reverse("branches:members_export", args=[cast["member"].organization_id])
    response = client_for(cast["users"][who]).get(url)
    assert (MASKED_ID, MASKED_PHONE) in _export_values(response)


# -- finding a member by number: posted, scoped by the same rule ---------------------------------


def find(client, organization, number):
    return client.post(reverse("branches:members_find", args=[organization.pk]), {"number": number})


@pytest.mark.parametrize(
    "number", [ID_NUMBER, ID_NUMBER.lower(), "139 1234 5678", "+86 13912345678"]
)
@pytest.mark.parametrize("who", ["secretary_a", "organizer", "admin"])
def test_those_who_may_reveal_find_a_member_by_full_number(cast, client_for, who, number):
    response = find(client_for(cast["users"][who]), cast["member"].organization, number)
    assert response.status_code == 302
    assert response["Location"] == reverse("branches:member", args=[cast["member"].pk])


@pytest.mark.parametrize("who", MAY_NOT)
def test_those_who_may_not_reveal_cannot_search_by_number(cast, client_for, who):
    client = client_for(cast["users"][who])
    organization = cast["member"].organization
    assert find(client, organization, ID_NUMBER).status_code == 403
    members_url = reverse("branches:members", args=[organization.pk])
    assert "按身份证号或电话查找" not in client.get(members_url).content.decode()


def test_a_party_committee_secretary_finds_only_the_committees_own_members(cast, client_for):
    client = client_for(cast["users"]["party_secretary"])
    response = find(client, cast["party"], ID_NUMBER)
    assert response["Location"] == reverse("branches:members", args=[cast["party"].pk])
    assert "没有找到" in client.get(response["Location"]).content.decode()


def test_number_search_tells_when_nothing_matches_or_the_number_is_incomplete(cast, client_for):
    client = client_for(cast["users"]["secretary_a"])
    organization = cast["member"].organization
    members_url = reverse("branches:members", args=[organization.pk])
    assert "按身份证号或电话查找" in client.get(members_url).content.decode()
    for number, message in [
        ("13800009999", "没有找到这个身份证号或电话的党员"),
        ("3204", "请填写完整的 18 位身份证号"),
        ("", "请填写完整的 18 位身份证号"),
    ]:
        response = find(client, organization, number)
        assert response["Location"] == members_url
        assert message in client.get(members_url).content.decode()


def test_a_number_shared_by_two_rows_lists_both(cast, client_for, world):
    MemberFactory(organization=cast["member"].organization, name="王丽先（重名）", phone=PHONE)
    response = find(client_for(world.admin), cast["member"].organization, PHONE)
    assert response.status_code == 200
    names = [m.name for m in response.context["members"]]
    assert names == ["王丽先", "王丽先（重名）"]
    assert PHONE not in response.content.decode()


def test_members_deleted_reveals_keep_their_names(cast, client_for):
    reveal(client_for(cast["users"]["secretary_a"]), cast["member"], "phone")
    Member.objects.filter(pk=cast["member"].pk).delete()
    row = PersonalDataReveal.objects.get()
    assert row.member is None and row.member_name == "王丽先" and row.user_name == "secretary_a"

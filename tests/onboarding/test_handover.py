"""Hand-over (换届/调动) dated today or earlier: a new secretary takes an organisation over in one
step; the old one loses access at once; who held the role when is kept; records keep their authors.
(Dated ahead: test_handover_ahead.py.)"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from branches.models import OrganizationRole, RoleHandover
from onboarding.models import AccountContact
from tests import factories
from tests.clock import TODAY

User = get_user_model()


def _url(world, org=None):
    return reverse("onboarding:handover", args=[world.district1.pk, (org or world.branch_a).pk])


def test_new_secretary_takes_over_and_the_old_one_loses_access(world, district_admin, client_for):
    record = factories.record(world.branch_a)
    type(record).objects.filter(pk=record.pk).update(created_by=world.secretary_a)
    client = client_for(district_admin)
    response = client.post(
        _url(world),
        {"on": TODAY.isoformat(), "username": "sec_new", "name": "新书记", "phone": "13800001111"},
    )
    assert response.status_code == 302
    new = User.objects.get(username="sec_new")
    assert AccountContact.objects.get(user=new).phone == "13800001111"
    assert OrganizationRole.objects.get(organization=world.branch_a).user == new
    handover = RoleHandover.objects.get()
    assert (handover.previous, handover.successor, handover.on, handover.by) == (
        world.secretary_a,
        new,
        TODAY,
        district_admin,
    )
    organization_page = reverse("branches:organization", args=[world.branch_a.pk])
    assert (
        client_for(User.objects.get(pk=world.secretary_a.pk)).get(organization_page).status_code
        == 404
    )
    assert client_for(new).get(organization_page).status_code == 200
    record.refresh_from_db()
    assert record.created_by == world.secretary_a  # the record stays theirs

    page = client_for(district_admin).get(_url(world)).content.decode()
    assert "书记任职记录" in page and "甲书记" in page and "新书记" in page
    # The role history says who held it when.
    history = OrganizationRole.history.filter(organization_id=world.branch_a.pk).order_by(
        "history_date"
    )
    assert [(h.user_id, h.history_type) for h in history][-2:] == [
        (world.secretary_a.pk, "-"),
        (new.pk, "+"),
    ]


def test_hand_over_to_an_existing_committee_member(world, district_admin, client_for):
    member = factories.UserFactory(username="cm_a", display_name="支委甲")
    factories.OrganizationRoleFactory(
        user=member, organization=world.branch_a, role=OrganizationRole.Role.COMMITTEE
    )
    client_for(district_admin).post(_url(world), {"on": TODAY.isoformat(), "username": "cm_a"})
    role = OrganizationRole.objects.get(organization=world.branch_a)
    assert role.user == member and role.role == OrganizationRole.Role.SECRETARY


def test_hand_over_refuses_bad_input_in_chinese(world, district_admin, client_for):
    client = client_for(district_admin)
    cases = [
        (
            {"on": (TODAY + datetime.timedelta(days=400)).isoformat(), "username": "sec_x"},
            "之间的日期",  # a year ahead at most
        ),
        ({"on": TODAY.isoformat(), "username": "secretary_a"}, "此人已是该党组织的书记"),
        ({"on": TODAY.isoformat(), "username": "secretary_b"}, "本区以外"),
        ({"on": TODAY.isoformat(), "username": "reviewer_d1"}, "本区以外"),
        ({"on": TODAY.isoformat(), "username": "brand_new"}, "新账号须填写姓名"),
        (
            {"on": "2026-02-30", "username": "brand_new", "name": "某", "phone": "1"},
            "请填写 11 位手机号",
        ),
    ]
    for data, message in cases:
        response = client.post(_url(world), data)
        assert response.status_code == 200, data
        assert message in response.content.decode(), data
    assert OrganizationRole.objects.get(organization=world.branch_a).user == world.secretary_a
    assert not RoleHandover.objects.exists()
    assert not User.objects.filter(username="brand_new").exists()


def test_a_later_hand_over_cannot_predate_the_last(world, district_admin, client_for):
    client = client_for(district_admin)
    client.post(
        _url(world),
        {"on": TODAY.isoformat(), "username": "sec_two", "name": "二", "phone": "13800001112"},
    )
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        _url(world),
        {"on": yesterday, "username": "sec_three", "name": "三", "phone": "13800001113"},
    )
    assert "交接日期不能早于上一次交接" in response.content.decode(), response.context[
        "form"
    ].errors
    assert not User.objects.filter(username="sec_three").exists()

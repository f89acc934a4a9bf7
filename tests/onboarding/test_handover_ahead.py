"""A hand-over dated ahead (换届 announced early): nothing changes until its day; on that day the
new secretary has the organisation and the old one no longer has it, with no job run and no row
saved on the day; until then it is listed as pending and can be cancelled."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from branches.models import OrganizationRole, RoleHandover
from branches.scope import scope_for
from tests import factories
from tests.clock import SHANGHAI, TODAY

User = get_user_model()
DAY = TODAY + datetime.timedelta(days=10)  # the hand-over's day


def _at(time_machine, day, hour=10, minute=0):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI))


def _fresh(user):
    """The user as the next request loads them (the session's user query)."""
    return User.objects.get(pk=user.pk)


def _hand_over(client, world, username, **extra):
    url = reverse("onboarding:handover", args=[world.district1.pk, world.branch_a.pk])
    return client.post(url, {"on": DAY.isoformat(), "username": username, **extra})


def _organization_page(client, user, world):
    client.force_login(_fresh(user))
    return client.get(reverse("branches:organization", args=[world.branch_a.pk])).status_code


@pytest.fixture
def handed_over(world, district_admin, client_for):
    """Branch A handed over to a new account on DAY, filed today."""
    response = _hand_over(
        client_for(district_admin), world, "sec_next", name="新书记", phone="13800001111"
    )
    assert response.status_code == 302
    return User.objects.get(username="sec_next")


def test_the_change_takes_effect_on_its_day_not_before(
    world, district_admin, handed_over, client, time_machine
):
    new = handed_over
    record = factories.record(world.branch_a)
    type(record).objects.filter(pk=record.pk).update(created_by=world.secretary_a)

    _at(time_machine, DAY - datetime.timedelta(days=1), 23, 59)  # the evening before
    assert _organization_page(client, world.secretary_a, world) == 200
    assert _organization_page(client, new, world) == 404

    _at(time_machine, DAY, 0, 1)  # just after midnight in Shanghai, nothing saved since
    assert _organization_page(client, new, world) == 200
    assert _organization_page(client, world.secretary_a, world) == 404
    assert scope_for(_fresh(new)).secretary_org_ids == {world.branch_a.id}
    record.refresh_from_db()
    assert record.created_by == world.secretary_a  # the record stays theirs

    # The hand-over is history now: no longer pending, in the secretary record of the page.
    client.force_login(district_admin)
    page = client.get(reverse("onboarding:district", args=[world.district1.pk])).content.decode()
    assert "待生效的书记交接" not in page
    page = client.get(
        reverse("onboarding:handover", args=[world.district1.pk, world.branch_a.pk])
    ).content.decode()
    assert "书记任职记录" in page and DAY.isoformat() in page and "新书记" in page


def test_until_its_day_the_hand_over_is_listed_as_pending(
    world, district_admin, handed_over, client
):
    client.force_login(district_admin)
    for url in (
        reverse("onboarding:district", args=[world.district1.pk]),
        reverse("onboarding:organization", args=[world.district1.pk, world.branch_a.pk]),
    ):
        page = client.get(url).content.decode()
        assert "待生效的书记交接" in page and "撤销交接" in page, url
        assert f"{DAY.isoformat()} 起：{world.branch_a.name} 书记由 甲书记 交给 新书记" in page
    page = client.get(
        reverse("onboarding:organization", args=[world.district1.pk, world.branch_a.pk])
    ).content.decode()
    assert f"{DAY.isoformat()} 起生效" in page and f"{DAY.isoformat()} 起卸任" in page
    # Who held the role when: the old row ends on the day, the new one starts on it.
    old = OrganizationRole.objects.get(user=world.secretary_a)
    new = OrganizationRole.objects.get(user=handed_over)
    assert (old.starts_on, old.ends_on) == (None, DAY)
    assert (new.role, new.starts_on, new.ends_on) == ("secretary", DAY, None)
    assert old.history.latest().history_user == district_admin


def test_a_committee_member_becomes_secretary_on_the_day(
    world, district_admin, client_for, time_machine
):
    member = factories.UserFactory(username="cm_a", display_name="支委甲")
    factories.OrganizationRoleFactory(
        user=member, organization=world.branch_a, role=OrganizationRole.Role.COMMITTEE
    )
    assert _hand_over(client_for(district_admin), world, "cm_a").status_code == 302

    _at(time_machine, DAY - datetime.timedelta(days=1))
    scope = scope_for(_fresh(member))
    assert scope.own_org_ids == {world.branch_a.id} and not scope.secretary_org_ids
    _at(time_machine, DAY)
    scope = scope_for(_fresh(member))
    assert scope.own_org_ids == {world.branch_a.id}
    assert scope.secretary_org_ids == {world.branch_a.id}
    assert not scope_for(_fresh(world.secretary_a)).own_org_ids


def test_the_cached_scope_is_not_served_across_the_day(
    world, handed_over, settings, time_machine, django_assert_num_queries
):
    settings.SCOPE_CACHE = True
    cache.clear()
    _at(time_machine, DAY - datetime.timedelta(days=1))
    assert world.branch_a.id in scope_for(_fresh(world.secretary_a)).own_org_ids
    assert not scope_for(_fresh(handed_over)).own_org_ids
    user = _fresh(world.secretary_a)
    with django_assert_num_queries(0):  # kept: the next request reads it from the cache
        assert world.branch_a.id in scope_for(user).own_org_ids

    _at(time_machine, DAY)  # no role row saved, the token unchanged
    assert _fresh(world.secretary_a).scope_token == user.scope_token
    assert world.branch_a.id not in scope_for(_fresh(world.secretary_a)).own_org_ids
    assert scope_for(_fresh(handed_over)).own_org_ids == {world.branch_a.id}


def test_a_pending_hand_over_can_be_cancelled_before_its_day(
    world, district_admin, handed_over, client, time_machine
):
    handover = RoleHandover.objects.get()
    client.force_login(district_admin)
    url = reverse("onboarding:handover_cancel", args=[world.district1.pk, handover.pk])
    response = client.post(url, follow=True)
    assert "已撤销" in response.content.decode()
    assert not RoleHandover.objects.exists()
    role = OrganizationRole.objects.get(organization=world.branch_a)
    assert (role.user, role.ends_on) == (world.secretary_a, None)
    # The role rows' history keeps both steps, by the administrator.
    assert [h.history_user for h in role.history.all()[:2]] == [district_admin, district_admin]

    _at(time_machine, DAY)
    assert _organization_page(client, world.secretary_a, world) == 200
    assert _organization_page(client, handed_over, world) == 404


def test_a_hand_over_cannot_be_cancelled_once_in_effect(
    world, district_admin, handed_over, client, time_machine
):
    handover = RoleHandover.objects.get()
    _at(time_machine, DAY)
    client.force_login(district_admin)
    url = reverse("onboarding:handover_cancel", args=[world.district1.pk, handover.pk])
    response = client.post(url, follow=True)
    assert "已经生效，不能撤销" in response.content.decode()
    assert RoleHandover.objects.filter(pk=handover.pk).exists()
    assert _organization_page(client, handed_over, world) == 200


def test_one_pending_hand_over_at_a_time(world, district_admin, handed_over, client_for):
    response = _hand_over(
        client_for(district_admin), world, "sec_other", name="另一人", phone="13800001112"
    )
    assert response.status_code == 200
    assert "已有一次待生效的交接" in response.content.decode()
    assert not User.objects.filter(username="sec_other").exists()
    assert RoleHandover.objects.count() == 1


def test_another_district_s_hand_over_cannot_be_cancelled(world, district_admin, client):
    handover = RoleHandover.objects.create(
        organization=world.branch_b, successor=world.secretary_b, on=DAY
    )
    client.force_login(district_admin)
    response = client.post(
        reverse("onboarding:handover_cancel", args=[world.district1.pk, handover.pk])
    )
    assert response.status_code == 404
    assert RoleHandover.objects.filter(pk=handover.pk).exists()

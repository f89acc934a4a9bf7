import pytest
from django.urls import reverse

from tests import factories
from tests.utils import get_ok


@pytest.mark.django_db
def test_login_page_is_in_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录党建台账" in response.content.decode()


def test_bad_login_shows_chinese_error_and_no_500(world, client):
    response = client.post(reverse("login"), {"username": "secretary_a", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "请输入一个正确的" in body  # Django's zh-hans message for a wrong username/password
    assert "_auth_user_id" not in client.session


def test_good_login_lands_on_home(world, client):
    response = client.post(
        reverse("login"),
        {"username": "secretary_a", "password": "pass-for-tests-2026"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "龙虎塘第二实验小学党支部" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(world, client_for):
    client = client_for(world.secretary_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_requires_the_old_password(world, client_for):
    client = client_for(world.secretary_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "Xq7!mlk2pz", "new_password2": "Xq7!mlk2pz"},
    )
    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pass-for-tests-2026",
            "new_password1": "Xq7!mlk2pz",
            "new_password2": "Xq7!mlk2pz",
        },
    )
    assert response.status_code == 302
    world.secretary_a.refresh_from_db()
    assert world.secretary_a.check_password("Xq7!mlk2pz")


def test_unknown_url_gives_chinese_404_without_debug_page(world, client_for):
    response = client_for(world.secretary_a).get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert "Traceback" not in body and "URLconf" not in body


def test_non_numeric_ids_in_urls_are_404(world, client_for):
    response = client_for(world.admin).get("/org/abc/")
    assert response.status_code == 404


def test_wrong_role_gets_chinese_403(world, client_for):
    response = client_for(world.secretary_a).get(
        reverse("branches:district", args=[world.district1.pk])
    )
    assert response.status_code == 403
    assert "审阅人" in response.content.decode()


def test_secretary_home_shows_own_branch_only(world, client_for):
    body = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert "龙虎塘第二实验小学党支部" in body
    assert "大坪小学" not in body
    assert "全区概览" not in body  # navigation shows only what the role may use
    assert "管理后台" in body  # her role brings the roster import in /admin/ (branches.backends)
    assert "我的支部" in body


def test_reviewer_home_lists_the_district_schools_only(world, client_for):
    factories.SchoolFactory(district=world.district1, name="新华实验小学")
    body = client_for(world.reviewer_d1).get(reverse("home")).content.decode()
    assert "常州市新北区教育局" in body
    assert "龙虎塘第二实验小学" in body and "新华实验小学" in body
    assert "大坪小学" not in body
    assert "我的支部" not in body


def test_admin_home_lists_every_district_and_links_to_admin(world, client_for):
    body = client_for(world.admin).get(reverse("home")).content.decode()
    assert "常州市新北区教育局" in body and "重庆市渝中区教育局" in body
    assert reverse("admin:index") in body


def test_user_without_role_is_told_to_ask_for_one(world, client_for):
    body = client_for(world.outsider).get(reverse("home")).content.decode()
    assert "还没有分配" in body
    assert "龙虎塘" not in body


def test_pages_carry_viewport_meta_for_phones(world, client_for):
    body = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert 'name="viewport"' in body
    assert "navbar-toggler" in body


def test_static_assets_are_local_not_cdn(world, client_for):
    body = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in body
    assert "cdn" not in body.lower() and "https://" not in body


def test_static_file_is_served(world, client):
    response = client.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_health_checks_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


# The home page of each role: session, user, the user's own member account (selfservice), then
HOME_QUERIES = {
    # role rows (2), organisations under the user's, organisation cards (member counts; group and
    # child counts); the to-do: the branches, party groups, committees in office, record counts
    # per month and kind, last held record, study hours and talks per member, party members,
    # planned records, committee terms, members per organisation; returned reports; dues
    # (本月党费, arrears): the branches, members, bases, reductions, payments; 发展党员: the active
    # pipelines, the people in development without a pipeline; the branches to open member
    # accounts in (selfservice).
    "secretary_a": 27,
    # role rows (2), the reviewer's districts, their schools with organisation counts, the
    # number of reports waiting.
    "reviewer_d1": 8,
    # districts with school and organisation counts (an admin has no role rows to load).
    "admin": 4,
    # role rows (2): none, so only the note to ask for a role.
    "outsider": 5,
}


@pytest.mark.parametrize("role", list(HOME_QUERIES))
def test_home_query_count_does_not_grow(role, world, client_for, django_assert_num_queries):
    client = client_for(world.user(role))
    with django_assert_num_queries(HOME_QUERIES[role]):
        get_ok(client, reverse("home"))
    for _ in range(5):
        school = factories.SchoolFactory(district=world.district1)
        org = factories.OrganizationFactory(school=school)
        factories.PartyGroupFactory(organization=org)
        factories.PartyGroupFactory(organization=world.branch_a)
    client = client_for(world.user(role))
    with django_assert_num_queries(HOME_QUERIES[role]):
        get_ok(client, reverse("home"))


def test_secretary_home_counts_party_members_on_the_roster_today(world, client_for):
    import datetime

    from tests.factories import MemberFactory

    MemberFactory.create_batch(3, organization=world.branch_a)
    MemberFactory(
        organization=world.branch_a, full_date=None, admission_date=datetime.date(2026, 3, 1)
    )
    MemberFactory(organization=world.branch_b)  # another branch: not counted
    body = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert '<div class="stat-value">4</div><div class="stat-label">党员</div>' in body
    assert '<div class="stat-value">3</div><div class="stat-label">正式党员</div>' in body
    assert '<div class="stat-value">1</div><div class="stat-label">预备党员</div>' in body


def test_committee_secretary_home_counts_members_of_its_branches(world, client_for):
    from branches.models import Organization
    from tests.factories import MemberFactory

    committee = factories.OrganizationFactory(
        school=world.school_b, name="大坪小学党委", kind=Organization.Kind.COMMITTEE
    )
    second = factories.OrganizationFactory(school=world.school_b, parent=committee)
    world.branch_b.parent = committee
    world.branch_b.save()
    MemberFactory.create_batch(2, organization=world.branch_b)
    MemberFactory.create_batch(3, organization=second)
    secretary = factories.UserFactory()
    factories.OrganizationRoleFactory(user=secretary, organization=committee)
    body = client_for(secretary).get(reverse("home")).content.decode()
    assert '<div class="stat-value">5</div><div class="stat-label">党员</div>' in body

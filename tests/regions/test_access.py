"""City and province reviewers: they read everything of their region and review nothing."""

import pytest
from django.urls import reverse

from branches.scope import EDIT, REVIEW, VIEW, scope_for
from tests.permission_cases import CASES


def _expected_for_region_reviewer(case):
    """What the city reviewer of branch A's city gets where district 1's reviewer and branch A's
    secretary get `expect`: read pages of branch A -> 200; district review pages and review
    actions -> 403 (view only); edit pages -> 403. None: not derived (asserted elsewhere)."""
    expect = case.expect
    if case.name.startswith("regions:"):
        return None
    if expect["reviewer_d1"] == 200 and expect["secretary_a"] == 200:
        return 200
    if expect["reviewer_d1"] in (200, 302) and expect["secretary_a"] in (403, 404):
        return 403
    if expect["reviewer_d1"] == 403:
        return 403
    return None


DERIVED = [case for case in CASES if _expected_for_region_reviewer(case) is not None]


@pytest.mark.parametrize("case", DERIVED, ids=lambda c: c.label())
def test_city_reviewer_reads_branch_a_but_reviews_and_edits_nothing(case, region_world, client):
    client.force_login(region_world.city)
    url = reverse(case.name, kwargs=case.kwargs(region_world) if case.kwargs else None)
    data = case.data(region_world) if case.data else {}
    response = getattr(client, case.method)(url, data)
    assert response.status_code == _expected_for_region_reviewer(case), (url, response.status_code)


def test_scope_of_a_city_reviewer_is_view_only(region_world):
    scope = scope_for(region_world.city)
    assert scope.region_district_ids == {region_world.district1.pk, region_world.district3.pk}
    assert scope.reviewer_district_ids == frozenset()
    branch = region_world.branch_a
    assert scope.can(VIEW, branch)
    assert not scope.can(REVIEW, branch)
    assert not scope.can(EDIT, branch)
    assert not scope.can(VIEW, region_world.branch_b)
    assert scope.covers_region("江苏省", "常州市")
    assert not scope.covers_region("江苏省")


def _get(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(name, args=args), query)


@pytest.mark.parametrize(
    ("who", "name", "args", "code"),
    [
        ("city", "regions:rollup_city", ("江苏省", "常州市"), 200),
        ("city", "regions:rollup_province", ("江苏省",), 404),
        ("city", "regions:rollup_city", ("重庆市", "重庆市"), 404),
        ("city", "regions:rollup_city", ("江苏省", "南京市"), 404),
        ("city", "regions:stats_city", ("江苏省", "常州市"), 200),
        ("city", "regions:stats_province", ("江苏省",), 404),
        ("province", "regions:rollup_province", ("江苏省",), 200),
        ("province", "regions:rollup_city", ("江苏省", "常州市"), 200),
        ("province", "regions:rollup_province", ("重庆市",), 404),
        ("province", "regions:stats_province", ("江苏省",), 200),
    ],
)
def test_region_pages_by_name(region_world, client, who, name, args, code):
    assert _get(client, getattr(region_world, who), name, *args).status_code == code


@pytest.mark.parametrize("who", ["city", "province"])
def test_districts_and_schools_of_the_region_only(region_world, client, who):
    user = getattr(region_world, who)
    for pk, code in [(region_world.district1.pk, 200), (region_world.district3.pk, 200),
                     (region_world.district2.pk, 404)]:  # fmt: skip
        assert _get(client, user, "regions:rollup_district", pk).status_code == code
        assert _get(client, user, "regions:stats_district", pk).status_code == code
    assert _get(client, user, "regions:rollup_school", region_world.school_c.pk).status_code == 200
    assert _get(client, user, "regions:rollup_school", region_world.school_b.pk).status_code == 404


def test_home_sends_each_reviewer_to_their_region(region_world, client):
    response = _get(client, region_world.city, "regions:rollup_home", year="2025")
    assert response.url == reverse("regions:rollup_city", args=["江苏省", "常州市"]) + "?year=2025"
    response = _get(client, region_world.province, "regions:rollup_home")
    assert response.url == reverse("regions:rollup_province", args=["江苏省"])


def test_home_page_panel_links_the_roll_up(region_world, client):
    client.force_login(region_world.city)
    page = client.get(reverse("home")).content.decode()
    assert "常州市教育局" in page
    assert reverse("regions:rollup_city", args=["江苏省", "常州市"]) in page

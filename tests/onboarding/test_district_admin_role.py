"""The district administrator across every URL of the permission matrix: their own district's
onboarding pages open; no record of any organisation (rosters, meetings, reports, overview) does:
there they get what an account without a role gets."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.onboarding.matrix import CASES as ONBOARDING_CASES
from tests.permission_cases import CASES

OWN = {case.label() for case in ONBOARDING_CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label())
def test_district_admin_permission_matrix(case, world, district_admin, client_for):
    client = client_for(district_admin)
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(url, data)
    if case.label() in OWN:
        # As the site admin, except that another district is not theirs.
        expected = case.expect["admin"]
        if case.label() == "onboarding:district-district2":
            expected = 404
        if case.label() == "onboarding:home":
            expected = 302  # one district: straight to it
    else:
        expected = case.expect["outsider"]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == expected, (url, response.status_code)

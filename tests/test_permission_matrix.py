"""Every URL name x every role: anonymous -> login, outsider -> 404, wrong role -> 403, allowed -> 200."""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import ROLES
from tests.permission_cases import CASES

# The Django admin has its own permission system; tests/branches/test_admin.py and
# tests/branches/test_admin_roster.py cover it.
EXCLUDED_NAMESPACES = {"admin"}


def all_url_names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            names |= all_url_names(pattern, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_name_is_in_the_matrix():
    missing = all_url_names() - {case.name for case in CASES}
    assert not missing, f"add these URL names to a tests/<app>/matrix.py: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label())
def test_permission_matrix(case, role, world, client_for):
    client = client_for(world.user(role))
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(url, data)
    expected = case.expect[role]
    if expected == "login":
        assert response.status_code == 302, (url, role, response.status_code)
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), response["Location"]
    else:
        assert response.status_code == expected, (url, role, response.status_code)

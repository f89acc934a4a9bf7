"""The fixed cast every test can use.

district 1 (常州市新北区): school A with branch A (secretary_a), reviewed by reviewer_d1.
district 2 (重庆市渝中区): school B with branch B (secretary_b).
outsider has an account and no role; admin is a superuser.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine

from tests import factories
from tests.clock import NOW


def pytest_configure(config):
    from django.conf import settings

    # The whole process runs on the pinned clock of tests/clock.py (ticking from there), started
    # before collection so module-level constants, module fixtures and server threads agree.
    config._portal_clock = time_machine.travel(NOW, tick=True)
    config._portal_clock.start()

    # The SQLite test database is a file (portal/settings.py): make sure its folder exists.
    test_name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and test_name:
        Path(test_name).parent.mkdir(parents=True, exist_ok=True)

    # Hashing real passwords for every fixture user would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_unconfigure(config):
    clock = getattr(config, "_portal_clock", None)
    if clock is not None:
        clock.stop()


@dataclass
class World:
    district1: object
    district2: object
    school_a: object
    school_b: object
    branch_a: object
    branch_b: object
    group_a: object
    secretary_a: object
    secretary_b: object
    reviewer_d1: object
    outsider: object
    admin: object

    def user(self, role):
        if role == "member_a":
            return self.member_a
        return None if role == "anonymous" else getattr(self, role)

    @property
    def member_a(self):
        """A party member of branch A with their own member account (selfservice), made the
        first time it is asked for, so branch A's roster is unchanged for every other test."""
        if not hasattr(self, "_member_a"):
            self._member_a = factories.member_account(
                factories.member(self.branch_a, "党员甲"), username="member_a"
            ).user
        return self._member_a


@pytest.fixture
def world(db):
    district1 = factories.DistrictFactory(city="常州市", name="新北区")
    district2 = factories.DistrictFactory(city="重庆市", name="渝中区")
    school_a = factories.SchoolFactory(district=district1, name="龙虎塘第二实验小学")
    school_b = factories.SchoolFactory(district=district2, name="大坪小学")
    branch_a = factories.OrganizationFactory(school=school_a, name="龙虎塘第二实验小学党支部")
    branch_b = factories.OrganizationFactory(school=school_b, name="大坪小学第一党支部")
    group_a = factories.PartyGroupFactory(organization=branch_a, name="第一党小组")
    secretary_a = factories.UserFactory(username="secretary_a", display_name="甲书记")
    secretary_b = factories.UserFactory(username="secretary_b", display_name="乙书记")
    factories.OrganizationRoleFactory(user=secretary_a, organization=branch_a)
    factories.OrganizationRoleFactory(user=secretary_b, organization=branch_b)
    reviewer_d1 = factories.UserFactory(username="reviewer_d1", display_name="新北审阅")
    factories.DistrictReviewerFactory(user=reviewer_d1, district=district1)
    outsider = factories.UserFactory(username="outsider", display_name="无角色")
    admin = factories.UserFactory(
        username="admin", display_name="管理员", is_staff=True, is_superuser=True
    )
    return World(
        district1,
        district2,
        school_a,
        school_b,
        branch_a,
        branch_b,
        group_a,
        secretary_a,
        secretary_b,
        reviewer_d1,
        outsider,
        admin,
    )


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login

import pytest

from tests import factories


@pytest.fixture
def district_admin(world):
    """The administrator of district 1 (常州市新北区)."""
    user = factories.UserFactory(username="district_admin_d1", display_name="新北管理员")
    factories.DistrictAdministratorFactory(user=user, district=world.district1)
    return user

import pytest

from branches.models import RegionReviewer
from tests import factories


@pytest.fixture
def region_world(world):
    """The fixed cast plus 常州市武进区 (school C, branch C), and two read-only reviewers:
    `city` for 常州市 (新北区 and 武进区) and `province` for 江苏省; 重庆市 is its own province."""
    world.district2.province = "重庆市"
    world.district2.save()
    world.district3 = factories.DistrictFactory(city="常州市", name="武进区")
    world.school_c = factories.SchoolFactory(district=world.district3, name="嘉泽中心小学")
    world.branch_c = factories.OrganizationFactory(school=world.school_c, name="嘉泽中心小学党支部")
    world.city = factories.UserFactory(username="reviewer_changzhou", display_name="常州市")
    RegionReviewer.objects.create(user=world.city, province="江苏省", city="常州市")
    world.province = factories.UserFactory(username="reviewer_jiangsu", display_name="江苏省")
    RegionReviewer.objects.create(user=world.province, province="江苏省")
    return world

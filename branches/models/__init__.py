from .organizations import District, Organization, PartyGroup, School
from .roles import DistrictReviewer, OrganizationRole

__all__ = [
    "District",
    "DistrictReviewer",
    "Organization",
    "OrganizationRole",
    "PartyGroup",
    "School",
]

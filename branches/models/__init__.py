from .members import Committee, CommitteePost, Member, Movement, Stage
from .organizations import District, Organization, PartyGroup, School
from .roles import DistrictReviewer, OrganizationRole

__all__ = [
    "Committee",
    "CommitteePost",
    "Member",
    "Movement",
    "Stage",
    "District",
    "DistrictReviewer",
    "Organization",
    "OrganizationRole",
    "PartyGroup",
    "School",
]

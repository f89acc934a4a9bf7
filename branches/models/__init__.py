from .activities import AbsenceReason, Activity, Attendance
from .activity_parts import AgendaItem, AppraisalResult, Attachment
from .honours import Honour
from .imports import ImportPreview
from .members import Committee, CommitteePost, Member, Movement, Stage
from .organizations import District, Organization, PartyGroup, School
from .privacy import PersonalDataReveal
from .regions import RegionReviewer
from .roles import DistrictAdministrator, DistrictReviewer, OrganizationRole, RoleHandover
from .trash import DeletedActivity

__all__ = [
    "AbsenceReason",
    "Activity",
    "AgendaItem",
    "AppraisalResult",
    "Attachment",
    "Attendance",
    "Committee",
    "DeletedActivity",
    "CommitteePost",
    "Honour",
    "ImportPreview",
    "Member",
    "Movement",
    "Stage",
    "District",
    "DistrictAdministrator",
    "DistrictReviewer",
    "Organization",
    "OrganizationRole",
    "PartyGroup",
    "PersonalDataReveal",
    "RegionReviewer",
    "RoleHandover",
    "School",
]

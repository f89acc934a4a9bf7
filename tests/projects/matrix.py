"""Permission-matrix cases of the projects pages (every URL name of the `projects` app)."""

from branches.models import Activity
from tests.factories import record
from tests.matrix import BRANCH_A_EDIT, BRANCH_A_READ, DISTRICT_1_REVIEW, Case, codes
from tests.projects.helpers import project_of

# Changes by branch A's secretary/committee (and admins): redirect after the change.
BRANCH_A_CHANGE = codes(outsider=404, secretary_a=302, secretary_b=404, reviewer_d1=403, admin=302)
# Branch A's projects reviewed by district 1's reviewers (and admins).
BRANCH_A_REVIEW = codes(outsider=404, secretary_a=403, secretary_b=404, reviewer_d1=200, admin=200)
BRANCH_A_REVIEWED = codes(
    outsider=404, secretary_a=403, secretary_b=404, reviewer_d1=302, admin=302
)


def _org(world):
    return {"pk": world.branch_a.pk}


def _project(world):
    return {"pk": project_of(world).pk}


def _milestone(world):
    return {"pk": project_of(world).milestones.first().pk}


def _untag(world):
    project = project_of(world)
    return {"pk": project.pk, "activity_pk": project.activities.first().pk}


def _honour(world):
    from tests.factories import HonourFactory

    project = project_of(world, records=False)
    honour = HonourFactory(organization=world.branch_a, recipient="organization", member=None)
    project.honours.add(honour)
    return {"pk": project.pk, "honour_pk": honour.pk}


def _untagged(world):
    project = project_of(world, records=False)
    record(world.branch_a, "theme_day")
    return {"pk": project.pk}


def _district(world):
    return {"pk": world.district1.pk}


CASES = [
    Case("projects:list", BRANCH_A_READ, kwargs=_org),
    Case("projects:create", BRANCH_A_EDIT, kwargs=_org),
    Case(
        "projects:create",
        BRANCH_A_CHANGE,
        kwargs=_org,
        method="post",
        data=lambda w: {
            "title": "新校建设项目组",
            "kind": "brand",
            "goal": "把好新校建设质量关",
            "start_date": "2026-01-01",
        },
        id="projects:create-post",
    ),
    Case("projects:detail", BRANCH_A_READ, kwargs=_project),
    Case("projects:edit", BRANCH_A_EDIT, kwargs=_project),
    Case("projects:tag_records", BRANCH_A_EDIT, kwargs=_untagged),
    Case(
        "projects:tag_records",
        BRANCH_A_CHANGE,
        kwargs=_untagged,
        method="post",
        data=lambda w: {"ids": [Activity.objects.filter(organization=w.branch_a).first().pk]},
        id="projects:tag_records-post",
    ),
    Case("projects:untag_record", BRANCH_A_CHANGE, kwargs=_untag, method="post"),
    Case("projects:link_honours", BRANCH_A_EDIT, kwargs=_project),
    Case("projects:unlink_honour", BRANCH_A_CHANGE, kwargs=_honour, method="post"),
    Case("projects:milestone_create", BRANCH_A_EDIT, kwargs=_project),
    Case("projects:milestone_edit", BRANCH_A_EDIT, kwargs=_milestone),
    Case("projects:review", BRANCH_A_REVIEW, kwargs=_project),
    Case(
        "projects:review",
        BRANCH_A_REVIEWED,
        kwargs=_project,
        method="post",
        data=lambda w: {
            "district_example": "on",
            "review_comment": "家校协同成效明显",
            "lock_version": "0",
        },
        id="projects:review-post",
    ),
    Case("projects:district", DISTRICT_1_REVIEW, kwargs=_district),
    Case("projects:district_export", DISTRICT_1_REVIEW, kwargs=_district),
]

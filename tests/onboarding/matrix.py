"""Permission-matrix cases of the district administrator's pages (the `onboarding` app).

Admins and the district's administrators (tests/onboarding/test_district_admin_role.py); people of
district 1 with another role (its secretary, its reviewer) 403; everyone else 404.
"""

import datetime

from branches.models import RoleHandover
from tests.clock import TODAY
from tests.matrix import Case, codes

DISTRICT_1_ADMIN = codes(outsider=404, secretary_a=403, secretary_b=404, reviewer_d1=403, admin=200)
DISTRICT_1_ADMIN_POST = {**DISTRICT_1_ADMIN, "admin": 302}
DISTRICT_2_ADMIN = codes(outsider=404, secretary_a=404, secretary_b=403, reviewer_d1=404, admin=200)
# A district 1 URL naming a row of district 2: the row is not found in district 1 (admins too).
OTHER_DISTRICT_ROW = codes(
    outsider=404, secretary_a=403, secretary_b=404, reviewer_d1=403, admin=404
)


def _district1(world):
    return {"pk": world.district1.pk}


def _pending(organization):
    """A hand-over of `organization` dated ahead (so it can still be cancelled)."""
    return RoleHandover.objects.create(
        organization=organization, on=TODAY + datetime.timedelta(days=10)
    ).pk


CASES = [
    Case(
        "onboarding:home",
        codes(outsider=404, secretary_a=404, secretary_b=404, reviewer_d1=404, admin=200),
    ),
    Case("onboarding:district", DISTRICT_1_ADMIN, kwargs=_district1),
    Case(
        "onboarding:district",
        DISTRICT_2_ADMIN,
        kwargs=lambda w: {"pk": w.district2.pk},
        id="onboarding:district-district2",
    ),
    Case("onboarding:template", DISTRICT_1_ADMIN, kwargs=_district1),
    Case("onboarding:upload", DISTRICT_1_ADMIN, kwargs=_district1),
    Case("onboarding:confirm", DISTRICT_1_ADMIN_POST, kwargs=_district1, method="post"),
    Case(
        "onboarding:credentials",
        DISTRICT_1_ADMIN,  # 200: the credential sheet
        kwargs=_district1,
        method="post",
        data=lambda w: {"users": [w.secretary_a.pk]},
    ),
    Case(
        "onboarding:organization",
        DISTRICT_1_ADMIN,
        kwargs=lambda w: {"pk": w.district1.pk, "org_pk": w.branch_a.pk},
    ),
    Case(
        "onboarding:role_remove",
        DISTRICT_1_ADMIN_POST,
        kwargs=lambda w: {"pk": w.district1.pk, "role_pk": w.branch_a.roles.get().pk},
        method="post",
    ),
    Case(
        "onboarding:role_remove",
        codes(outsider=404, secretary_a=403, secretary_b=404, reviewer_d1=403, admin=404),
        kwargs=lambda w: {"pk": w.district1.pk, "role_pk": w.branch_b.roles.get().pk},
        method="post",
        id="onboarding:role_remove-role-of-another-district",
    ),
    Case(
        "onboarding:handover",
        DISTRICT_1_ADMIN,
        kwargs=lambda w: {"pk": w.district1.pk, "org_pk": w.branch_a.pk},
    ),
    Case(
        "onboarding:handover",
        codes(outsider=404, secretary_a=403, secretary_b=404, reviewer_d1=403, admin=404),
        kwargs=lambda w: {"pk": w.district1.pk, "org_pk": w.branch_b.pk},
        id="onboarding:handover-branch-of-another-district",
    ),
    Case(
        "onboarding:handover_cancel",
        DISTRICT_1_ADMIN_POST,
        kwargs=lambda w: {"pk": w.district1.pk, "handover_pk": _pending(w.branch_a)},
        method="post",
    ),
    Case(
        "onboarding:handover_cancel",
        OTHER_DISTRICT_ROW,
        kwargs=lambda w: {"pk": w.district1.pk, "handover_pk": _pending(w.branch_b)},
        method="post",
        id="onboarding:handover_cancel-hand-over-of-another-district",
    ),
    Case(
        "onboarding:school_edit",
        DISTRICT_1_ADMIN,
        kwargs=lambda w: {"pk": w.district1.pk, "school_pk": w.school_a.pk},
    ),
    Case(
        "onboarding:school_edit",
        OTHER_DISTRICT_ROW,
        kwargs=lambda w: {"pk": w.district1.pk, "school_pk": w.school_b.pk},
        id="onboarding:school_edit-school-of-another-district",
    ),
    Case(
        "onboarding:organization_edit",
        DISTRICT_1_ADMIN,
        kwargs=lambda w: {"pk": w.district1.pk, "org_pk": w.branch_a.pk},
    ),
    Case(
        "onboarding:organization_edit",
        OTHER_DISTRICT_ROW,
        kwargs=lambda w: {"pk": w.district1.pk, "org_pk": w.branch_b.pk},
        id="onboarding:organization_edit-organisation-of-another-district",
    ),
]

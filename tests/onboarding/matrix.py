"""Permission-matrix cases of the district administrator's pages (the `onboarding` app).

Admins and the district's administrators (tests/onboarding/test_district_admin_role.py); people of
district 1 with another role (its secretary, its reviewer) 403; everyone else 404.
"""

from tests.matrix import Case, codes

DISTRICT_1_ADMIN = codes(outsider=404, secretary_a=403, secretary_b=404, reviewer_d1=403, admin=200)
DISTRICT_1_ADMIN_POST = {**DISTRICT_1_ADMIN, "admin": 302}
DISTRICT_2_ADMIN = codes(outsider=404, secretary_a=404, secretary_b=403, reviewer_d1=404, admin=200)


def _district1(world):
    return {"pk": world.district1.pk}


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
]

from tests.matrix import BRANCH_A_READ, DISTRICT_1_REVIEW, Case, codes

CASES = [
    Case(
        "branches:my_organization",
        codes(outsider=404, secretary_a=302, secretary_b=302, reviewer_d1=404, admin=404),
    ),
    *[
        Case(
            "branches:my_shortcut",
            codes(outsider=404, secretary_a=302, secretary_b=302, reviewer_d1=404, admin=404),
            kwargs=lambda w, page=page: {"page": page},
            id=f"my_shortcut_{page}",
        )
        for page in ("file", "ledger", "calendar")
    ],
    Case("branches:organization", BRANCH_A_READ, kwargs=lambda w: {"pk": w.branch_a.pk}),
    Case(
        "branches:districts",
        codes(outsider=404, secretary_a=403, secretary_b=403, reviewer_d1=302, admin=200),
    ),
    Case("branches:district", DISTRICT_1_REVIEW, kwargs=lambda w: {"pk": w.district1.pk}),
]

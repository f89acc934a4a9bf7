"""Permission-matrix cases of the district overview (every URL name of the `overview` app).

Reviewers of the district and admins; secretaries 403; other districts' people 404.
"""

from tests.matrix import DISTRICT_1_REVIEW, Case, codes

CASES = [
    Case(
        "overview:home",
        codes(outsider=404, secretary_a=403, secretary_b=403, reviewer_d1=302, admin=302),
    ),
    Case("overview:district", DISTRICT_1_REVIEW, kwargs=lambda w: {"pk": w.district1.pk}),
    Case(
        "overview:district",
        codes(outsider=404, secretary_a=404, secretary_b=403, reviewer_d1=404, admin=200),
        kwargs=lambda w: {"pk": w.district2.pk},
        id="overview:district-district2",
    ),
    Case("overview:export", DISTRICT_1_REVIEW, kwargs=lambda w: {"pk": w.district1.pk}),
    Case(
        "overview:records",
        DISTRICT_1_REVIEW,
        kwargs=lambda w: {"pk": w.district1.pk},
        data=lambda w: {"key": "records", "year": "2025"},
    ),
]

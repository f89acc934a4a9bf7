"""Permission-matrix cases of the city/province roll-up and 党内统计 (every URL name of the
`regions` app) for the fixed cast. The cast has no city or province reviewer: their own cases
are in tests/regions/test_access.py.

Roll-up: admins only among the cast (a district reviewer or a secretary: 403, no role: 404).
党内统计: an organisation's for its readers, a district's for its reviewers, a city's and a
province's for admins (and region reviewers)."""

from tests.matrix import BRANCH_A_READ, DISTRICT_1_REVIEW, Case, codes

REGION_ONLY = codes(outsider=404, secretary_a=403, secretary_b=403, reviewer_d1=403, admin=200)
HOME = codes(outsider=404, secretary_a=403, secretary_b=403, reviewer_d1=403, admin=302)
PEOPLE = {"table": "gender", "cell": "F", "on": "2026-06-30"}


def _province(w):
    return {"province": w.district1.province}


def _city(w):
    return {"province": w.district1.province, "city": w.district1.city}


def _stats_cases(level, expect, kwargs):
    return [
        Case(f"regions:stats_{level}", expect, kwargs=kwargs),
        Case(f"regions:stats_{level}_people", expect, kwargs=kwargs, data=lambda w: PEOPLE),
        Case(f"regions:stats_{level}_export", expect, kwargs=kwargs),
    ]


CASES = [
    Case("regions:rollup_home", HOME),
    Case("regions:rollup_province", REGION_ONLY, kwargs=_province),
    Case("regions:rollup_city", REGION_ONLY, kwargs=_city),
    Case("regions:rollup_district", REGION_ONLY, kwargs=lambda w: {"pk": w.district1.pk}),
    Case("regions:rollup_school", REGION_ONLY, kwargs=lambda w: {"pk": w.school_a.pk}),
    *_stats_cases("organization", BRANCH_A_READ, lambda w: {"pk": w.branch_a.pk}),
    *_stats_cases("district", DISTRICT_1_REVIEW, lambda w: {"pk": w.district1.pk}),
    *_stats_cases("city", REGION_ONLY, _city),
    *_stats_cases("province", REGION_ONLY, _province),
    Case(
        "regions:stats_district",
        codes(outsider=404, secretary_a=404, secretary_b=403, reviewer_d1=404, admin=200),
        kwargs=lambda w: {"pk": w.district2.pk},
        id="regions:stats_district-district2",
    ),
]

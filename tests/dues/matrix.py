"""Permission-matrix cases of the dues pages (every URL name of the `dues` app)."""

import datetime

from tests.factories import dues_base, member
from tests.matrix import BRANCH_A_EDIT, BRANCH_A_READ, Case, codes

# Changes by branch A's secretary/committee (and admins): redirect after the change.
BRANCH_A_CHANGE = codes(outsider=404, secretary_a=302, secretary_b=404, reviewer_d1=403, admin=302)
# Wages of branch A's members: only those who keep its roster (its secretary, admins).
BRANCH_A_WAGES = BRANCH_A_EDIT
BRANCH_A_REDIRECT = codes(
    outsider=404, secretary_a=302, secretary_b=404, reviewer_d1=302, admin=302
)


def _org(world):
    return {"pk": world.branch_a.pk}


def _year(world):
    return {"pk": world.branch_a.pk, "year": 2026}


def _month(world):
    return {"pk": world.branch_a.pk, "year": 2026, "month": 3}


def _payer(world):
    person = member(world.branch_a, "交费人")
    dues_base(person, 4000)
    return {**_month(world), "member_pk": person.pk}


def _member(world):
    return {"member_pk": member(world.branch_a, "基数").pk}


CASES = [
    Case("dues:index", BRANCH_A_REDIRECT, kwargs=_org),
    Case("dues:year", BRANCH_A_READ, kwargs=_year),
    Case("dues:month", BRANCH_A_READ, kwargs=_month),
    Case(
        "dues:all_paid",
        BRANCH_A_CHANGE,
        kwargs=_month,
        method="post",
        data=lambda w: {"paid_on": "2026-03-10"},
    ),
    Case("dues:payment", BRANCH_A_EDIT, kwargs=_payer),
    Case(
        "dues:payment",
        BRANCH_A_CHANGE,
        kwargs=_payer,
        method="post",
        data=lambda w: {"status": "paid", "paid_on": "2026-03-10", "months": "1"},
        id="dues:payment-post",
    ),
    Case("dues:remittance", BRANCH_A_EDIT, kwargs=lambda w: {**_year(w), "quarter": 1}),
    Case(
        "dues:register",
        BRANCH_A_READ,
        kwargs=lambda w: {**_year(w), "fmt": "xlsx"},
    ),
    Case(
        "dues:register_month",
        BRANCH_A_READ,
        kwargs=lambda w: {**_month(w), "fmt": "docx"},
    ),
    Case("dues:bases", BRANCH_A_WAGES, kwargs=_member),
    Case("dues:reductions", BRANCH_A_EDIT, kwargs=_member),
    Case(
        "dues:reductions",
        BRANCH_A_CHANGE,
        kwargs=_member,
        method="post",
        data=lambda w: {
            "kind": "exempt",
            "monthly_amount": "0",
            "first_month": "2026-03",
            "approved_on": "2026-02-20",
            "reason": "重病",
        },
        id="dues:reductions-post",
    ),
    Case(
        "dues:bases",
        BRANCH_A_CHANGE,
        kwargs=_member,
        method="post",
        data=lambda w: {
            "category": "employed",
            "wage": "4800",
            "effective_month": f"{datetime.date(2026, 1, 1):%Y-%m}",
        },
        id="dues:bases-post",
    ),
]

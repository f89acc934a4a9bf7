"""Permission-matrix cases of the development pages (every URL name of the `development` app)."""

import datetime

from branches.models import Member
from development import services
from development.models import Step
from tests.matrix import BRANCH_A_EDIT, BRANCH_A_READ, DISTRICT_1_REVIEW, Case, codes

BRANCH_A_CHANGE = codes(outsider=404, secretary_a=302, secretary_b=404, reviewer_d1=403, admin=302)


def _person(world, name="发展对象"):
    return Member.objects.create(
        organization=world.branch_a, name=name, birth_date=datetime.date(1995, 1, 1)
    )


def _with_pipeline(world):
    person = _person(world)
    pipeline = services.start_pipeline(member=person)
    services.save_step(step=Step(pipeline=pipeline, number=1, date=datetime.date(2026, 1, 5)))
    return person


def _member(world):
    return {"member_pk": _with_pipeline(world).pk}


def _row(world):
    person = _with_pipeline(world)
    return {"member_pk": person.pk, "step_pk": person.pipeline.steps.get().pk}


CASES = [
    Case("development:index", BRANCH_A_READ, kwargs=lambda w: {"pk": w.branch_a.pk}),
    Case(
        "development:lists",
        BRANCH_A_READ,
        kwargs=lambda w: {"pk": w.branch_a.pk, "form": "activists", "fmt": "xlsx"},
    ),
    Case("development:person", BRANCH_A_READ, kwargs=_member),
    Case(
        "development:start",
        BRANCH_A_CHANGE,
        kwargs=lambda w: {"member_pk": _person(w).pk},
        method="post",
        data=lambda w: {"recommendation": "members"},
    ),
    Case("development:status", BRANCH_A_EDIT, kwargs=_member),
    Case("development:step", BRANCH_A_EDIT, kwargs=lambda w: {**_member(w), "number": 2}),
    Case(
        "development:step",
        BRANCH_A_CHANGE,
        kwargs=lambda w: {**_member(w), "number": 2},
        method="post",
        data=lambda w: {"date": "2026-01-20"},
        id="development:step-post",
    ),
    Case("development:step_row", BRANCH_A_EDIT, kwargs=_row),
    Case("development:step_delete", BRANCH_A_CHANGE, kwargs=_row, method="post"),
    Case("development:record", BRANCH_A_READ, kwargs=_member),
    Case("development:notice", BRANCH_A_READ, kwargs=_member),
    Case("development:district", DISTRICT_1_REVIEW, kwargs=lambda w: {"pk": w.district1.pk}),
]

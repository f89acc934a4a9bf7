"""Permission-matrix cases of the roster pages."""

from tests.factories import CommitteeFactory, HonourFactory, MemberFactory
from tests.matrix import BRANCH_A_EDIT, BRANCH_A_READ, Case, codes


def branch_a(world):
    return {"pk": world.branch_a.pk}


def member_a(world):
    return {"pk": MemberFactory(organization=world.branch_a, name="甲党员").pk}


def member_a_id_number(world):
    return {**member_a(world), "field": "id_number"}


def committee_a(world):
    return {"pk": CommitteeFactory(organization=world.branch_a).pk}


def honour_a(world):
    return {"pk": HonourFactory(organization=world.branch_a).pk}


CASES = [
    Case(
        "branches:roster",
        codes(outsider=404, secretary_a=302, secretary_b=302, reviewer_d1=200, admin=200),
    ),
    Case("branches:members", BRANCH_A_READ, kwargs=branch_a),
    Case("branches:members_export", BRANCH_A_READ, kwargs=branch_a),
    Case("branches:member_create", BRANCH_A_EDIT, kwargs=branch_a),
    Case("branches:member", BRANCH_A_READ, kwargs=member_a),
    Case("branches:member_edit", BRANCH_A_EDIT, kwargs=member_a),
    # Full personal data: the branch's own secretary (and 组织委员) and admins; reviewers 403.
    Case("branches:member_reveal", BRANCH_A_EDIT, kwargs=member_a_id_number, method="post"),
    Case(
        "branches:members_find",
        codes(outsider=404, secretary_a=302, secretary_b=404, reviewer_d1=403, admin=302),
        kwargs=branch_a,
        method="post",
        data=lambda world: {"number": "13912345678"},
    ),
    Case("branches:movement_create", BRANCH_A_EDIT, kwargs=member_a),
    Case("branches:committees", BRANCH_A_READ, kwargs=branch_a),
    Case("branches:committee_create", BRANCH_A_EDIT, kwargs=branch_a),
    Case("branches:committee_edit", BRANCH_A_EDIT, kwargs=committee_a),
    Case("branches:honours", BRANCH_A_READ, kwargs=branch_a),
    Case("branches:honour_create", BRANCH_A_EDIT, kwargs=branch_a),
    Case("branches:honour_edit", BRANCH_A_EDIT, kwargs=honour_a),
]

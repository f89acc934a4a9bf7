"""Permission-matrix cases of the member accounts and attendance confirmation pages.

member_a (a party member of branch A with a member account) opens their own page and confirms
with a code of a branch A meeting; every other account is refused there (no member account).
Branch pages stay closed to member_a (the codes() default: what an account without a role gets).
"""

from selfservice.models import AttendanceCode
from tests.clock import TODAY
from tests.factories import member, record
from tests.matrix import BRANCH_A_EDIT, Case, codes

BRANCH_A_POST = codes(outsider=404, secretary_a=302, secretary_b=404, reviewer_d1=403, admin=302)
# Pages of one's own member account: nobody else has one.
OWN = codes(
    outsider=404, secretary_a=404, secretary_b=404, reviewer_d1=404, admin=404, member_a=200
)
ANY_USER = codes(outsider=200, secretary_a=200, secretary_b=200, reviewer_d1=200, admin=200)
# A code of a branch A meeting today: only a member of branch A may confirm (403: no member
# account, or the member account of another branch).
CONFIRM = codes(
    outsider=403, secretary_a=403, secretary_b=403, reviewer_d1=403, admin=403, member_a=200
)
CONFIRM_POST = {**CONFIRM, "member_a": 302}
# Downloading a credential sheet with a broken signature: a clear page (400), not a file.
SHEET = codes(outsider=404, secretary_a=400, secretary_b=404, reviewer_d1=403, admin=400)


def _org(world):
    return {"pk": world.branch_a.pk}


def _record(world):
    return {"pk": record(world.branch_a, "general_meeting", TODAY, status="planned").pk}


def _code(world):
    activity = record(world.branch_a, "theme_day", TODAY, status="planned")
    return {"code": AttendanceCode.objects.create(activity=activity, code="K7M4P9").code}


def _absent(world):
    person = member(world.branch_a, "缺席者")
    activity = record(world.branch_a, "theme_day", TODAY, absences={person.pk: "sick"})
    return {"pk": activity.pk, "member_pk": person.pk}


def _absent_version(world):
    return {"lock_version": "1"}


CASES = [
    Case("selfservice:mine", OWN),
    Case("selfservice:accounts", BRANCH_A_EDIT, kwargs=_org),
    Case(
        "selfservice:accounts",
        BRANCH_A_EDIT,
        kwargs=_org,
        method="post",
        data=lambda w: {"members": [member(w.branch_a, "开通者").pk]},
        id="selfservice:accounts-post",
    ),
    Case(
        "selfservice:credential_sheet",
        SHEET,
        kwargs=_org,
        method="post",
        data=lambda w: {"sheet": "forged"},
    ),
    Case("selfservice:code", BRANCH_A_EDIT, kwargs=_record),
    Case(
        "selfservice:mark_present",
        BRANCH_A_POST,
        kwargs=_absent,
        method="post",
        data=_absent_version,
    ),
    Case("selfservice:enter", ANY_USER),
    Case("selfservice:confirm", CONFIRM, kwargs=_code),
    Case(
        "selfservice:confirm",
        CONFIRM_POST,
        kwargs=_code,
        method="post",
        id="selfservice:confirm-post",
    ),
]

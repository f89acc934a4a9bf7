"""The permission matrix: every URL name x every role of the fixed cast.

Each app lists its URLs in tests/<app>/matrix.py as CASES. Anonymous users are always sent to the
login page unless a case is public. Expected codes: allowed -> 200 (or 302 for redirects and
POST actions), wrong role -> 403, outside the user's scope or no role at all -> 404.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    name: str
    expect: dict
    kwargs: Callable | None = None
    method: str = "get"
    data: Callable | None = None
    public: bool = False
    # Extra setup (e.g. create a record the URL points at); returns kwargs for reverse().
    id: str = field(default="")

    def label(self):
        return self.id or self.name


# The roles of the fixed cast (tests/conftest.py, `world.user(role)`), anonymous first.
# member_a: a party member of branch A with their own member account (selfservice), no role.
ROLES = (
    "anonymous",
    "outsider",
    "secretary_a",
    "secretary_b",
    "reviewer_d1",
    "admin",
    "member_a",
)


def codes(outsider, secretary_a, secretary_b, reviewer_d1, admin, anonymous="login", member_a=None):
    """Expected codes per role. A member account holds no organisation role, so unless a case
    says otherwise it gets what an account without any role (the outsider) gets."""
    return {
        "anonymous": anonymous,
        "outsider": outsider,
        "secretary_a": secretary_a,
        "secretary_b": secretary_b,
        "reviewer_d1": reviewer_d1,
        "admin": admin,
        "member_a": outsider if member_a is None else member_a,
    }


# A page of branch A that any reader of branch A may open (its secretary, its district, admins).
BRANCH_A_READ = codes(outsider=404, secretary_a=200, secretary_b=404, reviewer_d1=200, admin=200)
# A page or form of branch A that only its secretary/committee (and admins) may change.
BRANCH_A_EDIT = codes(outsider=404, secretary_a=200, secretary_b=404, reviewer_d1=403, admin=200)
# A page of district 1 for its reviewers (and admins); secretary_a is in district 1 but the wrong role.
DISTRICT_1_REVIEW = codes(
    outsider=404, secretary_a=403, secretary_b=404, reviewer_d1=200, admin=200
)
# A page every logged-in user may open.
ANY_USER = codes(outsider=200, secretary_a=200, secretary_b=200, reviewer_d1=200, admin=200)

"""The secretary's home page: 本月党费 to collect and arrears warnings."""

from django.urls import reverse

from dues.rules import add_months
from dues.services.payments import record_payment
from tests.clock import TODAY
from tests.factories import dues_base, dues_branch, member

THIS_MONTH = TODAY.replace(day=1)
FIRST = add_months(THIS_MONTH, -10)  # ten complete months before this one


def _paid(person, month):
    record_payment(
        member=person, month=month, status="paid", paid_on=month.replace(day=5), actor=None
    )


def test_home_shows_this_months_dues_and_who_is_in_arrears(world, client_for):
    people = dues_branch(world.branch_a, 3, month=FIRST)
    late = member(world.branch_a, "欠交者")
    dues_base(late, 4000, FIRST)
    for person in people:
        for offset in range(10):
            _paid(person, add_months(FIRST, offset))
    _paid(people[0], THIS_MONTH)
    page = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert "本月党费" in page and "3 人待收" in page
    assert "欠交者：欠交 10 个月，已连续 10 个月未交且未说明原因" in page


def test_a_reviewer_home_has_no_dues_panel(world, client_for):
    page = client_for(world.reviewer_d1).get(reverse("home")).content.decode()
    assert "本月党费" not in page

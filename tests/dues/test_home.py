"""The secretary's home page: 本月党费 to collect and arrears warnings."""

import datetime

from django.urls import reverse

from dues.services.payments import record_payment
from tests.factories import dues_base, dues_branch, member


def test_home_shows_this_months_dues_and_who_is_in_arrears(world, client_for):
    people = dues_branch(world.branch_a, 3)
    late = member(world.branch_a, "欠交者")
    dues_base(late, 4000)
    for person in people:
        for month in range(1, 11):
            record_payment(
                member=person,
                month=datetime.date(2026, month, 1),
                status="paid",
                paid_on=datetime.date(2026, month, 5),
                actor=None,
            )
    record_payment(
        member=people[0],
        month=datetime.date(2026, 11, 1),
        status="paid",
        paid_on=datetime.date(2026, 11, 5),
        actor=None,
    )
    page = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert "本月党费" in page and "3 人待收" in page
    assert "欠交者：欠交 10 个月，已连续 10 个月未交且未说明原因" in page


def test_a_reviewer_home_has_no_dues_panel(world, client_for):
    page = client_for(world.reviewer_d1).get(reverse("home")).content.decode()
    assert "本月党费" not in page

"""Journey: a secretary collects this month's dues of a 20-member branch from the home page in
two taps (the 本月党费 link, then 本月全部已交) and sees every member paid (desktop + phone)."""

from decimal import Decimal

from dues.models import Payment
from tests.clock import TODAY
from tests.factories import dues_branch


def test_secretary_collects_a_month_for_twenty_members_in_two_taps(world, page, login, snapshot):
    dues_branch(world.branch_a, 20, wage=5200)  # 1.5 %: 78.00 each
    login(page, world.secretary_a)
    interactions = 0

    page.locator("#dues-home").get_by_role("link", name="本月党费").click()
    interactions += 1
    button = page.get_by_role("button", name="本月全部已交（20 人）")
    snapshot(page, "month")
    button.click()
    interactions += 1

    page.get_by_text("已记录 20 人本月党费已交。").wait_for()
    assert page.locator("#dues-lines tbody tr", has_text="已交 78.00").count() == 20
    assert interactions <= 3
    month = TODAY.replace(day=1)
    paid = Payment.objects.filter(organization=world.branch_a, month=month, status="paid")
    assert paid.count() == 20
    assert {payment.amount for payment in paid} == {Decimal("78.00")}

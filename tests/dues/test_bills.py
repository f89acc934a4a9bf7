"""Amounts due follow the base in force, reductions and the roster; arrears warn and flag."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from branches.services.roster import record_movement
from dues.models import Payment, Reduction, Remittance
from dues.selectors.bills import DuesBook, arrears_book, year_summary
from dues.services.payments import mark_all_paid, record_payment
from tests.factories import dues_base, dues_branch, member

JAN, MAR, JUN = (datetime.date(2026, m, 1) for m in (1, 3, 6))


def _due(person, month):
    return DuesBook({person.organization_id}, month, month).line(person, month).due


def test_a_raise_applies_from_its_month_and_earlier_months_keep_their_base(world):
    teacher = member(world.branch_a, "王老师")
    dues_base(teacher, 4800, JAN)  # 1 %
    dues_base(teacher, 5200, JUN)  # 1.5 % from June
    assert _due(teacher, datetime.date(2026, 5, 1)) == Decimal("48.00")
    assert _due(teacher, JUN) == Decimal("78.00")
    assert _due(teacher, datetime.date(2025, 12, 1)) is None  # before the first base


def test_a_probationary_member_pays_from_the_month_of_admission(world):
    newcomer = member(world.branch_a, "新同志", full=None, admitted=datetime.date(2026, 3, 20))
    dues_base(newcomer, 3000, JAN)
    book = DuesBook({world.branch_a.id}, JAN, JUN)
    assert newcomer not in [line.member for line in book.lines(datetime.date(2026, 2, 1))]
    assert [line.due for line in book.lines(MAR)] == [Decimal("15.00")]


def test_a_member_who_transfers_pays_to_the_organisation_holding_them_that_month(world):
    leaving = member(world.branch_a, "调出者")
    dues_base(leaving, 6000, JAN)
    record_movement(member=leaving, kind="out", date=datetime.date(2026, 4, 15))
    arriving = member(world.branch_b, "调出者", joined_on=datetime.date(2026, 4, 15))
    dues_base(arriving, 6000, datetime.date(2026, 4, 1))
    both = DuesBook({world.branch_a.id, world.branch_b.id}, JAN, JUN)
    march, april = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
    assert [line.member for line in both.lines(march)] == [leaving]
    assert [line.member for line in both.lines(april)] == [arriving]
    assert both.totals([april], world.branch_a.id).expected == 0
    assert both.totals([april], world.branch_b.id).expected == Decimal("90.00")


def test_an_approved_reduction_lowers_the_due_and_an_exemption_clears_it(world):
    person = member(world.branch_a, "困难党员")
    dues_base(person, 3500, JAN)
    Reduction.objects.create(
        member=person,
        kind="reduced",
        monthly_amount=Decimal("10"),
        first_month=MAR,
        last_month=datetime.date(2026, 4, 1),
        approved_on=datetime.date(2026, 2, 20),
        reason="家庭困难",
    )
    Reduction.objects.create(
        member=person,
        kind="exempt",
        first_month=JUN,
        approved_on=datetime.date(2026, 5, 20),
        reason="重病",
    )
    assert _due(person, datetime.date(2026, 2, 1)) == Decimal("35.00")
    assert _due(person, MAR) == Decimal("10.00")
    assert _due(person, datetime.date(2026, 5, 1)) == Decimal("35.00")
    assert _due(person, JUN) == Decimal("0.00")


def test_voluntary_extra_is_collected_on_top_of_the_due(world):
    person = member(world.branch_a, "多交者")
    dues_base(person, 8000, JAN)  # 120.00
    record_payment(
        member=person,
        month=MAR,
        status=Payment.Status.PAID,
        paid_on=datetime.date(2026, 3, 5),
        voluntary_extra=Decimal("100"),
        actor=world.secretary_a,
    )
    totals = DuesBook({world.branch_a.id}, MAR, MAR).totals([MAR])
    assert (totals.expected, totals.collected, totals.extra) == (
        Decimal("120.00"),
        Decimal("220.00"),
        Decimal("100.00"),
    )
    assert totals.balanced


def test_all_paid_marks_everyone_due_at_the_derived_amount_and_keeps_exceptions(world):
    people = dues_branch(world.branch_a, 5, wage=4000)
    record_payment(
        member=people[0],
        month=MAR,
        status=Payment.Status.UNPAID,
        unpaid_reason="外出培训，下月补交",
        actor=world.secretary_a,
    )
    marked = mark_all_paid(
        organization=world.branch_a, month=MAR, paid_on=datetime.date(2026, 3, 10), actor=None
    )
    assert marked == 4
    totals = DuesBook({world.branch_a.id}, MAR, MAR).totals([MAR])
    assert (totals.expected, totals.collected) == (Decimal("200.00"), Decimal("160.00"))


def test_all_paid_is_refused_while_a_member_has_no_base(world):
    dues_branch(world.branch_a, 2)
    member(world.branch_a, "无基数")
    with pytest.raises(ValidationError, match="无基数"):
        mark_all_paid(organization=world.branch_a, month=MAR, paid_on=MAR, actor=None)
    assert not Payment.objects.exists()


def test_a_prepayment_records_each_month_at_its_own_amount(world):
    person = member(world.branch_a, "预交者")
    dues_base(person, 2000, JAN)
    record_payment(
        member=person,
        month=datetime.date(2026, 11, 1),
        status=Payment.Status.PAID,
        paid_on=datetime.date(2026, 11, 3),
        months=3,
        actor=None,
    )
    months = list(Payment.objects.order_by("month").values_list("month", "amount"))
    assert months == [
        (datetime.date(2026, 11, 1), Decimal("10.00")),
        (datetime.date(2026, 12, 1), Decimal("10.00")),
        (datetime.date(2027, 1, 1), Decimal("10.00")),
    ]


def _pay(person, months):
    for month in months:
        record_payment(member=person, month=month, status="paid", paid_on=month, actor=None)


def test_arrears_warn_at_three_months_owed_and_flag_six_without_reason(world):
    today = datetime.date(2026, 11, 21)  # October is the last complete month
    on_time, three, six, explained = (member(world.branch_a, n) for n in "甲乙丙丁")
    for person in (on_time, three, six, explained):
        dues_base(person, 4000, JAN)
    months = [datetime.date(2026, m, 1) for m in range(1, 11)]
    _pay(on_time, months)
    _pay(three, months[:7])  # owes Aug, Sep, Oct
    _pay(six, months[:4])  # owes May..Oct: six in a row
    _pay(explained, months[:4])
    for month in months[4:]:
        record_payment(
            member=explained, month=month, status="unpaid", unpaid_reason="病休", actor=None
        )
    found = {a.member.name: a for a in arrears_book({world.branch_a.id}, today).arrears(today)}
    assert set(found) == {"乙", "丙", "丁"}
    assert found["乙"].warn and not found["乙"].flagged
    assert found["丙"].owed_count == 6 and found["丙"].flagged
    assert found["丁"].owed_count == 6 and not found["丁"].flagged  # a reason is recorded


def test_year_summary_compares_remittances_with_what_was_collected(world):
    people = dues_branch(world.branch_a, 3, wage=3000)  # 15.00 each
    for month in (JAN, datetime.date(2026, 2, 1), MAR):
        mark_all_paid(organization=world.branch_a, month=month, paid_on=month, actor=None)
    Remittance.objects.create(
        organization=world.branch_a,
        year=2026,
        quarter=1,
        amount=Decimal("130"),
        remitted_on=datetime.date(2026, 4, 5),
        receiver="区教育局党工委",
    )
    _book, months, quarters = year_summary(world.branch_a, 2026)
    assert months[0]["count"] == 3 and months[0]["totals"].collected == Decimal("45.00")
    assert quarters[0].totals.collected == Decimal("135.00")
    assert quarters[0].remittance_differs
    assert len(people) == 3

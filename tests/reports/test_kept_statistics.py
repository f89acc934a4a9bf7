"""A report's statistics, the home's dues figures and the overview's dues table, kept under the data versions of the
organisations they count (branches.kept), always equal a full recomputation: after random
sequences of writes to records, the roster, honours and every kind of dues row (bases,
reductions, payments, remittances), for a branch and for the 党委 above it."""

import contextlib
import datetime
import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from branches.models import Honour, Organization
from branches.periods import calendar_year, school_year
from branches.services.activities import delete_activity
from branches.services.roster import record_movement
from dues.home import month_and_arrears
from dues.models import Payment, Reduction, Remittance
from dues.selectors.bills import arrears_book
from dues.selectors.district import _dues_rows, dues_by_organization
from dues.services.payments import clear_payment, record_payment, save_reduction, save_remittance
from reports.selectors import statistics
from tests.factories import TODAY, dues_base, member, record

pytestmark = pytest.mark.usefixtures("kept_figures")

MONTHS = [datetime.date(2026, month, 1) for month in range(1, 11)]


@pytest.fixture
def kept_figures(settings):
    settings.KEPT_FIGURES = True  # on in production; the other tests compute every time


@pytest.fixture
def tree(world):
    """A 党委 with world.branch_a under it, and branch_b on its own."""
    committee = Organization.objects.create(
        school=world.school_a, kind=Organization.Kind.COMMITTEE, name="龙虎塘第二实验小学党委"
    )
    world.branch_a.parent = committee
    world.branch_a.save()
    return committee


def _periods():
    return [
        calendar_year(TODAY.year),
        calendar_year(TODAY.year - 1),
        school_year(TODAY.year - 1),
    ]


def _fresh(organization, period):
    org_ids = Organization.objects.subtree_ids(organization)
    return statistics._compute(organization, org_ids, period, TODAY)


def _fresh_dues(org_ids):
    book = arrears_book(set(org_ids), TODAY)
    month = TODAY.replace(day=1)
    return {
        org_id: (
            len(book.lines(month, org_id)),
            sum(1 for line in book.lines(month, org_id) if not line.settled and not line.payment),
            [(a.member.id, a.owed_count, a.streak) for a in book.arrears(TODAY, org_id)],
        )
        for org_id in org_ids
    }


def _dues_of(figures):
    return {
        org_id: (
            row["due"],
            row["open"],
            [(a.member.id, a.owed_count, a.streak) for a in row["arrears"]],
        )
        for org_id, row in figures.items()
    }


def _check(organizations):
    for organization in organizations:
        for period in _periods():
            expected = statistics.snapshot(_fresh(organization, period))
            for _ in range(2):  # computed and kept, then read
                kept = statistics.compute(organization, period, today=TODAY)
                assert statistics.snapshot(kept) == expected, (organization, period)
                assert kept.organization == organization
    ids = [org.id for org in organizations]
    for _ in range(2):
        assert _dues_of(month_and_arrears(ids, TODAY)) == _fresh_dues(ids)
    # The district overview's dues table (kept per organisation and months).
    branches = [org for org in organizations if org.is_branch]
    start, end = datetime.date(TODAY.year, 1, 1), TODAY
    fresh_rows = _dues_rows(branches, start, end)
    for _ in range(2):
        for row in dues_by_organization(organizations, start, end):
            assert row == fresh_rows[row.organization.id]


@pytest.mark.parametrize("seed", range(3))
def test_kept_statistics_and_dues_equal_a_full_recomputation_after_random_writes(world, tree, seed):
    rng = random.Random(seed)
    orgs = [world.branch_a, world.branch_b]
    people = [member(rng.choice(orgs), f"党员{i}") for i in range(6)]
    for person in people:
        dues_base(person, rng.choice([3000, 4800, 6000]), MONTHS[0])
    cache.clear()
    _check([tree, *orgs])
    for step in range(15):
        action = rng.choice(
            ["pay", "pay", "unpay", "base", "reduce", "remit", "honour", "record", "delete", "move"]
        )
        person = rng.choice(people)
        person.refresh_from_db()
        with contextlib.suppress(ValidationError), transaction.atomic():
            if action == "pay":
                record_payment(
                    member=person,
                    month=rng.choice(MONTHS),
                    status=Payment.Status.PAID,
                    paid_on=TODAY,
                    actor=None,
                )
            elif action == "unpay":
                payment = Payment.objects.filter(member=person).first()
                if payment:
                    clear_payment(payment=payment, actor=None)
            elif action == "base":
                dues_base(person, rng.choice([3500, 5200, 9000]), rng.choice(MONTHS[1:]))
            elif action == "reduce":
                save_reduction(
                    reduction=Reduction(
                        member=person,
                        kind="reduced",
                        monthly_amount=Decimal("5"),
                        first_month=rng.choice(MONTHS),
                        approved_on=TODAY,
                        reason="困难",
                    ),
                    actor=None,
                )
            elif action == "remit":
                save_remittance(
                    remittance=Remittance(
                        organization=rng.choice(orgs),
                        year=TODAY.year,
                        quarter=rng.randint(1, 3),
                        amount=Decimal(rng.randrange(10, 300)),
                        remitted_on=TODAY,
                        receiver="区教育局党工委",
                    ),
                    actor=None,
                )
            elif action == "honour":
                Honour.objects.create(
                    organization=rng.choice(orgs),
                    recipient=Honour.Recipient.ORGANIZATION,
                    title=f"先进集体{step}",
                    level=Honour.Level.DISTRICT,
                    year=rng.choice([TODAY.year, TODAY.year - 1]),
                    awarded_by="区委教育工委",
                )
            elif action == "record":
                record(
                    rng.choice(orgs),
                    rng.choice(["theme_day", "study", "general_meeting"]),
                    day=TODAY - datetime.timedelta(days=rng.randrange(1, 400)),
                    hours=Decimal(2),
                )
            elif action == "delete":
                activity = world.branch_a.activities.first() or world.branch_b.activities.first()
                if activity:
                    delete_activity(actor=world.admin, activity=activity)
            elif action == "move" and not person.left_on:
                record_movement(member=person, kind="out", date=TODAY - datetime.timedelta(days=40))
        _check([tree, *orgs])


def test_an_honour_of_a_branch_changes_its_committees_kept_report_figure(world, tree):
    period = calendar_year(TODAY.year)
    before = statistics.compute(tree, period, today=TODAY).value("honours")
    Honour.objects.create(
        organization=world.branch_a,
        recipient=Honour.Recipient.ORGANIZATION,
        title="先进基层党组织",
        level=Honour.Level.CITY,
        year=TODAY.year,
        awarded_by="市委教育工委",
    )
    assert statistics.compute(tree, period, today=TODAY).value("honours") == before + 1

"""The dues pages run a number of queries that does not grow with the branch.

Common to every page (6): the session, the user, the three queries of `scope_for` (roles, reviewer
rows, organisations under the user's) and the organisation. The book (4): members, bases, reductions, payments."""

import datetime

import pytest
from django.urls import reverse

from dues.services.payments import mark_all_paid, record_payment
from tests.factories import dues_base, member

# (url name, arguments after the organisation, queries: common 6 + book 4 + what the page adds)
PAGES = [
    # + remittances of the year + the arrears book (4) = 15
    ("dues:year", (2026,), 15),
    # the personal-data check costs nothing for the branch's secretary = 10
    ("dues:month", (2026, 3), 10),
    ("dues:register", (2026, "xlsx"), 10),
    ("dues:register_month", (2026, 3, "docx"), 10),
]


def _grow(world, start, count):
    for n in range(start, start + count):
        dues_base(member(world.branch_a, f"党员{n:02d}"), 2800 + n * 250)
    for month in range(1, 4):
        mark_all_paid(
            organization=world.branch_a,
            month=datetime.date(2026, month, 1),
            paid_on=datetime.date(2026, month, 9),
            actor=None,
        )


@pytest.mark.parametrize(("name", "args", "budget"), PAGES, ids=[p[0] for p in PAGES])
def test_dues_pages_run_the_same_queries_for_few_and_many_members(
    world, client_for, django_assert_num_queries, name, args, budget
):
    client = client_for(world.secretary_a)
    url = reverse(name, args=[world.branch_a.pk, *args])
    _grow(world, 0, 2)
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200
    _grow(world, 2, 30)
    first = member(world.branch_a, "未交者")
    dues_base(first, 4000)
    record_payment(
        member=first,
        month=datetime.date(2026, 3, 1),
        status="unpaid",
        unpaid_reason="病休",
        actor=None,
    )
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200

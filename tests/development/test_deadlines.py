"""Deadlines: the home panel and the weekly digest's reminders list what is due per person."""

import datetime

from django.urls import reverse

from branches.models import Organization
from development.reminders import reminders
from portal.dates import add_months
from tests.development.helpers import D, applicant, pipeline_for, record


def test_an_overdue_talk_shows_on_the_home_page_and_in_the_reminders(world, client_for):
    today = datetime.date.today()
    late = pipeline_for(applicant(world.branch_a, "迟谈话"))
    record(late, 1, today - datetime.timedelta(days=40))
    closed = pipeline_for(applicant(world.branch_a, "已撤回"))
    record(closed, 1, today - datetime.timedelta(days=40))
    closed.status, closed.closed_on = "withdrawn", today
    closed.save()
    page = client_for(world.secretary_a).get(reverse("home")).content.decode()
    assert "development-home" in page and "迟谈话" in page and "已逾期" in page
    assert "已撤回" not in page
    other = client_for(world.secretary_b).get(reverse("home")).content.decode()
    assert "迟谈话" not in other
    items = reminders(list(Organization.objects.filter(pk=world.branch_a.pk)), today)
    assert items == [
        {
            "organization": world.branch_a,
            "kind": "development",
            "title": "迟谈话：派人谈话",
            "due": add_months(late.steps.get().date, 1),
            "overdue": True,
            "url": reverse("development:person", args=[late.member_id]),
        }
    ]


def test_reminders_of_probation_ending_and_approval(world):
    pipeline = pipeline_for(applicant(world.branch_a, "预备"))
    today = D(2026, 11, 21)
    pipeline.steps.create(number=1, date=D(2024, 1, 5))
    pipeline.steps.create(number=15, date=D(2025, 12, 20))
    titles = [r["title"] for r in reminders([world.branch_a], today)]
    assert "预备：上级党委审批" in titles  # due 2026-03-20, overdue
    assert "预备：预备期 2026-12-20 期满，提出转正申请" in titles
    assert "预备：预备党员季度考察" in titles

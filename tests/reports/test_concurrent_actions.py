"""Two report actions at the same moment (two submits, or approve and return): they happen one
after the other on what is saved; the second gets a clear message, never a 500 ("database is
locked" on SQLite before writers queued, see portal/settings.py)."""

import time

import pytest
from django.urls import reverse

from reports.models import Report, ReportVersion
from tests.concurrency import pages_after, post_at_once
from tests.factories import make_report, submitted


@pytest.fixture
def slow_lock(monkeypatch):
    """Each action waits a moment after reading the report, so both requests are inside their
    transactions at once: the old way, both read, then both tried to write."""
    lock = Report._lock

    def slow(self):
        saved = lock(self)
        time.sleep(0.4)
        return saved

    monkeypatch.setattr(Report, "_lock", slow)


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_make_one_version_and_a_message(world, slow_lock):
    report = make_report(world.branch_a, world.secretary_a)
    url = reverse("reports:submit", args=[report.pk])

    results, clients = post_at_once([(world.secretary_a, url, {})] * 2)

    assert [status for status, _location in results] == [302, 302], results
    assert ReportVersion.objects.filter(report=report).count() == 1
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED
    pages = pages_after(clients, results)
    assert sum("已提交第 1 稿" in page for page in pages) == 1
    assert sum("不能再修改" in page for page in pages) == 1


@pytest.mark.django_db(transaction=True)
def test_approve_and_return_at_once_one_wins_the_other_is_told(world, slow_lock):
    report = submitted(world)
    approve = reverse("reports:approve", args=[report.pk])
    back = reverse("reports:return", args=[report.pk])
    results, clients = post_at_once(
        [
            (world.reviewer_d1, approve, {"rating": "good"}),
            (world.reviewer_d1, back, {"general": "请补充数据。"}),
        ]
    )

    assert [status for status, _location in results] == [302, 302], results
    report = Report.objects.get(pk=report.pk)
    assert report.status in (Report.Status.APPROVED, Report.Status.RETURNED)
    assert (report.rating == "good") == (report.status == Report.Status.APPROVED)
    assert report.comments.count() == (1 if report.status == Report.Status.RETURNED else 0)
    pages = pages_after(clients, results)
    assert sum("已被处理" in page for page in pages) == 1  # and says what happened to it

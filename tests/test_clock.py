"""The suite runs on the pinned clock of tests/clock.py, never on the wall clock."""

import datetime

from django.utils import timezone

from tests.clock import NOW, TODAY, pinned_now


def test_every_clock_the_portal_reads_shows_the_pinned_day():
    assert datetime.date.today() == TODAY
    assert timezone.localdate() == TODAY
    assert abs(timezone.now() - NOW) < datetime.timedelta(hours=1)


def test_a_test_can_move_the_clock_to_another_day(time_machine):
    time_machine.move_to(datetime.datetime(2030, 1, 2, 9, 0, tzinfo=datetime.UTC))
    assert timezone.localdate() == datetime.date(2030, 1, 2)


def test_a_pin_given_in_utc_runs_the_process_on_shanghai_time(monkeypatch):
    # 22:00 UTC is already the next day in Shanghai. The pin is handed to time-machine in
    # Shanghai's zone, so date.today() (the process's local zone) agrees with Django's.
    monkeypatch.setenv("PORTAL_TEST_NOW", "2027-12-07T22:00:00+00:00")
    pinned = pinned_now()
    assert pinned.tzinfo.key == "Asia/Shanghai"
    assert pinned.date() == datetime.date(2027, 12, 8)

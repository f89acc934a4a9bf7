"""The suite runs on the pinned clock of tests/clock.py, never on the wall clock."""

import datetime

from django.utils import timezone

from tests.clock import NOW, TODAY


def test_every_clock_the_portal_reads_shows_the_pinned_day():
    assert datetime.date.today() == TODAY
    assert timezone.localdate() == TODAY
    assert abs(timezone.now() - NOW) < datetime.timedelta(hours=1)


def test_a_test_can_move_the_clock_to_another_day(time_machine):
    time_machine.move_to(datetime.datetime(2030, 1, 2, 9, 0, tzinfo=datetime.UTC))
    assert timezone.localdate() == datetime.date(2030, 1, 2)

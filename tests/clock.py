"""The one clock every test runs on.

No test reads the wall clock. The whole test process (module fixtures, the live server thread
of the browser journeys and the demo loader included) runs on a pinned instant that ticks on from
there, set by ``PORTAL_TEST_NOW`` (ISO 8601) and otherwise ``DEFAULT_NOW``. CI runs the suite once
more with ``PORTAL_TEST_NOW`` a year ahead of the real date, so a test that hard-codes "this year"
fails the day it is written.

A test that needs another day uses the ``time_machine`` fixture (``time_machine.move_to(...)``)
or passes ``today=`` to the service it calls; every other date derives from ``TODAY``.
"""

import datetime
import os
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_NOW = "2026-11-21T10:00:00+08:00"


def pinned_now():
    value = datetime.datetime.fromisoformat(os.environ.get("PORTAL_TEST_NOW") or DEFAULT_NOW)
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    # In Shanghai time (a ZoneInfo), so time-machine also sets the process's local zone to
    # Asia/Shanghai, as Django does: date.today() then agrees with TODAY at any hour.
    return value.astimezone(SHANGHAI)


NOW = pinned_now()
TODAY = NOW.astimezone(SHANGHAI).date()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)

"""Data helpers the browser journeys share (fixtures stay in conftest.py)."""

from branches.services.activities import Filing, file_activity
from tests.clock import TODAY


def held(organization, kind, day, **values):
    """A record of an activity held on `day`, checked against the real today (the journeys use
    dates relative to today, so they keep working in later years)."""
    values.setdefault("topic", "学习新修订的党章")
    return file_activity(
        actor=None,
        organization=organization,
        kind=kind,
        values={"status": "held", "date": day, **values},
        filing=Filing(absences={}),
        today=TODAY,
    )

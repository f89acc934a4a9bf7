"""Builders of pipelines for the development tests."""

import datetime

from branches.models import Member
from development import services
from development.models import Step
from tests.factories import held, member

D = datetime.date


BORN = D(1995, 5, 1)


def applicant(organization, name="申请人", *, birth=BORN, **fields):
    return Member.objects.create(
        organization=organization, name=name, birth_date=birth, gender="F", **fields
    )


def pipeline_for(person, actor=None):
    return services.start_pipeline(member=person, actor=actor)


def record(pipeline, number, day, **fields):
    step = Step(pipeline=pipeline, number=number, date=day, **fields)
    return services.save_step(step=step, actor=None)


def voted_meeting(organization, kind, day, title="讨论发展"):
    """A held meeting of `kind` with everyone expected present and a passed vote for all."""
    from branches.models.activity_parts import AgendaItem

    activity = held(organization, kind, day)
    due = (
        activity.attendances.filter(can_vote=True).count()
        if kind == "general_meeting"
        else (activity.attendances.count())
    )
    item = AgendaItem.objects.create(
        activity=activity, title=title, result="passed", votes_for=max(due, 1)
    )
    return activity, item


def full_members(organization, n, prefix="党员"):
    return [member(organization, f"{prefix}{i}") for i in range(n)]

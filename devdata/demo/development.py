"""Demo development pipelines (发展党员): for every person of the demo branches still in
development or probation, a pipeline whose steps carry the roster's stage dates and the steps
between them; and at 嘉泽中心小学 (seed 003 speaks of developing young teachers) three more: an
applicant whose talk is overdue, one who withdrew, and a 预备党员 whose probation was extended.
The steps decided at a meeting (支委会, 支部党员大会) link the agenda item of a held record of the
branch (filed here, everyone expected present, the vote passed), as a secretary links them.

Safe to run again: a pipeline is made once per person (its steps only when it is made), the extra
people are looked up by name.
"""

import datetime

from django.core.exceptions import ValidationError

from branches.models import Activity, Member, Organization
from branches.services.activities import (
    AgendaEntry,
    Filing,
    current_filing,
    file_activity,
    voter_counts,
)
from devdata.demo.accounts import SCHOOLS
from development import services
from development.models import Pipeline, Step
from development.steps import BY_NUMBER
from portal.dates import add_months

JIAZE = "嘉泽中心小学党支部"
OVERDUE_TALK = "许若涵"
WITHDRAWN = "蒋一帆"
EXTENDED = "陆思远"


def _branch_names():
    return [name for *_place, orgs in SCHOOLS for name, kind, _p, _g in orgs if kind == "branch"]


def load(stdout=None, today=None):
    today = today or datetime.date.today()
    made = 0
    branches = Organization.objects.branches().filter(name__in=_branch_names()).order_by("id")
    for organization in branches:
        if organization.name == JIAZE:
            _extra_people(organization, today)
        people = (
            Member.objects.filter(organization=organization, application_date__isnull=False)
            .on_roster(today)
            .filter(full_date__isnull=True, pipeline__isnull=True)
            .order_by("id")
        )
        for person in people:
            made += _pipeline(person, today)
    if stdout is not None:
        stdout.write(f"发展党员流程：新建 {made} 个\n")
    return made


def _full_members(person):
    return list(
        Member.objects.filter(organization=person.organization, full_date__isnull=False)
        .on_roster(person.application_date)
        .exclude(pk=person.pk)
        .order_by("id")[:4]
    )


def _step(pipeline, number, day, today, **fields):
    if day is None or day > today:
        return
    services.save_step(step=Step(pipeline=pipeline, number=number, date=day, **fields))


def _pipeline(person, today):
    """The roster dates become steps (start_pipeline); the steps between them are filled in."""
    try:
        pipeline = services.start_pipeline(member=person, recommendation="members")
        _fill(pipeline, person, today)
    except ValidationError:
        return 0  # a roster row the pipeline's rules refuse stays without one
    return 1


MEETING_TOPIC = "研究发展党员工作"
AGENDA_TITLES = {
    3: "讨论确定{name}为入党积极分子",
    7: "讨论确定{name}为发展对象",
    12: "审查{name}的入党材料，同意公示",
    15: "讨论接收{name}为预备党员",
    23: "讨论{name}的转正申请",
}


def _agenda_item(organization, kind, day, title, today):
    """The passed agenda item `title` of the branch's development meeting of `kind` on `day`
    (the record filed once, everyone expected present; the item added through the service)."""
    topic = MEETING_TOPIC
    activity = Activity.objects.filter(
        organization=organization, kind=kind, date=day, topic=topic
    ).first()
    if activity is None:
        activity = file_activity(
            actor=None,
            organization=organization,
            kind=kind,
            values={
                "date": day,
                "topic": topic,
                "status": Activity.Status.HELD,
                "place": "党员活动室",
            },
            filing=Filing(),
            today=today,
        )
    items = list(activity.agenda_items.order_by("position", "id"))
    if not any(item.title == title for item in items):
        _due, present = voter_counts(activity)
        filing = current_filing(activity)
        filing.agenda.append(
            AgendaEntry(
                title=title,
                decision="同意",
                result="passed",
                votes_for=present,
                votes_against=0,
                votes_abstain=0,
            )
        )
        file_activity(
            actor=None,
            organization=organization,
            kind=kind,
            values={},
            filing=filing,
            activity=activity,
            today=today,
        )
    return activity.agenda_items.get(title=title)


def _link_meetings(pipeline, person, today):
    """Every meeting step without its record gets the branch's record and agenda item."""
    for step in pipeline.steps.filter(number__in=AGENDA_TITLES, meeting__isnull=True):
        kind = BY_NUMBER[step.number].meeting
        title = AGENDA_TITLES[step.number].format(name=person.name)
        item = _agenda_item(person.organization, kind, step.date, title, today)
        step.meeting, step.agenda_item = item.activity, item
        services.save_step(step=step)


def _fill(pipeline, person, today):
    elders = _full_members(person)
    application, activist = person.application_date, person.activist_date
    if person.name != OVERDUE_TALK:
        _step(pipeline, 2, application + datetime.timedelta(days=12), today, person_1=elders[0])
    if activist:
        _step(pipeline, 4, activist + datetime.timedelta(days=7), today, document_number="备案")
        _step(pipeline, 5, activist + datetime.timedelta(days=7), today, person_1=elders[1])
        end = person.candidate_date or today
        day = add_months(activist, 6)
        while day <= end:
            _step(pipeline, 6, day, today)
            day = add_months(day, 6)
    candidate = person.candidate_date
    if candidate:
        _step(pipeline, 8, candidate + datetime.timedelta(days=5), today, document_number="备案")
        _step(
            pipeline,
            9,
            candidate + datetime.timedelta(days=7),
            today,
            person_1=elders[2],
            person_2=elders[3],
        )
        _step(pipeline, 10, candidate + datetime.timedelta(days=20), today)
        start = candidate + datetime.timedelta(days=30)
        _step(pipeline, 11, start, today, period_end=start + datetime.timedelta(days=2), hours=24)
    admission = person.admission_date
    if admission:
        _step(
            pipeline,
            12,
            admission - datetime.timedelta(days=20),
            today,
            period_end=admission - datetime.timedelta(days=13),
        )
        _step(pipeline, 14, admission - datetime.timedelta(days=5), today)
        _step(
            pipeline,
            16,
            admission + datetime.timedelta(days=14),
            today,
            people_elsewhere="区委组织员",
        )
        _step(pipeline, 17, add_months(admission, 2), today, document_number="审批")
        _step(pipeline, 19, add_months(admission, 2) + datetime.timedelta(days=5), today)
        day = add_months(admission, 3)
        while day <= today:
            _step(pipeline, 21, day, today)
            day = add_months(day, 3)
    _link_meetings(pipeline, person, today)


def _extra_people(organization, today):
    """The three special cases, made once (by name)."""
    if not Member.objects.filter(organization=organization, name=OVERDUE_TALK).exists():
        Member.objects.create(
            organization=organization,
            name=OVERDUE_TALK,
            gender="F",
            birth_date=datetime.date(1999, 4, 12),
            education="bachelor",
            post="英语",
            application_date=today - datetime.timedelta(days=45),
        )
    if not Member.objects.filter(organization=organization, name=WITHDRAWN).exists():
        person = Member.objects.create(
            organization=organization,
            name=WITHDRAWN,
            gender="M",
            birth_date=datetime.date(1997, 9, 3),
            education="bachelor",
            post="体育",
            application_date=add_months(today, -10),
        )
        pipeline = services.start_pipeline(member=person)
        _fill(pipeline, person, today)
        pipeline.status = Pipeline.Status.WITHDRAWN
        pipeline.closed_on = add_months(today, -4)
        pipeline.close_reason = "本人书面申请撤回入党申请"
        services.save_pipeline(pipeline=pipeline)
    if not Member.objects.filter(organization=organization, name=EXTENDED).exists():
        admission = add_months(today, -14)
        candidate = add_months(admission, -5)
        activist = add_months(candidate, -13)
        person = Member.objects.create(
            organization=organization,
            name=EXTENDED,
            gender="M",
            birth_date=datetime.date(1994, 6, 21),
            education="postgraduate",
            post="数学",
            application_date=add_months(activist, -4),
            activist_date=activist,
            candidate_date=candidate,
            admission_date=admission,
        )
        pipeline = services.start_pipeline(member=person)
        _fill(pipeline, person, today)
        pipeline.extension_months = 6
        services.save_pipeline(pipeline=pipeline)

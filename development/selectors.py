"""Reads of the pipeline: one person's steps with their warnings, organisations' people with what
is due next (home panel, reminders, lists), and district counts. Constant queries per call."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from branches.models import Member, Stage
from branches.models.activities import Attendance, Kind
from development import rules
from development.models import Pipeline, Step
from development.steps import FULL_STEP, STAGE_STEPS, STAGES, STEPS


def _steps_queryset():
    return Step.objects.select_related("person_1", "person_2", "meeting", "agenda_item").order_by(
        "number", "date", "id"
    )


def voters_of(activity_ids):
    """{activity id: (due voters, present voters)}: branches.services.activities.voter_counts
    for many records in one query (the committee at 支委会, 正式党员 at 党员大会)."""
    result = {pk: [0, 0] for pk in activity_ids}
    rows = (
        Attendance.objects.filter(activity_id__in=activity_ids)
        .values_list("activity_id", "activity__kind", "can_vote", "present")
        .annotate(n=Count("id"))
        .order_by()
    )
    for activity_id, kind, can_vote, present, n in rows:
        if kind != Kind.COMMITTEE_MEETING and not can_vote:
            continue
        result[activity_id][0] += n
        if present:
            result[activity_id][1] += n
    return {pk: tuple(value) for pk, value in result.items()}


@dataclass
class StepLine:
    definition: object
    rows: list = field(default_factory=list)  # (step, warnings, voters)


@dataclass
class PersonPipeline:
    member: Member
    pipeline: Pipeline | None
    steps: rules.Steps
    stages: list  # (label, [StepLine])
    due: list
    stage: str | None

    @property
    def warning_count(self):
        return sum(len(w) for _l, lines in self.stages for line in lines for _s, w, _v in line.rows)


def person_pipeline(member, today=None):
    today = today or datetime.date.today()
    pipeline = (
        Pipeline.objects.filter(member=member)
        .prefetch_related(Prefetch("steps", queryset=_steps_queryset()))
        .first()
    )
    recorded = list(pipeline.steps.all()) if pipeline else []
    steps = rules.Steps(recorded)
    voters = voters_of({s.meeting_id for s in recorded if s.meeting_id})
    extension = pipeline.extension_months if pipeline else 0
    lines = {d.number: StepLine(d) for d in STEPS}
    for step in steps.rows:
        lines[step.number].rows.append(
            (
                step,
                rules.step_warnings(
                    step, steps, member, extension, voters=voters.get(step.meeting_id)
                ),
                voters.get(step.meeting_id),
            )
        )
    stages = [
        (label, [lines[d.number] for d in STEPS if d.stage == stage]) for stage, label in STAGES
    ]
    due = (
        rules.next_due(steps, member, today, extension)
        if pipeline and pipeline.status == Pipeline.Status.ACTIVE
        else []
    )
    return PersonPipeline(member, pipeline, steps, stages, due, member.stage_on(today))


@dataclass
class Row:
    pipeline: Pipeline | None  # None: on the roster in development, no pipeline yet
    member: Member
    steps: rules.Steps
    stage: str | None
    due: list

    @property
    def stage_label(self):
        return Stage(self.stage).label if self.stage else ""

    @property
    def overdue(self):
        return [d for d in self.due if d.overdue]

    @property
    def next(self):
        dated = [d for d in self.due if d.due]
        return min(dated, key=lambda d: d.due) if dated else None


def pipelines_of(organization_ids, today=None, *, active_only=False):
    """Rows of every pipeline of these organisations (closed ones too unless active_only)."""
    today = today or datetime.date.today()
    queryset = (
        Pipeline.objects.filter(member__organization_id__in=organization_ids)
        .select_related("member__organization")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("number", "date")))
        .order_by("member__organization__name", "member__name", "id")
    )
    if active_only:
        queryset = queryset.active()
    rows = []
    for pipeline in queryset:
        steps = rules.Steps(pipeline.steps.all())
        due = (
            rules.next_due(steps, pipeline.member, today, pipeline.extension_months)
            if pipeline.status == Pipeline.Status.ACTIVE
            else []
        )
        rows.append(Row(pipeline, pipeline.member, steps, pipeline.member.stage_on(today), due))
    return rows


def without_pipeline(organization_ids, today=None):
    """People on the roster in development (or probation) who have no pipeline yet."""
    today = today or datetime.date.today()
    return list(
        Member.objects.filter(organization_id__in=organization_ids, pipeline__isnull=True)
        .on_roster(today)
        .filter(application_date__isnull=False, full_date__isnull=True)
        .order_by("name", "id")
    )


def roster_steps(member, pipeline=None, note=""):
    """The steps the roster's stage dates stand for (unsaved): what starting a pipeline imports,
    and what the deadlines of someone without a pipeline are computed from."""
    steps = [
        Step(pipeline=pipeline, number=number, date=getattr(member, field), note=note)
        for field, number in STAGE_STEPS.items()
        if getattr(member, field)
    ]
    if member.full_date:
        steps.append(Step(pipeline=pipeline, number=FULL_STEP, date=member.full_date, note=note))
    return steps


def due_rows(organization_ids, today=None):
    """Everyone of these organisations with a development step due, by the same rules.next_due:
    people in an active pipeline, and people on the roster in development without a pipeline
    yet (their steps taken from the roster's stage dates, nothing saved; `row.pipeline` None)."""
    today = today or datetime.date.today()
    rows = [row for row in pipelines_of(organization_ids, today, active_only=True) if row.due]
    for member in without_pipeline(organization_ids, today):
        steps = rules.Steps(roster_steps(member))
        due = rules.next_due(steps, member, today, member.probation_extension_months)
        if due:
            rows.append(Row(None, member, steps, member.stage_on(today), due))
    rows.sort(key=lambda row: (row.member.organization_id, row.member.name, row.member.pk))
    return rows


STAGE_ORDER = [stage for stage, _label in STAGES]


def stage_counts(rows, year):
    """Per stage the active people, developed (admitted) and made full in `year`, overdue."""
    counts = dict.fromkeys(STAGE_ORDER, 0)
    developed = full = overdue = closed = 0
    for row in rows:
        if row.pipeline.status == Pipeline.Status.ACTIVE and row.stage:
            counts[row.stage] += 1
        elif row.pipeline.status not in (Pipeline.Status.ACTIVE, Pipeline.Status.COMPLETED):
            closed += 1
        admitted = row.steps.date(15)
        if admitted and admitted.year == year:
            developed += 1
        if row.member.full_date and row.steps.first(23) and row.member.full_date.year == year:
            full += 1
        overdue += len(row.overdue)
    return {
        "stages": [(Stage(stage).label, counts[stage]) for stage in STAGE_ORDER],
        "developed": developed,
        "full": full,
        "overdue": overdue,
        "closed": closed,
    }

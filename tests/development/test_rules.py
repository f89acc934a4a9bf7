"""Every time rule of the pipeline at its edge, and the one block (age < 18)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from development import rules
from development.models import Step
from tests.development.helpers import D, applicant, full_members, pipeline_for, record


def _warnings(pipeline, number):
    steps = rules.Steps(pipeline.steps.select_related("person_1", "person_2", "meeting"))
    step = steps.all(number)[-1]
    return rules.step_warnings(step, steps, pipeline.member, pipeline.extension_months)


@pytest.fixture
def pipeline(world):
    return pipeline_for(applicant(world.branch_a))


def test_talk_on_the_30th_day_after_application_is_in_time_the_31st_is_late(pipeline):
    record(pipeline, 1, D(2026, 4, 1))  # April has 30 days: one month later is 1 May, day 30
    talk = record(pipeline, 2, D(2026, 5, 1))
    assert (talk.date - D(2026, 4, 1)).days == 30
    assert _warnings(pipeline, 2) == []
    talk.date = D(2026, 5, 2)  # day 31
    talk.save()
    assert any("一个月内" in w for w in _warnings(pipeline, 2))


def test_candidate_after_exactly_one_year_as_activist_is_fine_a_day_less_warns(pipeline):
    record(pipeline, 1, D(2024, 1, 5))
    record(pipeline, 3, D(2024, 3, 1))
    step = record(pipeline, 7, D(2025, 3, 1))
    assert not [w for w in _warnings(pipeline, 7) if "不足一年" in w]
    step.date = D(2025, 2, 28)
    step.save()
    assert any("不足一年" in w for w in _warnings(pipeline, 7))


def test_notice_of_five_working_days_across_a_weekend_is_enough_four_is_not(pipeline):
    record(pipeline, 1, D(2024, 1, 5))
    thursday = D(2026, 3, 12)
    assert thursday.weekday() == 3
    step = record(pipeline, 12, thursday, period_end=D(2026, 3, 18))  # Thu Fri | Mon Tue Wed
    assert rules.working_days(thursday, D(2026, 3, 18)) == 5
    assert not [w for w in _warnings(pipeline, 12) if "工作日" in w]
    step.period_end = D(2026, 3, 17)  # Thu Fri | Mon Tue: 4 working days over 6 calendar days
    step.save()
    assert rules.working_days(thursday, D(2026, 3, 17)) == 4
    assert any("少于 5 个工作日" in w for w in _warnings(pipeline, 12))


def test_approval_on_the_last_day_of_the_third_month_is_in_time(pipeline, world):
    record(pipeline, 1, D(2024, 1, 5))
    meeting = D(2025, 11, 30)
    pipeline.steps.create(number=15, date=meeting)  # no vote record needed for this rule
    step = record(pipeline, 17, D(2026, 2, 28))  # Feb has no 30th: its last day
    assert rules.approval_due(meeting) == D(2026, 2, 28)
    assert not [w for w in _warnings(pipeline, 17) if "三个月内" in w]
    step.date = D(2026, 3, 1)
    step.save()
    assert any("三个月内" in w for w in _warnings(pipeline, 17))


def test_an_application_before_the_18th_birthday_is_refused(world):
    pipeline = pipeline_for(applicant(world.branch_a, birth=D(2008, 6, 1)))
    with pytest.raises(ValidationError) as error:
        record(pipeline, 1, D(2026, 5, 31))
    assert "未满 18 周岁" in str(error.value)
    assert not Step.objects.filter(pipeline=pipeline).exists()
    record(pipeline, 1, D(2026, 6, 1))  # the 18th birthday
    pipeline.member.refresh_from_db()
    assert pipeline.member.application_date == D(2026, 6, 1)


def test_introducers_must_be_two_full_members(world, pipeline):
    one, two = full_members(world.branch_a, 2)
    record(pipeline, 1, D(2024, 1, 5))
    record(pipeline, 9, D(2025, 6, 1), person_1=one)
    assert any("两名正式党员" in w for w in _warnings(pipeline, 9))
    step = pipeline.steps.get(number=9)
    step.person_2 = two
    step.save()
    assert _warnings(pipeline, 9) == []


def test_working_days_counts_monday_to_friday():
    monday = D(2026, 3, 9)
    assert rules.working_days(monday, monday + datetime.timedelta(days=13)) == 10
    assert rules.working_days(D(2026, 3, 14), D(2026, 3, 15)) == 0  # a weekend
    assert rules.working_days(monday, monday - datetime.timedelta(days=1)) == 0


def test_next_due_talk_and_probation_ending_within_60_days(world, pipeline):
    record(pipeline, 1, D(2026, 10, 1))
    steps = rules.Steps(pipeline.steps.all())
    due = rules.next_due(steps, pipeline.member, D(2026, 11, 2))
    assert [(d.title, d.due, d.overdue) for d in due] == [("派人谈话", D(2026, 11, 1), True)]
    due = rules.next_due(steps, pipeline.member, D(2026, 11, 1))
    assert due[0].overdue is False
    pipeline.steps.create(number=15, date=D(2025, 12, 1))
    pipeline.steps.create(number=17, date=D(2026, 1, 10))
    steps = rules.Steps(pipeline.steps.all())
    titles = [d.title for d in rules.next_due(steps, pipeline.member, D(2026, 10, 1))]
    assert not any("期满" in t for t in titles)  # 61 days before the end (2026-12-01)
    titles = [d.title for d in rules.next_due(steps, pipeline.member, D(2026, 10, 2))]
    assert any("2026-12-01 期满" in t for t in titles)

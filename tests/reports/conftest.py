"""Reports of the fixed cast: a written draft of branch A (district 1) and helpers to move it along."""

import datetime

import pytest

from reports.models import Report
from reports.periods import calendar_year
from reports.services.reports import create_report, submit_report

WORK = "1、全年召开支部党员大会4次。\n2、开展主题党日12次。"
PROBLEMS = "1、学习形式比较单一。"
PLANS = "1、每月固定主题党日。"


def make_report(organization, actor, *, year=2021, kind=Report.Kind.SUMMARY, written=True):
    report = create_report(
        organization=organization, kind=kind, period=calendar_year(year), actor=actor
    )
    if written:
        report.save_text(
            by=actor,
            expected_version=report.lock_version,
            section_work=WORK,
            section_problems=PROBLEMS,
            section_plans=PLANS,
            report_date=datetime.date(year, 12, 15),
        )
    return report


def submitted(world, **kwargs):
    report = make_report(world.branch_a, world.secretary_a, **kwargs)
    submit_report(report=report, actor=world.secretary_a)
    return report


def returned(world, **kwargs):
    report = submitted(world, **kwargs)
    report.return_for_changes(by=world.reviewer_d1, comments=[("problems", "请结合台账分析原因。")])
    return report


def approved(world, **kwargs):
    report = submitted(world, **kwargs)
    report.approve(by=world.reviewer_d1, rating=Report.Rating.GOOD)
    return report


@pytest.fixture
def draft_a(world):
    return make_report(world.branch_a, world.secretary_a)


@pytest.fixture
def submitted_a(world):
    return submitted(world)

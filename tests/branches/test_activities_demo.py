"""Demo activity records: every demo branch gets records, seed facts are there, a rerun adds none."""

import datetime

from branches import demo, demo_activities
from branches.models import Activity, Organization
from branches.services.compliance import State, compliance_for

TODAY = datetime.date(2026, 11, 21)


def test_demo_records_cover_every_branch_and_a_second_run_changes_nothing(db):
    demo.load()
    count = Activity.objects.count()
    assert count > 0
    assert demo_activities.load() == 0
    assert Activity.objects.count() == count
    for branch in Organization.objects.branches():
        assert branch.activities.exists(), branch


def test_demo_has_the_dated_activities_of_seed_004(db):
    demo.load()
    jiaze = Organization.objects.get(name="嘉泽中心小学党支部")
    days = set(jiaze.activities.values_list("date", flat=True))
    for day in ("2011-03-01", "2011-05-21", "2012-10-27", "2013-08-06"):
        assert datetime.date.fromisoformat(day) in days
    lecturers = set(jiaze.activities.filter(kind="lecture").values_list("lecturer", flat=True))
    assert {"钱志林", "赵伟琴", "庄国锋"} <= lecturers
    assert jiaze.activities.filter(kind="appraisal", date__month=1).exists()
    assert jiaze.activities.filter(kind="appraisal", date__month=6).exists()


def test_demo_current_year_has_kept_and_missed_months(db):
    demo.load()
    branch = Organization.objects.get(name="龙虎塘第二实验小学党支部")
    result = compliance_for([branch], year=TODAY.year, today=datetime.date.today())[branch.id]
    states = {slot.state for row in result.months for slot in row.slots}
    assert State.KEPT in states and State.MISSING in states
    assert Activity.objects.filter(organization=branch, status="planned").exists()

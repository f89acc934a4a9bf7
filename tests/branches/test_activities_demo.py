"""Demo activity records: every demo branch gets records, seed facts are there, a rerun adds none.

One test on purpose: loading the demo takes several seconds.
"""

import datetime

from branches import demo, demo_activities
from branches.models import Activity, Organization
from branches.services.compliance import State, compliance_for


def test_demo_records_hold_the_seed_facts_kept_and_missed_months_and_rerun_changes_nothing(db):
    demo.load()
    count = Activity.objects.count()
    for branch in Organization.objects.branches():
        assert branch.activities.exists(), branch

    # Seed 004: dated activities of 嘉泽中心小学, lectures by three people, appraisals twice a year.
    jiaze = Organization.objects.get(name="嘉泽中心小学党支部")
    days = set(jiaze.activities.values_list("date", flat=True))
    for day in ("2011-03-01", "2011-05-21", "2012-10-27", "2013-08-06"):
        assert datetime.date.fromisoformat(day) in days
    lecturers = set(jiaze.activities.filter(kind="lecture").values_list("lecturer", flat=True))
    assert {"钱志林", "赵伟琴", "庄国锋"} <= lecturers
    assert jiaze.activities.filter(kind="appraisal", date__month=1).exists()
    assert jiaze.activities.filter(kind="appraisal", date__month=6).exists()
    # Seeds 002/003: volunteer work.
    assert Activity.objects.filter(kind="volunteer", topic__contains="双报到").exists()
    assert Activity.objects.filter(kind="volunteer", topic__contains="送教下乡").exists()

    # This year: the calendar shows kept and missed months, and plans ahead.
    today = datetime.date.today()
    branch = Organization.objects.get(name="龙虎塘第二实验小学党支部")
    result = compliance_for([branch], year=today.year, today=today)[branch.id]
    states = {slot.state for row in result.months for slot in row.slots}
    assert State.KEPT in states and State.MISSING in states
    assert Activity.objects.filter(organization=branch, status="planned").exists()

    assert demo_activities.load() == 0
    assert Activity.objects.count() == count

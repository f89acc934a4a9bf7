"""People in development on the roster without a pipeline yet: their deadlines come from the
roster's stage dates through the same rules.next_due as a pipeline's, on the development home
panel and in the reminders; the branches' to-do has no development deadlines of its own."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Member, Movement, Organization
from branches.selectors.compliance import secretary_todo
from branches.services.roster import record_movement
from development import rules
from development.reminders import reminders
from development.selectors import due_rows, person_pipeline
from tests.development.helpers import D, applicant, pipeline_for
from tests.factories import MemberFactory, OrganizationFactory


@pytest.fixture
def branch(world):
    applicant(
        world.branch_a,
        "预备",
        application_date=D(2021, 3, 1),
        activist_date=D(2021, 9, 1),
        candidate_date=D(2022, 9, 1),
        admission_date=D(2023, 6, 1),
    )
    applicant(
        world.branch_a, "积极分子", application_date=D(2022, 9, 1), activist_date=D(2023, 3, 1)
    )
    return world.branch_a


def due_of(name, today):
    rows = due_rows({Member.objects.get(name=name).organization_id}, today)
    return {d.title: d for row in rows if row.member.name == name for d in row.due}


def test_probation_ending_within_60_days_is_due_with_its_date(branch):
    due = due_of("预备", D(2024, 5, 1))
    ending = due["预备期 2024-06-01 期满，提出转正申请"]
    assert ending.due == D(2024, 6, 1) and not ending.overdue


def test_probation_ending_later_is_not_due_yet(branch):
    assert not [title for title in due_of("预备", D(2024, 3, 1)) if "期满" in title]


def test_an_extension_moves_the_end_of_probation(branch):
    Member.objects.filter(name="预备").update(probation_extension_months=6)
    assert not [title for title in due_of("预备", D(2024, 5, 1)) if "期满" in title]
    assert "预备期 2024-12-01 期满，提出转正申请" in due_of("预备", D(2024, 11, 1))


def test_overdue_probation_stays_on_the_list(branch):
    assert due_of("预备", D(2024, 8, 1))["预备期 2024-06-01 期满，提出转正申请"].overdue


def test_activist_after_one_year_may_become_a_candidate(branch):
    assert "可确定为发展对象（已满一年）" not in due_of("积极分子", D(2024, 2, 1))
    due = due_of("积极分子", D(2024, 3, 1))
    assert due["可确定为发展对象（已满一年）"].due == D(2024, 3, 1)


def test_the_half_year_assessment_of_an_activist_is_due(branch):
    assessment = due_of("积极分子", D(2023, 8, 1))["积极分子半年考察"]
    assert assessment.due == D(2023, 9, 1) and not assessment.overdue


def test_people_who_left_are_not_due(branch):
    record_movement(
        member=Member.objects.get(name="预备"), kind=Movement.Kind.TRANSFER_OUT, date=D(2024, 4, 1)
    )
    assert not due_of("预备", D(2024, 5, 1))


def test_starting_the_pipeline_keeps_the_same_deadlines(branch):
    today = D(2024, 5, 1)
    before = due_of("预备", today)
    person = Member.objects.get(name="预备")
    pipeline_for(person)
    after = {d.title: d for d in person_pipeline(person, today).due}
    assert before and before == after
    rows = due_rows({branch.pk}, today)
    assert {row.member.name: row.pipeline is not None for row in rows} == {
        "预备": True,
        "积极分子": False,
    }


def test_the_home_panel_and_reminders_link_to_the_person_page_to_start_the_pipeline(
    world, branch, client_for
):
    today = datetime.date.today()
    applicant(branch, "新申请人", application_date=today - datetime.timedelta(days=40))
    url = reverse("development:person", args=[Member.objects.get(name="新申请人").pk])
    page = client_for(world.secretary_a).get(reverse("home")).content.decode()
    panel = page[page.index('id="development-home"') :]
    assert "新申请人" in panel and "尚未建立发展流程" in panel and url in panel
    # The branches' to-do no longer lists development deadlines (one owner: this app).
    assert "todo-development" not in page
    (todo,) = secretary_todo([branch], today=today)
    assert not hasattr(todo, "development")
    items = reminders(list(Organization.objects.filter(pk=branch.pk)), today)
    talk = next(item for item in items if item["title"].startswith("新申请人："))
    assert talk["title"] == "新申请人：派人谈话（尚未建立发展流程）"
    assert talk["overdue"] and talk["url"] == url


def test_the_probation_end_is_one_definition(branch):
    person = Member.objects.get(name="预备")
    assert person.probation_ends_on == rules.probation_ends(D(2023, 6, 1)) == D(2024, 6, 1)


def test_due_rows_run_the_same_queries_for_few_and_many(world, django_assert_num_queries):
    organizations = [OrganizationFactory(school=world.school_a) for _ in range(2)]
    ids = {org.pk for org in organizations}

    def people(n):
        for org in organizations:
            for _ in range(n):
                MemberFactory(
                    organization=org,
                    application_date=D(2022, 1, 1),
                    activist_date=D(2022, 6, 1),
                    admission_date=D(2023, 6, 1),
                    full_date=None,
                )
            newcomer = MemberFactory(
                organization=org,
                application_date=D(2024, 4, 1),
                admission_date=None,
                full_date=None,
            )
            pipeline_for(newcomer)

    people(1)
    with django_assert_num_queries(3):
        assert len(due_rows(ids, D(2024, 5, 1))) == 4
    people(4)
    with django_assert_num_queries(3):
        assert len(due_rows(ids, D(2024, 5, 1))) == 14

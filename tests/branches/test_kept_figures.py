"""Kept figures (branches.kept): the compliance figures read from the cache under each
organisation's data version always equal a full recomputation, after any sequence of writes
through the services (records filed, edited, deleted and restored, attendance changed, members
added, renamed, moved out and back, committees and groups changed)."""

import contextlib
import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from branches.models import Activity, DeletedActivity, Member, Movement, Organization, PartyGroup
from branches.selectors.compliance import (
    Summary,
    _todos,
    compliance_for,
    compliance_summaries,
    compute_compliance,
    secretary_todo,
)
from branches.selectors.ledger import member_totals
from branches.selectors.roster import MEMBER_COUNTS, member_count_annotations, member_counts
from branches.services.activities import Filing, delete_activity, file_activity
from branches.services.roster import record_movement, save_committee, update_member
from branches.services.trash import restore_activity
from portal.models import DataVersion
from tests.factories import TODAY, member, record

pytestmark = pytest.mark.usefixtures("kept_figures")


@pytest.fixture
def kept_figures(settings):
    settings.KEPT_FIGURES = True  # on in production; the other tests compute every time


KINDS = ["theme_day", "committee_meeting", "general_meeting", "lecture", "study", "talk"]


def _check(organizations, today=TODAY):
    """The kept figures (read twice: computed then cached) equal a full recomputation, for each
    organisation alone and all together, this year and last, with and without `since`."""
    for year, since in (
        (today.year, None),
        (today.year - 1, None),
        (today.year, TODAY.replace(month=8)),
    ):
        fresh = compute_compliance(organizations, year=year, today=today, since=since)
        if since is None:
            # The totals read in bulk (the overview, the roll-up) before the full figures: both
            # kept along the way must be those of each organisation computed alone.
            expected = {org.id: Summary.of(fresh[org.id]) for org in organizations}
            for _ in range(2):
                bulk = compliance_summaries(organizations, year=year, today=today)
                assert bulk == expected, year
        for _ in range(2):
            together = compliance_for(organizations, year=year, today=today, since=since)
            assert together == fresh, (year, since)
        for org in organizations:
            alone = compliance_for([org], year=year, today=today, since=since)
            assert alone[org.id] == fresh[org.id], (org, year, since)
    # The home's to-do (kept whole per organisation and day): what it lists, field by field.
    fresh_todos = _todos(organizations, today, 3, 5)
    for _ in range(2):
        for todo in secretary_todo(organizations, today=today):
            assert _todo_lines(todo) == _todo_lines(fresh_todos[todo.organization.id])
    # The roster counts the roll-up reads (kept too), as of today and as of a year-end.
    ids = [org.id for org in organizations]
    for on in (today, datetime.date(today.year - 1, 12, 31)):
        expected = {
            org.id: dict(zip(MEMBER_COUNTS, counts, strict=True))
            for org, *counts in (
                (org, *(getattr(org, name) for name in MEMBER_COUNTS))
                for org in Organization.objects.filter(id__in=ids).annotate(
                    **member_count_annotations(on)
                )
            )
        }
        for _ in range(2):
            assert member_counts(ids, on) == expected, on


def _todo_lines(todo):
    return (
        todo.compliance,
        todo.month,
        todo.quarter,
        todo.year,
        todo.overdue,
        [(a.pk, a.kind, a.date, a.topic, a.group_id) for a in todo.planned],
        [(w.message, w.severity, w.due_on) for w in todo.committee],
    )


def _file(rng, org, people, activity=None):
    kind = activity.kind if activity else rng.choice(KINDS)
    day = TODAY - datetime.timedelta(days=rng.randrange(1, 500))
    values = {"topic": "学习", "status": rng.choice(["held", "held", "planned"]), "date": day}
    if values["status"] == "planned":
        values["date"] = TODAY + datetime.timedelta(days=rng.randrange(1, 30))
    on_roster = [p for p in people if p.organization_id == org.id]
    if kind == "lecture":
        values["lecturer"] = rng.choice([p.name for p in on_roster] or ["某某"])
    if kind in ("study",):
        values["hours"] = Decimal(rng.choice([2, 4, 8, 16]))
    if kind == "talk":
        if len(on_roster) < 2:
            return None
        values["talker"], values["talkee"] = rng.sample(on_roster, 2)
    absences = {p.id: "sick" for p in on_roster if rng.random() < 0.3}
    try:
        with transaction.atomic():
            return file_activity(
                actor=None,
                organization=org,
                kind=kind,
                values=values,
                filing=Filing(absences=absences),
                activity=activity,
                today=TODAY,
            )
    except ValidationError:  # a refused filing (a talk partner off the roster that day): no change
        return None


@pytest.mark.parametrize("seed", range(4))
def test_kept_compliance_equals_a_full_recomputation_after_random_writes(world, seed):
    rng = random.Random(seed)
    orgs = [world.branch_a, world.branch_b]
    people = [member(rng.choice(orgs), f"党员{i}") for i in range(8)]
    _check(orgs)
    for _step in range(25):
        action = rng.choice(
            ["file", "file", "edit", "delete", "restore", "rename", "move", "committee", "group"]
        )
        activities = list(Activity.objects.filter(organization__in=orgs))
        if action == "file":
            _file(rng, rng.choice(orgs), people)
        elif action == "edit" and activities:
            activity = rng.choice(activities)
            _file(rng, activity.organization, people, activity=activity)
        elif action == "delete" and activities:
            delete_activity(actor=world.admin, activity=rng.choice(activities))
        elif action == "restore":
            trash = list(DeletedActivity.objects.filter(restored_at__isnull=True))
            if trash:
                # Refused when its talk partner was deleted since: nothing saved.
                with contextlib.suppress(ValidationError):
                    restore_activity(deleted=rng.choice(trash), actor=world.admin)
        elif action == "rename":
            person = Member.objects.get(pk=rng.choice(people).pk)
            person.name = f"{person.name}甲"
            update_member(member=person)
        elif action == "move":
            person = Member.objects.get(pk=rng.choice(people).pk)
            kind = Movement.Kind.TRANSFER_IN if person.left_on else Movement.Kind.TRANSFER_OUT
            day = max(person.left_on or datetime.date(2025, 1, 1), datetime.date(2025, 1, 1))
            day += datetime.timedelta(days=rng.randrange(0, 200))
            # Refused by the roster rules: nothing saved.
            with contextlib.suppress(ValidationError), transaction.atomic():
                record_movement(member=person, kind=kind, date=min(day, TODAY))
        elif action == "committee":
            org = rng.choice(orgs)
            on_roster = list(Member.objects.filter(organization=org))
            if on_roster:
                term = org.committees.first() or org.committees.model(
                    organization=org,
                    term_start=datetime.date(2025, rng.randrange(1, 12), 1),
                    term_end=datetime.date(2028, 1, 1),
                )
                chosen = rng.sample(on_roster, min(2, len(on_roster)))
                posts = list(zip(chosen, ["secretary", "organization"], strict=False))
                save_committee(committee=term, posts=posts)
        elif action == "group":
            org = rng.choice(orgs)
            PartyGroup.objects.create(organization=org, name=f"第{_step}党小组")
        people = list(Member.objects.filter(pk__in=[p.pk for p in people]))
        _check(orgs)


def test_a_write_rolled_back_leaves_no_kept_figure_behind(world):
    org = world.branch_a
    member(org, "王芳")
    before = compliance_for([org], year=2026, today=TODAY)[org.id]
    with pytest.raises(RuntimeError), transaction.atomic():
        record(org, "theme_day", datetime.date(2026, 4, 10))
        # Read inside the transaction: figures with the record, under the new token...
        assert compliance_for([org], year=2026, today=TODAY)[org.id] != before
        raise RuntimeError
    # ...which went with the rollback: the figures are those without the record again.
    assert compliance_for([org], year=2026, today=TODAY)[org.id] == before
    record(org, "theme_day", datetime.date(2026, 5, 10))
    assert compliance_for([org], year=2026, today=TODAY) == compute_compliance(
        [org], year=2026, today=TODAY
    )


def test_figures_of_an_organisation_without_a_version_are_computed_not_kept(world):
    org = world.branch_a
    DataVersion.objects.filter(organization_id=org.id).delete()
    member(org, "王芳")
    compliance_for([org], year=2026, today=TODAY)
    Activity.objects.create(organization=org, kind="theme_day", date=datetime.date(2026, 4, 1))
    result = compliance_for([org], year=2026, today=TODAY)[org.id]
    assert result == compute_compliance([org], year=2026, today=TODAY)[org.id]


def test_the_command_renews_every_version_and_checks_the_kept_figures(world):
    member(world.branch_a, "王芳")
    record(world.branch_a, "theme_day", datetime.date(2026, 4, 10))
    before = dict(DataVersion.objects.values_list("organization_id", "token"))
    DataVersion.objects.filter(organization_id=world.branch_b.id).delete()
    out = io.StringIO()
    call_command("keep_figures", stdout=out)
    after = dict(DataVersion.objects.values_list("organization_id", "token"))
    assert set(after) >= {world.branch_a.id, world.branch_b.id}
    assert after[world.branch_a.id] != before[world.branch_a.id]
    call_command("keep_figures", "--check", stdout=out)
    assert "一致" in out.getvalue()


def test_the_to_do_reads_the_kept_figures_in_one_query_the_second_time(
    world, django_assert_num_queries
):
    cache.clear()
    member(world.branch_a, "王芳")
    record(world.branch_a, "theme_day", datetime.date(2026, 4, 10))
    with django_assert_num_queries(7):  # the version, compliance's six
        compliance_for([world.branch_a], year=2026, today=TODAY)
    with django_assert_num_queries(1):  # the version only
        compliance_for([world.branch_a], year=2026, today=TODAY)
    # The to-do: computed once (the version, compliance's, planned records, committee warnings'),
    # then read whole.
    secretary_todo([world.branch_a], today=TODAY)
    with django_assert_num_queries(1):  # the version only
        todo = secretary_todo([world.branch_a], today=TODAY)[0]
    assert any(slot.kind == "theme_day" for _label, slot in todo.overdue_items)


def test_a_write_renews_only_its_organisations_totals(world, django_assert_num_queries):
    cache.clear()
    a, b = world.branch_a, world.branch_b
    member(a, "王芳")
    member(b, "李强")
    record(b, "theme_day", datetime.date(2026, 3, 10))
    before = compliance_summaries([a, b], year=2026, today=TODAY)
    tokens = dict(DataVersion.objects.values_list("organization_id", "token"))
    record(a, "theme_day", datetime.date(2026, 4, 10))
    after = dict(DataVersion.objects.values_list("organization_id", "token"))
    assert {i for i in after if after[i] != tokens.get(i)} == {a.id}
    # The versions, then compliance's six queries for the one organisation written to.
    with django_assert_num_queries(7):
        summaries = compliance_summaries([a, b], year=2026, today=TODAY)
    assert summaries[b.id] == before[b.id]
    assert summaries[a.id].kept_count == before[a.id].kept_count + 1
    assert summaries[a.id] == Summary.of(compute_compliance([a], year=2026, today=TODAY)[a.id])
    fresh = compute_compliance([a], year=2026, today=TODAY)
    with django_assert_num_queries(1):  # the versions only; the full figures were kept too
        assert compliance_for([a], year=2026, today=TODAY) == fresh


def _totals(rows):
    return [(t.member.pk, t.member.name, t.expected, t.present, t.study_hours) for t in rows]


def test_the_ledger_totals_are_kept_until_a_record_or_the_roster_changes(
    world, django_assert_num_queries
):
    cache.clear()
    org, start = world.branch_a, datetime.date(2026, 1, 1)
    wang = member(org, "王芳")
    record(org, "theme_day", datetime.date(2026, 3, 10))
    first = member_totals(org, start, TODAY)
    with django_assert_num_queries(1):  # the version only
        assert _totals(member_totals(org, start, TODAY)) == _totals(first)
    record(org, "theme_day", datetime.date(2026, 4, 10), absences={wang.pk: "sick"})
    wang.name = "王芳芳"
    update_member(member=wang)
    kept_ = _totals(member_totals(org, start, TODAY))
    assert kept_ == _totals(member_totals([org.pk], start, TODAY))  # computed, not kept
    assert [row[1:4] for row in kept_] == [("王芳芳", 2, 1)]


def test_warming_keeps_every_organisations_figures_so_a_roll_up_computes_none(
    world, django_assert_num_queries
):
    member(world.branch_a, "王芳")
    record(world.branch_a, "theme_day", TODAY.replace(month=1, day=10))
    organizations = [world.branch_a, world.branch_b]
    cache.clear()
    out = io.StringIO()
    call_command("keep_figures", "--warm", stdout=out)
    assert "已预先计算" in out.getvalue()
    with django_assert_num_queries(1):  # the data versions; nothing computed
        warm = compliance_summaries(organizations, year=TODAY.year, today=TODAY)
    fresh = compute_compliance(organizations, year=TODAY.year, today=TODAY)
    assert warm == {org.id: Summary.of(fresh[org.id]) for org in organizations}

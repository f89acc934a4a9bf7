"""Query budgets: every main page runs exactly its budget of SQL queries on a small and on a larger
province (built with `generate_scale` at two tiny sizes), so no page hides an N+1.

Each budget below names its queries. Common to every page (4): the session, the user, and the
two role-row queries of `scope_for` (organisation roles; district reviewer and district
administrator rows, one union query).
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from branches.models import Activity, DistrictReviewer, Member, Organization
from devdata import scale
from reports.models import Report

SMALL = {"districts": 2, "schools": 2, "organizations": 3, "members": 45, "years": 2}
LARGE = {"districts": 2, "schools": 6, "organizations": 12, "members": 420, "years": 3}


def _subjects():
    """The objects each page is rendered for: the largest branch (with groups and a committee),
    its secretary, a member with movements, a held 党员大会 with agenda, a report with versions,
    and a reviewer of the branch's district."""
    branch = (
        Organization.objects.branches()
        .annotate(size=Count("members", distinct=True), group_count=Count("groups", distinct=True))
        .filter(group_count__gt=0, committees__isnull=False)
        .order_by("-size", "id")
        .first()
    )
    assert branch is not None, "the generated province needs a branch with groups and a committee"
    secretary = branch.roles.filter(role="secretary").first().user
    members = Member.objects.filter(organization=branch).order_by("-admission_date", "id")
    member = members.filter(movements__isnull=False).first() or members.first()
    activity = (
        Activity.objects.held()
        .filter(organization=branch, kind="general_meeting", agenda_items__isnull=False)
        .order_by("-date", "id")
        .first()
    )
    report = (
        Report.objects.filter(organization=branch)
        .annotate(n=Count("versions"))
        .order_by("-n", "-year")
        .first()
    )
    reviewer = DistrictReviewer.objects.filter(district=branch.school.district).first().user
    return branch, secretary, member, activity, report, reviewer


def _pages():
    branch, secretary, member, activity, report, reviewer = _subjects()
    district = branch.school.district
    return {
        "secretary home": (secretary, reverse("home")),
        "ledger": (secretary, reverse("branches:ledger", args=[branch.pk])),
        "calendar": (secretary, reverse("branches:compliance_calendar", args=[branch.pk])),
        "year plan": (secretary, reverse("branches:year_plan", args=[branch.pk]) + "?copy=1"),
        "roster": (secretary, reverse("branches:members", args=[branch.pk])),
        "member page": (secretary, reverse("branches:member", args=[member.pk])),
        "record page": (secretary, reverse("branches:activity", args=[activity.pk])),
        "report page": (reviewer, reverse("reports:detail", args=[report.pk])),
        "reviewer queue": (reviewer, reverse("reports:queue")),
        "district overview": (reviewer, reverse("overview:district", args=[district.pk])),
        "notifications": (secretary, reverse("notifications:list")),
    }


@pytest.fixture(scope="module", params=[SMALL, LARGE], ids=["small", "large"])
def province(request, django_db_setup, django_db_blocker):
    """{page: (user, url)} on a generated province of that size (removed afterwards)."""
    with django_db_blocker.unblock():
        call_command("generate_scale", seed=5, reset=True, stdout=io.StringIO(), **request.param)
        try:
            yield _pages()
        finally:
            scale.reset()


# Page -> its budget; every page also runs the 4 common queries (session, user, role rows x2).
# compliance_for first reads the organisations' data versions (branches.kept): +1 per call.
BUDGETS = {
    # + own organisations under the user's; organisation cards with group/child counts; to-do
    # (kept whole per organisation and day: the data versions, then): the organisations again, party groups, committees in office, record counts per month/kind
    # (in January-March from last year's October: a wider date range, not more queries),
    # last held record, study hours and talks per member, party members, planned records,
    # committee terms, members per organisation; party, full and probationary members today (one
    # aggregate); returned reports with their comments; dues (本月党费 and arrears): the branches,
    # the data versions, their members, bases, reductions, payments (kept per organisation and
    # day: dues.home); 发展党员 (development.home, the one owner of
    # development deadlines): the active pipelines (their steps: a prefetch when any), the people
    # in development on the roster without a pipeline; member accounts (selfservice): the user's
    # own member account, the branches to open accounts in.
    "secretary home": 30,
    # + organisations under; the branch; the number of records (pagination); one page of
    # records with 应到/实到 counts and group/talker/talkee;
    # prefetches of agenda items, absentees (with names), appraisals (with members);
    # per-member totals (the data version, the members, one aggregate over the period's
    # records; kept per organisation and period: branches.kept).
    "ledger": 14,
    # + organisations under; the branch; compliance_for's six queries (groups, committees,
    # record counts per month, last record, study hours and talks, party members); planned
    # records of the period; the talk pairs' three (held talks, party members, committee); the
    # 党费 row (dues.calendar_rows): members, bases, reductions, payments of the period.
    "calendar": 21,
    # + organisations under; the branch; the year's planned records; last year's records to
    # copy (month, kind, topic).
    "year plan": 8,
    # + organisations under; the branch; organisations below it; work units for the filter;
    # the page count; roster counts as of the day (stages, groups, units: three aggregates);
    # groups for the filter; one page of members with group and organisation.
    "roster": 14,
    # + organisations under; the member with organisation and school; movements; history of the
    # member, movements, honours and posts (four; the names of the party groups it mentions are
    # one more query, none here); who revealed their personal data (the secretary may reveal, so
    # sees the reveals); posts; honours.
    "member page": 14,
    # + organisations under; the record with organisation, group, talker, talkee; attendance with
    # members; agenda items; appraisals with members; attachments; the audit trail: the record's
    # history and its attendance history (three); members' own confirmations (selfservice).
    "record page": 14,
    # + the report; versions; comments; statistics.compute twice (this period and the previous
    # one): organisations under, activities by kind, the compliance rules (organisations and six
    # queries), 2 roster aggregates, hours, honours, dues (members, bases, reductions, payments,
    # remittances), 18 each, + the data versions of the organisations under (kept under them:
    # reports.selectors.statistics): 19 each; the report's history (one query; the generator writes none: with
    # history rows, +1 for the earlier versions, +3 for the names of author, committee and
    # reviewer, at most 50 whatever their number); the period's projects (projects: one query,
    # their figures six more when there are any).
    "report page": 49,
    # + the number of reports (pagination); one page of reports with version counts;
    # organisations under them; the data versions and their records and rosters for the key
    # figures (two queries; kept per organisation and period: branches.kept); the number
    # waiting; schools for the filter.
    "reviewer queue": 12,
    # + the reviewer's districts; the district's organisations; the data versions and
    # compliance's six queries; the data versions again and records per organisation and month,
    # attendance per organisation and month (kept per organisation: branches.kept); reports; the
    # monthly attendance chart; stages; development and movements; honours by level; the district
    # chooser; the schools for the filter; dues (kept per organisation: the data versions, then)
    # members, bases, reductions, payments, remittances.
    "district overview": 28,
    # + organisations under; who is reminded of what (secretary/committee roles, organisations
    # under them, reviewer rows, the digest setting); the branches; the reminders of the apps
    # (branches: the to-do, kept: the versions, then its nine: groups, committees, record
    # counts, last record, study hours and talks, party members, planned records, committees
    # in office, full members; dues:
    # members, bases, reductions, payments; reports: returned reports; development: the active
    # pipelines, the people in development without a pipeline); the
    # sync in a savepoint (+2): existing rows, the new rows, resolved rows older than 90 days,
    # the unread count, the user row; the list. The bell of every page costs none (the number
    # is on the user row: tests/notifications/test_bell.py).
    "notifications": 36,
}


# Page -> its budget when viewed again with nothing changed (branches.kept): each compliance_for
# call reads one version row instead of running its six queries (the notifications page: and its
# sync inserts no new rows). The district overview reads the versions three times: every branch's
# kept compliance totals (compliance_summaries), every organisation's records and attendance per
# month (not its two queries), then the full figures of the 15 rows the page shows. The reviewer
# queue reads its key figures (records and rosters, two queries) kept per organisation and period,
# the ledger its per-member totals (members and one aggregate). The home's dues panel reads its
# month and arrears under the versions (not members, bases, reductions and payments); the report
# page each period's statistics (the organisations under and their versions, not 19 queries).
# The overview's dues table is read under the versions too (not members, bases, reductions,
# payments and remittances).
# The to-do (the home's panel, the notifications' reminders) is read whole under the versions:
# not its planned records and committee warnings (three queries), an extra version read.
KEPT = {
    "secretary home": 16,
    "ledger": 12,
    "calendar": 15,
    "report page": 13,
    "district overview": 16,
    "reviewer queue": 10,
    "notifications": 25,
}


@pytest.mark.parametrize("page", list(BUDGETS))
def test_page_runs_its_budget_of_queries_on_a_small_and_a_larger_province(
    db, province, page, client, django_assert_num_queries, settings
):
    settings.KEPT_FIGURES = True  # as in production (the other tests compute every time)
    user, url = province[page]
    client.force_login(user)
    cache.clear()  # the first view after a change: no figure kept yet
    with django_assert_num_queries(BUDGETS[page], info=page):
        response = client.get(url)
    assert response.status_code == 200, (page, url, response.status_code)
    # Viewed again with nothing changed: the kept figures are read, not recomputed.
    with django_assert_num_queries(KEPT.get(page, BUDGETS[page]), info=page):
        response = client.get(url)
    assert response.status_code == 200, (page, url, response.status_code)

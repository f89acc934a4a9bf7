"""Home-page panels for secretaries, committee members and district reviewers."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Prefetch
from django.template.loader import render_to_string

from branches.models import District, Organization, School
from branches.models.organizations import LINEAGE, heads
from branches.scope import scope_for
from branches.selectors.compliance import secretary_todo
from branches.selectors.roster import member_count_annotations


def panels(request):
    scope = scope_for(request.user)
    result = []
    if scope.is_member:
        organizations = (
            Organization.objects.filter(id__in=scope.own_org_ids)
            .select_related("school__district", "parent")
            .annotate(
                group_count=Count("groups", distinct=True),
                child_count=Count("children", distinct=True),
            )
        )
        counts = _member_counts(scope, datetime.date.today())
        for org in organizations:
            org.roster = counts[org.id]
        result.append(
            render_to_string(
                "branches/home_member.html",
                {"organizations": organizations, "scope": scope},
                request=request,
            )
        )
        result.append(_todo_panel(request, scope))
    if scope.is_reviewer:
        districts = District.objects.filter(id__in=scope.reviewer_district_ids).prefetch_related(
            Prefetch(
                "schools",
                queryset=School.objects.annotate(org_count=Count("organizations")).order_by("name"),
            )
        )
        result.append(
            render_to_string(
                "branches/home_reviewer.html", {"districts": districts}, request=request
            )
        )
    if scope.is_admin:
        districts = District.objects.annotate(
            school_count=Count("schools", distinct=True),
            organization_count=Count("schools__organizations", distinct=True),
        )
        result.append(
            render_to_string("branches/home_admin.html", {"districts": districts}, request=request)
        )
    return result


def _member_counts(scope, today):
    """Party members on the roster today for each of the user's organisations, including the
    organisations under a 党委/党总支 (one query)."""
    counts = defaultdict(Counter)
    rows = (
        Organization.objects.filter(id__in=scope.member_org_ids)
        .annotate(**member_count_annotations(today))
        .values_list(*LINEAGE, "party_member_count", "full_member_count", "probationary_count")
    )
    for *lineage, party, full, probationary in rows:
        for owner in heads(lineage, scope.own_org_ids):
            counts[owner].update(party=party, full=full, probationary=probationary)
    return counts


def _todo_panel(request, scope):
    """The to-do list (activities, roster steps, committee terms) of the user's branches,
    including those under a 党委/党总支 they lead."""
    branches = Organization.objects.filter(id__in=scope.member_org_ids).branches()
    todos = secretary_todo(branches.select_related("school").order_by("name"))
    return render_to_string("branches/activities/home_todo.html", {"todos": todos}, request=request)

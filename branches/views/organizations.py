from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import (
    REVIEW,
    VIEW,
    get_district_for_user,
    get_organization_for_user,
    reviewed_districts,
)
from branches.models import Organization, School
from branches.scope import scope_for


@login_required
def my_organization(request):
    """The secretary's shortcut: straight to their organisation (or a choice if several)."""
    scope = scope_for(request.user)
    organizations = list(
        Organization.objects.filter(id__in=scope.own_org_ids).select_related("school")
    )
    if not organizations:
        raise Http404
    if len(organizations) == 1:
        return redirect("branches:organization", pk=organizations[0].pk)
    return render(request, "branches/organization_choice.html", {"organizations": organizations})


# The phone menu's shortcuts: the page of the user's branch, or a choice when they keep several.
SHORTCUTS = {
    "file": ("branches:activity_choose", gettext_lazy("登记活动")),
    "ledger": ("branches:ledger", gettext_lazy("台账")),
    "calendar": ("branches:compliance_calendar", gettext_lazy("合规日历")),
}


@login_required
def my_shortcut(request, page):
    """登记活动 / 台账 / 合规日历 of the branch the user keeps (the branches under a 党委 too)."""
    if page not in SHORTCUTS:
        raise Http404
    target, title = SHORTCUTS[page]
    scope = scope_for(request.user)
    branches = list(
        Organization.objects.filter(
            id__in=scope.member_org_ids, kind=Organization.Kind.BRANCH
        ).select_related("school")
    )
    if not branches:
        raise Http404
    if len(branches) == 1:
        return redirect(target, pk=branches[0].pk)
    context = {"organizations": branches, "target": target, "title": title}
    return render(request, "branches/organization_choice.html", context)


@login_required
def organization_detail(request, pk):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    children = organization.children.annotate(group_count=Count("groups")).order_by("name")
    context = {
        "organization": organization,
        "children": children,
        "groups": organization.groups.all(),
        "roles": organization.roles.current().select_related("user"),
        "can_edit": scope_for(request.user).can("edit", organization),
    }
    return render(request, "branches/organization_detail.html", context)


@login_required
def district_list(request):
    districts = reviewed_districts(request.user, _("只有教育局审阅人可以查看区县概览。"))
    districts = list(districts.annotate(school_count=Count("schools")))
    if len(districts) == 1 and not scope_for(request.user).is_admin:
        return redirect("branches:district", pk=districts[0].pk)
    return render(request, "branches/district_list.html", {"districts": districts})


@login_required
def district_detail(request, pk):
    district = get_district_for_user(request.user, pk, action=REVIEW)
    schools = School.objects.filter(district=district).prefetch_related(
        Prefetch(
            "organizations",
            queryset=Organization.objects.annotate(group_count=Count("groups")).order_by(
                "kind", "name"
            ),
        )
    )
    return render(
        request, "branches/district_detail.html", {"district": district, "schools": schools}
    )

"""Roster pages: members, who is due for a next step, committees and honours."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from branches.access import (
    EDIT,
    VIEW,
    get_committee_for_user,
    get_honour_for_user,
    get_member_for_user,
    get_organization_for_user,
    may_see_personal_data,
    personal_data_org_ids,
    require_personal_data_access,
    require_role,
)
from branches.exports.resources import MemberResource
from branches.forms.roster import (
    CommitteeForm,
    HonourForm,
    MemberCreateForm,
    MemberForm,
    MovementForm,
    NumberSearchForm,
    RosterFilter,
)
from branches.models import (
    Committee,
    CommitteePost,
    Honour,
    Member,
    Organization,
    PartyGroup,
    PersonalDataReveal,
)
from branches.scope import scope_for
from branches.selectors.roster import (
    committee_warnings,
    member_count_annotations,
    member_history,
    roster_counts,
)
from branches.services import roster as services
from portal import spreadsheets
from portal.downloads import DownloadResponse
from portal.submissions import submit_once
from portal.versioning import StaleEdit, conflict_status

PAGE_SIZE = 50


def post_rank():
    """书记 first, then 副书记, 组织, 宣传, 纪检, other members."""
    whens = [When(post=post, then=Value(rank)) for rank, post in enumerate(CommitteePost.Post)]
    return Case(*whens, default=Value(99))


def _can_edit(user, organization):
    return scope_for(user).can(EDIT, organization)


@login_required
def member_list(request, pk):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    org_ids = Organization.objects.subtree_ids(organization)
    members = Member.objects.filter(organization_id__in=org_ids)
    roster = RosterFilter(
        request.GET,
        queryset=members.select_related("group", "organization"),
        groups=PartyGroup.objects.filter(organization_id__in=org_ids).select_related(
            "organization"
        ),
        units=members.exclude(work_unit="")
        .order_by("work_unit")
        .values_list("work_unit", flat=True)
        .distinct(),
    )
    page = Paginator(roster.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "filter": roster,
        "page": page,
        "on": roster.on_date,
        "counts": roster_counts(org_ids, roster.on_date),
        "can_edit": _can_edit(request.user, organization),
        "can_find_by_number": bool(personal_data_org_ids(request.user, org_ids)),
        "number_form": NumberSearchForm(),
    }
    return render(request, "branches/roster/member_list.html", context)


@login_required
def member_detail(request, pk):
    member = get_member_for_user(request.user, pk, action=VIEW)
    return render(request, "branches/roster/member_detail.html", _member_page(request, member))


def _member_page(request, member, revealed=None):
    """The member page's context. 身份证号 and phone are masked; `revealed` {field: value} holds
    what the user has just revealed (never anything else)."""
    movements = list(member.movements.all())
    timeline = sorted(
        [(day, label, "stage") for day, label in member.stage_timeline()]
        + [(m.date, m.get_kind_display(), "movement", m.reason) for m in movements],
        key=lambda item: item[0],
    )
    can_reveal = may_see_personal_data(request.user, member.organization)
    return {
        "member": member,
        "organization": member.organization,
        "timeline": timeline,
        "honours": member.honours.all(),
        "posts": member.committee_posts.select_related("committee").order_by(
            "-committee__term_start", post_rank()
        ),
        "warnings": member.warnings(),
        "party_years": member.party_years(datetime.date.today()),
        "history": member_history(member, with_reveals=can_reveal),
        "can_reveal": can_reveal,
        "revealed": revealed or {},
        "can_edit": _can_edit(request.user, member.organization),
    }


@login_required
@require_POST
@never_cache
def member_reveal(request, pk, field):
    """One tap on 显示: the full 身份证号 or phone, written to the audit trail. htmx swaps the
    value in place; without JavaScript the member page comes back with the value shown."""
    if field not in PersonalDataReveal.Field.values:
        raise Http404
    member = get_member_for_user(request.user, pk, action=VIEW)
    require_personal_data_access(request.user, member.organization)
    value = services.reveal_personal_data(member=member, field=field, actor=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "branches/roster/_revealed.html", {"value": value})
    context = _member_page(request, member, revealed={field: value})
    return render(request, "branches/roster/member_detail.html", context)


@login_required
@require_POST
@never_cache
def member_find(request, pk):
    """Find a member by full 身份证号 or phone, sent by POST so the number is never in a URL (nor
    in an access log or the browser history). Searches only members whose numbers the user may
    reveal."""
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    org_ids = personal_data_org_ids(request.user, Organization.objects.subtree_ids(organization))
    if not org_ids:
        require_personal_data_access(request.user, organization)
    form = NumberSearchForm(request.POST)
    found = (
        form.matches(Member.objects.filter(organization_id__in=org_ids)) if form.is_valid() else []
    )
    if len(found) == 1:
        return redirect("branches:member", pk=found[0].pk)
    if not found:
        error = form.errors.get("number") or [_("没有找到这个身份证号或电话的党员。")]
        messages.warning(request, error[0])
        return redirect("branches:members", pk=organization.pk)
    context = {"organization": organization, "members": found}
    return render(request, "branches/roster/member_found.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def member_create(request, pk):
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    form = MemberCreateForm(request.POST or None, instance=Member(organization=organization))
    if request.method == "POST" and form.is_valid():
        member = services.add_member(
            member=form.save(commit=False),
            joined_on=form.cleaned_data["joined_on"],
            joined_from=form.cleaned_data["joined_from"],
            actor=request.user,
        )
        messages.success(request, _("已添加党员 %(name)s。") % {"name": member.name})
        return redirect("branches:member", pk=member.pk)
    return render(
        request,
        "branches/roster/member_form.html",
        {"form": form, "organization": organization, "member": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def member_edit(request, pk):
    member = get_member_for_user(request.user, pk, action=EDIT)
    form, conflict = MemberForm(request.POST or None, instance=member), None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(member=form.save(commit=False), actor=request.user)
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        else:
            messages.success(request, _("已保存 %(name)s 的信息。") % {"name": member.name})
            return redirect("branches:member", pk=member.pk)
    context = {"form": form, "organization": member.organization, "member": member}
    return render(
        request,
        "branches/roster/member_form.html",
        {**context, "edit_conflict": conflict},
        status=conflict_status(conflict),
    )


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def movement_create(request, pk):
    member = get_member_for_user(request.user, pk, action=EDIT)
    form, conflict = MovementForm(request.POST or None, member=member), None
    if request.method == "POST" and form.is_valid():
        try:
            services.record_movement(
                member=member,
                actor=request.user,
                expected_version=form.expected_version,
                **form.cleaned_data,
            )
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)  # a dict of errors lands next to its fields
        else:
            messages.success(request, _("已记录组织关系变动。"))
            return redirect("branches:member", pk=member.pk)
    context = {"form": form, "member": member, "organization": member.organization}
    return render(
        request,
        "branches/roster/movement_form.html",
        {**context, "edit_conflict": conflict},
        status=conflict_status(conflict),
    )


@login_required
def member_export(request, pk):
    """The roster of the organisation (and those under it) as .xlsx, personal data masked."""
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    queryset = Member.objects.filter(
        organization_id__in=Organization.objects.subtree_ids(organization)
    ).select_related("organization", "group", "introducer_1", "introducer_2")
    dataset = MemberResource(organization=organization).export(queryset)
    return DownloadResponse(
        io.BytesIO(spreadsheets.dataset_xlsx(dataset)),
        as_attachment=True,
        filename=f"{organization.name}党员名册{datetime.date.today():%Y%m%d}.xlsx",
        content_type=spreadsheets.XLSX_TYPE,
    )


@login_required
def committee_list(request, pk):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    today = datetime.date.today()
    posts = CommitteePost.objects.select_related("member").order_by(post_rank(), "member__name")
    committees = (
        organization.committees.prefetch_related(Prefetch("posts", queryset=posts))
        .annotate(member_count=Count("posts__member", distinct=True))
        .order_by("-term_start")
    )
    organizations = Organization.objects.filter(
        id__in=Organization.objects.subtree_ids(organization)
    ).order_by("kind", "name")
    context = {
        "organization": organization,
        "committees": [(c, c.status_on(today), c.days_left(today)) for c in committees],
        "warnings": committee_warnings(organizations, today),
        "can_edit": _can_edit(request.user, organization),
        "today": today,
    }
    return render(request, "branches/roster/committee_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def committee_create(request, pk):
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    return _committee_form(request, organization, Committee(organization=organization))


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def committee_edit(request, pk):
    committee = get_committee_for_user(request.user, pk, action=EDIT)
    return _committee_form(request, committee.organization, committee)


def _committee_form(request, organization, committee):
    form, conflict = CommitteeForm(request.POST or None, instance=committee), None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_committee(
                committee=form.save(commit=False), posts=form.posts(), actor=request.user
            )
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        else:
            messages.success(request, _("已保存支委会。"))
            return redirect("branches:committees", pk=organization.pk)
    context = {"form": form, "organization": organization, "committee": committee}
    return render(
        request,
        "branches/roster/committee_form.html",
        {**context, "edit_conflict": conflict},
        status=conflict_status(conflict),
    )


@login_required
def honour_list(request, pk):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    honours = (
        Honour.objects.filter(organization_id__in=Organization.objects.subtree_ids(organization))
        .select_related("organization__school", "member")
        .order_by("-year", "level", "title")
    )
    context = {
        "organization": organization,
        "honours": honours,
        "can_edit": _can_edit(request.user, organization),
    }
    return render(request, "branches/roster/honour_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def honour_create(request, pk):
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    return _honour_form(request, organization, Honour(organization=organization))


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def honour_edit(request, pk):
    honour = get_honour_for_user(request.user, pk, action=EDIT)
    return _honour_form(request, honour.organization, honour)


def _honour_form(request, organization, honour):
    form, conflict = HonourForm(request.POST or None, instance=honour), None
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        else:
            messages.success(request, _("已保存表彰。"))
            return redirect("branches:honours", pk=organization.pk)
    context = {"form": form, "organization": organization, "honour": honour}
    return render(
        request,
        "branches/roster/honour_form.html",
        {**context, "edit_conflict": conflict},
        status=conflict_status(conflict),
    )


@login_required
def roster_overview(request):
    """党员名册 in the menu: a secretary goes to their roster; a reviewer sees every organisation
    of their districts with today's counts (one query for the table)."""
    scope = require_role(request.user)
    if scope.is_member and not scope.is_reviewer and not scope.is_admin:
        own = sorted(scope.own_org_ids)
        if len(own) == 1:
            return redirect("branches:members", pk=own[0])
    today = datetime.date.today()
    organizations = (
        Organization.objects.visible_to(request.user)
        .select_related("school__district", "parent")
        .annotate(**member_count_annotations(today))
        .order_by(
            "school__district__city", "school__district__name", "school__name", "kind", "name"
        )
    )
    return render(
        request,
        "branches/roster/overview.html",
        {"organizations": organizations, "today": today},
    )

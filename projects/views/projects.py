"""Projects pages: an organisation's projects, a project (records, people, hours, honours,
milestones on a timeline, history), its forms, and the district's list with its review and export."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.access import (
    EDIT,
    REVIEW,
    VIEW,
    get_district_for_user,
    get_organization_for_user,
)
from branches.models import Organization
from branches.models.activities import HOURS_KINDS, Kind
from branches.scope import scope_for
from portal.downloads import DownloadResponse
from portal.history import history_rows
from portal.submissions import submit_once
from portal.versioning import StaleEdit, conflict_status
from projects import exports
from projects.access import get_milestone_for_user, get_project_for_user
from projects.forms.projects import MilestoneForm, PickForm, ProjectForm, ReviewForm
from projects.models import Milestone, Project, ProjectHonour, ProjectMember, ProjectRecord
from projects.selectors.figures import figures_for, people_of, tagged_records
from projects.services import projects as services

# Kinds offered as "file a new record into this project" (the usual evidence of a project).
FILING_KINDS = (Kind.THEME_DAY, Kind.VOLUNTEER, Kind.STUDY, Kind.OTHER)


def _listed(queryset):
    return list(
        queryset.select_related("organization__school", "group", "leader").order_by(
            "-start_date", "title", "id"
        )
    )


@login_required
def organization_projects(request, pk):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    projects = _listed(
        Project.objects.filter(
            organization_id__in=Organization.objects.subtree([organization]).values("id")
        ).visible_to(request.user)
    )
    figures = figures_for(projects)
    context = {
        "organization": organization,
        "rows": [(project, figures[project.id]) for project in projects],
        "can_edit": scope_for(request.user).can(EDIT, organization),
        "today": datetime.date.today(),
    }
    return render(request, "projects/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def create(request, pk):
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    initial = {"start_date": datetime.date.today()}
    form = ProjectForm(request.POST or None, initial=initial, organization=organization)
    return _save(request, organization, form, None)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def edit(request, pk):
    project = get_project_for_user(request.user, pk, action=EDIT)
    form = ProjectForm(request.POST or None, instance=project, organization=project.organization)
    return _save(request, project.organization, form, project)


def _save(request, organization, form, project):
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_project(
                project=form.save(commit=False), team=form.team(), actor=request.user
            )
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存项目：%(title)s") % {"title": saved.title})
            return redirect("projects:detail", pk=saved.pk)
    context = {"organization": organization, "form": form, "project": project, "conflict": conflict}
    status = conflict_status(conflict, 400 if form.is_bound else 200)
    return render(request, "projects/form.html", context, status=status)


def _detail_context(request, project):
    records = list(tagged_records(project).with_counts().select_related("organization", "group"))
    figures = figures_for([project])[project.id]
    milestones = list(project.milestones.all())
    honours = list(project.honours.select_related("member", "organization__school"))
    organization = project.organization
    scope = scope_for(request.user)
    history = history_rows(project.history.all(), exclude=("id", "organization"), limit=30)
    links = history_rows(
        ProjectRecord.history.filter(project_id=project.pk).select_related("activity"),
        exclude=("id", "project"),
        limit=30,
    )
    honour_links = history_rows(
        ProjectHonour.history.filter(project_id=project.pk), exclude=("id", "project"), limit=30
    )
    team_history = history_rows(
        ProjectMember.history.filter(project_id=project.pk), exclude=("id", "project"), limit=30
    )
    milestone_history = history_rows(
        Milestone.history.filter(project_id=project.pk), exclude=("id", "project"), limit=30
    )
    filed, asked = None, request.GET.get("filed", "")
    if asked.isascii() and asked.isdigit() and len(asked) < 10:  # a record just filed, to tag
        filed = (
            services.candidate_records(project)
            .visible_to(request.user)
            .filter(pk=int(asked))
            .first()
        )
    timeline = sorted(
        [("milestone", m.date, m) for m in milestones] + [("record", r.date, r) for r in records],
        key=lambda row: (row[1], row[0]),
    )
    return {
        "project": project,
        "organization": organization,
        "records": records,
        "figures": figures,
        "people": people_of(project),
        "milestones": milestones,
        "honours": honours,
        "timeline": timeline,
        "filed": filed,
        "filing_kinds": [(k.value, k.label) for k in FILING_KINDS]
        if organization.is_branch
        else [],
        "hours_kinds": HOURS_KINDS,
        "can_edit": scope.can(EDIT, organization),
        "can_review": scope.can(REVIEW, organization),
        "history": sorted(
            history + links + honour_links + team_history + milestone_history,
            key=lambda r: r.when,
            reverse=True,
        )[:50],
        "milestone_form": MilestoneForm(),
        "today": datetime.date.today(),
    }


@login_required
def detail(request, pk):
    project = get_project_for_user(request.user, pk, action=VIEW)
    return render(request, "projects/detail.html", _detail_context(request, project))


def _pick_page(request, project, kind, candidates, label):
    choices = [(item.pk, str(item)) for item in candidates]
    form = PickForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        service = services.tag_records if kind == "records" else services.link_honours
        key = "activity_ids" if kind == "records" else "honour_ids"
        try:
            count = service(project=project, actor=request.user, **{key: form.cleaned_data["ids"]})
        except ValidationError as error:
            form.add_error("ids", error)
        else:
            messages.success(request, _("已关联 %(count)d 项。") % {"count": count})
            return redirect("projects:detail", pk=project.pk)
    context = {
        "project": project,
        "organization": project.organization,
        "form": form,
        "label": label,
        "empty": not choices,
    }
    return render(request, "projects/pick.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def tag_records(request, pk):
    project = get_project_for_user(request.user, pk, action=EDIT)
    candidates = services.candidate_records(project).select_related("organization")
    return _pick_page(request, project, "records", candidates, _("关联活动记录"))


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def link_honours(request, pk):
    project = get_project_for_user(request.user, pk, action=EDIT)
    candidates = services.candidate_honours(project).select_related(
        "member", "organization__school"
    )
    return _pick_page(request, project, "honours", candidates, _("关联表彰"))


@login_required
@require_POST
def untag_record(request, pk, activity_pk):
    project = get_project_for_user(request.user, pk, action=EDIT)
    services.untag_record(project=project, activity_id=activity_pk, actor=request.user)
    messages.success(request, _("已取消关联该记录（记录本身未删除）。"))
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
def unlink_honour(request, pk, honour_pk):
    project = get_project_for_user(request.user, pk, action=EDIT)
    services.unlink_honour(project=project, honour_id=honour_pk, actor=request.user)
    messages.success(request, _("已取消关联该表彰。"))
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def milestone_create(request, pk):
    project = get_project_for_user(request.user, pk, action=EDIT)
    form = MilestoneForm(request.POST or None, instance=Milestone(project=project))
    return _save_milestone(request, project, form)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def milestone_edit(request, pk):
    milestone = get_milestone_for_user(request.user, pk, action=EDIT)
    form = MilestoneForm(request.POST or None, instance=milestone)
    return _save_milestone(request, milestone.project, form)


def _save_milestone(request, project, form):
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_milestone(milestone=form.save(commit=False), actor=request.user)
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存里程碑。"))
            return redirect("projects:detail", pk=project.pk)
    context = {
        "project": project,
        "organization": project.organization,
        "form": form,
        "conflict": conflict,
    }
    status = conflict_status(conflict, 400 if form.is_bound else 200)
    return render(request, "projects/milestone_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def review(request, pk):
    """A district reviewer marks a project as a district example (区级优秀) with a comment."""
    project = get_project_for_user(request.user, pk, action=REVIEW)
    form = ReviewForm(request.POST or None, instance=project)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.review_project(
                project=form.instance,
                example=form.cleaned_data["district_example"],
                comment=form.cleaned_data["review_comment"],
                actor=request.user,
            )
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        else:
            messages.success(request, _("已保存审阅意见。"))
            return redirect("projects:detail", pk=project.pk)
    context = {
        "project": project,
        "organization": project.organization,
        "form": form,
        "conflict": conflict,
    }
    status = conflict_status(conflict, 400 if form.is_bound else 200)
    return render(request, "projects/review_form.html", context, status=status)


def _district_rows(request, district):
    projects = _listed(
        Project.objects.visible_to(request.user).filter(organization__school__district=district)
    )
    projects.sort(key=lambda p: (p.organization.school.name, p.organization.name, p.title))
    figures = figures_for(projects)
    return [(project, figures[project.id]) for project in projects]


@login_required
def district_projects(request, pk):
    district = get_district_for_user(request.user, pk, action=REVIEW)
    schools = {}
    for project, figures in _district_rows(request, district):
        schools.setdefault(project.organization.school, []).append((project, figures))
    context = {"district": district, "schools": schools.items(), "today": datetime.date.today()}
    return render(request, "projects/district.html", context)


@login_required
def district_export(request, pk):
    district = get_district_for_user(request.user, pk, action=REVIEW)
    data = exports.district_xlsx(district, _district_rows(request, district))
    return DownloadResponse(
        data,
        as_attachment=True,
        filename=f"{district.name}党建项目.xlsx",
        content_type=exports.XLSX_TYPE,
    )

"""Pipeline pages: an organisation's people in development, one person's 25 steps (phone-usable),
the step and status forms, the generated paperwork, and the district's read-only view."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.access import (
    EDIT,
    VIEW,
    get_district_for_user,
    get_member_for_user,
    get_organization_for_user,
    may_see_personal_data,
    personal_data_org_ids,
)
from branches.models import Organization
from branches.scope import scope_for
from development import selectors, services
from development.exports import documents
from development.forms import PeriodForm, PipelineForm, StartForm, StepForm
from development.models import Pipeline, Step
from development.steps import BY_NUMBER
from portal.downloads import DownloadResponse
from portal.history import history_rows
from portal.submissions import submit_once
from portal.versioning import StaleEdit, conflict_status


@login_required
def index(request, pk):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    today = datetime.date.today()
    ids = set(Organization.objects.subtree([organization.id]).values_list("id", flat=True))
    rows = selectors.pipelines_of(ids, today)
    context = {
        "organization": organization,
        "rows": rows,
        "waiting": selectors.without_pipeline(ids, today),
        "counts": selectors.stage_counts(rows, today.year),
        "year": today.year,
        "can_edit": scope_for(request.user).can(EDIT, organization),
        "period": PeriodForm(request.GET or None),
        "forms": documents.LIST_FORMS,
    }
    return render(request, "development/index.html", context)


def _history(pipeline):
    if pipeline is None:
        return []
    rows = history_rows(pipeline.history.all(), limit=20)
    rows += history_rows(
        Step.history.filter(pipeline_id=pipeline.pk).select_related("history_user"),
        limit=40,
        what=_("步骤"),
    )
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows[:40]


@login_required
def person(request, member_pk):
    member = get_member_for_user(request.user, member_pk, action=VIEW)
    view = selectors.person_pipeline(member)
    context = {
        "member": member,
        "organization": member.organization,
        "view": view,
        "can_edit": scope_for(request.user).can(EDIT, member.organization)
        and view.pipeline is not None,
        "may_start": scope_for(request.user).can(EDIT, member.organization),
        "start_form": StartForm(),
        "history": _history(view.pipeline),
    }
    return render(request, "development/person.html", context)


@login_required
@require_POST
@submit_once
def start(request, member_pk):
    member = get_member_for_user(request.user, member_pk, action=EDIT)
    form = StartForm(request.POST)
    recommendation = form.cleaned_data["recommendation"] if form.is_valid() else ""
    try:
        services.start_pipeline(member=member, actor=request.user, recommendation=recommendation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已建立 %(name)s 的发展流程。") % {"name": member.name})
    return redirect("development:person", member_pk=member.pk)


def _pipeline(member):
    pipeline = Pipeline.objects.filter(member=member).first()
    if pipeline is None:
        raise Http404
    pipeline.member = member
    return pipeline


def _step_page(request, member, pipeline, instance):
    definition = instance.definition
    form = StepForm(request.POST or None, instance=instance, definition=definition, member=member)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_step(step=form.save(commit=False), actor=request.user)
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("已保存：%(title)s。") % {"title": definition.title})
            return redirect("development:person", member_pk=member.pk)
    context = {
        "member": member,
        "organization": member.organization,
        "definition": definition,
        "form": form,
        "edit_conflict": conflict,
        "step": instance if instance.pk else None,
        "history": history_rows(instance.history.all(), limit=20) if instance.pk else [],
    }
    status = conflict_status(conflict, 400 if form.errors else 200)
    return render(request, "development/step_form.html", context, status=status)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def step(request, member_pk, number):
    member = get_member_for_user(request.user, member_pk, action=EDIT)
    if number not in BY_NUMBER:
        raise Http404
    pipeline = _pipeline(member)
    instance = None
    if not BY_NUMBER[number].repeats:
        instance = pipeline.steps.filter(number=number).first()
    if instance is None:
        instance = Step(pipeline=pipeline, number=number)
    instance.pipeline = pipeline
    return _step_page(request, member, pipeline, instance)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def step_row(request, member_pk, step_pk):
    member = get_member_for_user(request.user, member_pk, action=EDIT)
    pipeline = _pipeline(member)
    instance = get_object_or_404(Step, pk=step_pk, pipeline=pipeline)
    instance.pipeline = pipeline
    return _step_page(request, member, pipeline, instance)


@login_required
@require_POST
@submit_once
def step_delete(request, member_pk, step_pk):
    member = get_member_for_user(request.user, member_pk, action=EDIT)
    pipeline = _pipeline(member)
    instance = get_object_or_404(Step, pk=step_pk, pipeline=pipeline)
    instance.pipeline = pipeline
    try:
        services.delete_step(step=instance, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除：%(title)s。") % {"title": instance.definition.title})
    return redirect("development:person", member_pk=member.pk)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def status(request, member_pk):
    member = get_member_for_user(request.user, member_pk, action=EDIT)
    pipeline = _pipeline(member)
    form, conflict = PipelineForm(request.POST or None, instance=pipeline), None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_pipeline(pipeline=form.save(commit=False), actor=request.user)
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("已保存 %(name)s 的发展流程状态。") % {"name": member.name})
            return redirect("development:person", member_pk=member.pk)
    context = {
        "member": member,
        "organization": member.organization,
        "form": form,
        "edit_conflict": conflict,
        "history": history_rows(pipeline.history.all(), limit=20),
    }
    status_code = conflict_status(conflict, 400 if form.errors else 200)
    return render(request, "development/status_form.html", context, status=status_code)


@login_required
def record(request, member_pk):
    """发展党员工作全程纪实表 of one person (Word)."""
    member = get_member_for_user(request.user, member_pk, action=VIEW)
    view = selectors.person_pipeline(member)
    if view.pipeline is None:
        raise Http404
    masked = not may_see_personal_data(request.user, member.organization)
    content = documents.record_docx(view, masked=masked)
    return DownloadResponse(content, as_attachment=True, filename=f"全程纪实表-{member.name}.docx")


@login_required
def notice(request, member_pk):
    """公示 notice of a 发展对象 (Word)."""
    member = get_member_for_user(request.user, member_pk, action=VIEW)
    view = selectors.person_pipeline(member)
    if view.pipeline is None:
        raise Http404
    content = documents.notice_docx(view)
    return DownloadResponse(content, as_attachment=True, filename=f"公示-{member.name}.docx")


@login_required
def lists(request, pk, form, fmt):
    """备案表 and 汇总表 of an organisation for a period (?start=&end=), Excel or Word."""
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    if form not in documents.LIST_FORMS or fmt not in documents.FORMATS:
        raise Http404
    period = PeriodForm(request.GET or None)
    if period.is_bound and not period.is_valid():
        raise Http404
    data = period.cleaned_data if period.is_bound else {}
    ids = set(Organization.objects.subtree([organization.id]).values_list("id", flat=True))
    masked_ids = ids - personal_data_org_ids(request.user, ids)
    content = documents.list_file(
        form,
        fmt,
        organization,
        ids,
        start=data.get("start"),
        end=data.get("end"),
        masked_org_ids=masked_ids,
    )
    title = documents.LIST_FORMS[form]
    return DownloadResponse(content, as_attachment=True, filename=f"{title}.{fmt}")


@login_required
def district(request, pk):
    """Per school of a district: people at each stage, developed this year, overdue (read-only)."""
    district = get_district_for_user(request.user, pk)
    today = datetime.date.today()
    organizations = list(
        Organization.objects.filter(school__district=district)
        .select_related("school")
        .order_by("school__name", "name")
    )
    rows = selectors.pipelines_of({o.id for o in organizations}, today)
    by_org = {}
    for row in rows:
        by_org.setdefault(row.member.organization_id, []).append(row)
    schools = [
        {
            "organization": org,
            "counts": selectors.stage_counts(by_org.get(org.id, []), today.year),
            "rows": by_org.get(org.id, []),
        }
        for org in organizations
    ]
    context = {
        "district": district,
        "schools": schools,
        "total": selectors.stage_counts(rows, today.year),
        "year": today.year,
        "stage_labels": [label for label, _n in selectors.stage_counts([], today.year)["stages"]],
    }
    return render(request, "development/district.html", context)

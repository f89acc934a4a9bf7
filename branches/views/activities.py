"""Activity pages: file/plan/complete a record, read it, its attachments, the ledger and calendar."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import (
    EDIT,
    VIEW,
    get_activity_for_user,
    get_attachment_for_user,
    get_organization_for_user,
)
from branches.calendar_rows import monthly_cells
from branches.exports import ledger as ledger_files
from branches.figures import percent
from branches.forms.activities import (
    ActivityForm,
    LedgerFilter,
    PeriodForm,
    agenda_formset,
    plan_formset,
)
from branches.models import Activity, Attendance
from branches.models.activities import Kind
from branches.record_panels import record_panels
from branches.scope import scope_for
from branches.selectors import activities as reads
from branches.selectors import ledger
from branches.selectors.compliance import State, compliance_for
from branches.selectors.talks import talk_pairs
from branches.services import activities as service
from portal.downloads import DownloadResponse
from portal.submissions import submit_once
from portal.versioning import StaleEdit, conflict_status


def _kind_or_404(kind):
    if kind not in Kind.values:
        raise Http404
    return Kind(kind)


def _branch_or_404(organization):
    if not organization.is_branch:
        raise Http404(_("活动记录按党支部填报。"))
    return organization


@login_required
def activity_choose(request, pk):
    organization = _branch_or_404(get_organization_for_user(request.user, pk, action=EDIT))
    return render(
        request,
        "branches/activities/choose.html",
        {"organization": organization, "kinds": Kind.choices},
    )


@login_required
@submit_once
def activity_create(request, pk, kind):
    organization = _branch_or_404(get_organization_for_user(request.user, pk, action=EDIT))
    kind = _kind_or_404(kind)
    source = None
    today = datetime.date.today()
    defaults = reads.filing_defaults(organization, today)
    initial = {
        "date": today,
        "status": Activity.Status.HELD,
        "host": defaults.host,
        "recorder": defaults.recorder,
        "place": defaults.place,
    }
    if request.GET.get("plan"):
        initial["status"] = Activity.Status.PLANNED
    group = _group_asked(request, organization, kind)
    if request.GET.get("copy"):
        source = reads.last_record(organization, kind, group=group)
        initial.update(_copied_fields(source))
    if group is not None:
        initial["group"] = group.pk
    if request.method == "POST":
        return _save(request, organization, kind, None)
    initial.update(_live_initial(request))
    form = ActivityForm(
        initial=initial,
        organization=organization,
        kind=kind,
        live_url=request.path,
        shown=request.GET,
    )
    agenda = agenda_formset(kind, initial=_copied_agenda(source))
    return _render_form(request, organization, kind, form, agenda, None, places=defaults.places)


@login_required
@submit_once
def activity_edit(request, pk):
    activity = get_activity_for_user(request.user, pk, action=EDIT)
    organization, kind = activity.organization, Kind(activity.kind)
    if request.method == "POST":
        return _save(request, organization, kind, activity)
    initial = {}
    if activity.is_planned and request.GET.get("complete"):
        initial["status"] = Activity.Status.HELD
        today = datetime.date.today()
        if activity.date > today or (activity.date.year, activity.date.month) == (
            today.year,
            today.month,
        ):
            initial["date"] = today  # a month's plan held this month (or early): today
        defaults = reads.filing_defaults(organization, today)
        for name in ("host", "recorder", "place"):
            if not getattr(activity, name):
                initial[name] = getattr(defaults, name)
    initial.update(_live_initial(request))
    form = ActivityForm(
        instance=activity,
        initial=initial,
        organization=organization,
        kind=kind,
        live_url=request.path,
        shown=request.GET,
    )
    agenda = agenda_formset(kind, initial=[_agenda_initial(i) for i in activity.agenda_items.all()])
    return _render_form(request, organization, kind, form, agenda, activity)


def _save(request, organization, kind, activity):
    form = ActivityForm(
        request.POST,
        request.FILES,
        instance=activity,
        organization=organization,
        kind=kind,
        live_url=request.path,
    )
    agenda, conflict = agenda_formset(kind, data=request.POST), None
    plan = _plan_offer(form, organization, kind, activity)
    if plan is not None and not request.POST.get("despite_plan"):
        # Offer to complete the plan rather than add a second record of the same meeting.
        form.is_valid()
        return _render_form(request, organization, kind, form, agenda, activity, plan=plan)
    if form.is_valid() and (agenda is None or agenda.is_valid()):
        try:
            saved = service.file_activity(
                actor=request.user,
                organization=organization,
                kind=kind,
                values=form.values(),
                filing=form.filing(agenda.entries() if agenda else []),
                activity=activity,
            )
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("已保存：%(record)s") % {"record": saved})
            project = request.GET.get("project", "")
            if project.isascii() and project.isdigit() and len(project) < 10:
                # Filed from a project's page (the projects app): back there to tag it.
                return redirect(f"{reverse('projects:detail', args=[project])}?filed={saved.pk}")
            return redirect("branches:activity", pk=saved.pk)
    return _render_form(request, organization, kind, form, agenda, activity, conflict)


def _group_asked(request, organization, kind):
    """The party group named in the address (a to-do link for one group's meeting), if valid."""
    value = request.GET.get("group", "")
    if kind != Kind.GROUP_MEETING or not value.isdigit():
        return None
    return organization.groups.filter(pk=int(value)).first()


def _plan_offer(form, organization, kind, activity):
    """The plan of the same kind (and group) in the month of the record being filed as held."""
    if activity is not None:
        return None
    status = form["status"].value()
    if status != Activity.Status.HELD:
        return None
    try:
        day = form.fields["date"].clean(form["date"].value())
    except ValidationError:
        return None
    group = None
    if "group" in form.fields:
        try:
            group = form.fields["group"].clean(form["group"].value())
        except ValidationError:
            group = None
    return reads.plan_in_month(organization, kind, day, group=group)


def _live_initial(request):
    """Date and group sent by htmx when they change, so the attendance list is recomputed (the
    attendance shown until then comes along too: the form carries it over, see `shown`)."""
    return {name: request.GET[name] for name in ("date", "group") if request.GET.get(name)}


def _attach_errors(form, error):
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _render_form(
    request, organization, kind, form, agenda, activity, conflict=None, plan=None, places=None
):
    group = _group_asked(request, organization, kind)
    last = reads.last_record(
        organization, kind, group=group, before_id=activity.pk if activity else None
    )
    if plan is None and request.method == "GET":
        plan = _plan_offer(form, organization, kind, activity)
    context = {
        "copy_group": group,
        "plan": plan,
        "organization": organization,
        "kind": kind,
        "form": form,
        "agenda": agenda,
        "activity": activity,
        "last": last,
        "member_rows": form.bound_member_rows(),
        "reason_required": kind not in (Kind.VOLUNTEER, Kind.TALK),
        "edit_conflict": conflict,
        "places": places
        if places is not None
        else reads.filing_defaults(organization, datetime.date.today()).places,
    }
    return render(
        request, "branches/activities/form.html", context, status=conflict_status(conflict)
    )


def _copied_fields(source):
    if source is None:
        return {}
    names = ("start_time", "place", "host", "recorder", "topic", "lecturer", "hours", "group")
    return {name: getattr(source, name) for name in names if getattr(source, name)}


def _copied_agenda(source):
    if source is None:
        return None
    return [{"title": item.title} for item in source.agenda_items.all()]


def _agenda_initial(item):
    names = ("title", "decision", "result", "is_election", "votes_for", "votes_against")
    return {name: getattr(item, name) for name in (*names, "votes_abstain")}


@login_required
def activity_detail(request, pk):
    activity = get_activity_for_user(request.user, pk, action=VIEW)
    rows = list(
        Attendance.objects.filter(activity=activity)
        .select_related("member")
        .order_by("present", "member__name")
    )
    context = {
        "activity": activity,
        "organization": activity.organization,
        "rows": rows,
        "expected": len(rows),
        "present": sum(1 for row in rows if row.present),
        "attendance_rate": percent(sum(1 for row in rows if row.present), len(rows)),
        "absent": [row for row in rows if not row.present],
        "agenda": list(activity.agenda_items.all()),
        "appraisals": list(activity.appraisals.select_related("member")),
        "attachments": list(activity.attachments.all()),
        "warnings": reads.record_warnings(activity, rows),
        "can_edit": scope_for(request.user).can(EDIT, activity.organization),
        "history": reads.activity_history(activity),
        # Panels other apps add (members' own confirmations), without branches importing them.
        "extra_panels": record_panels(request, activity, rows),
    }
    return render(request, "branches/activities/detail.html", context)


@login_required
@require_POST
def activity_delete(request, pk):
    activity = get_activity_for_user(request.user, pk, action=EDIT)
    organization = activity.organization
    service.delete_activity(actor=request.user, activity=activity)
    messages.success(request, _("已删除：%(record)s") % {"record": activity})
    return redirect("branches:ledger", pk=organization.pk)


@login_required
def attachment_download(request, pk):
    attachment = get_attachment_for_user(request.user, pk, action=VIEW)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("附件文件不存在。")) from error
    response = DownloadResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_attachment_for_user(request.user, pk, action=EDIT)
    activity_id = attachment.activity_id
    service.delete_attachment(actor=request.user, attachment=attachment)
    messages.success(request, _("附件已删除。"))
    return redirect("branches:activity", pk=activity_id)


def _period(request):
    return PeriodForm(request.GET or None).period(datetime.date.today())


@login_required
@submit_once
def year_plan(request, pk):
    """年度计划: the year's planned records and rows to plan more (month, kind, topic), with last
    year's records to copy; each saved item is a planned record, completed from the to-do."""
    organization = _branch_or_404(get_organization_for_user(request.user, pk, action=EDIT))
    today = datetime.date.today()
    year = PeriodForm(request.GET or None).period(today).year
    if request.method == "POST":
        formset = plan_formset(request.POST)
        if formset.is_valid():
            saved = service.plan_year(
                actor=request.user, organization=organization, items=formset.items(year)
            )
            messages.success(request, _("已加入年度计划：%(n)s 项。") % {"n": len(saved)})
            return redirect(f"{request.path}?year={year}")
    else:
        initial = reads.plan_to_copy(organization, year - 1) if request.GET.get("copy") else None
        formset = plan_formset(initial=initial, blank=3 if initial else 6)
    context = {
        "organization": organization,
        "year": year,
        "planned": reads.year_plan(organization, year),
        "formset": formset,
        "today": today,
    }
    return render(request, "branches/activities/year_plan.html", context)


LEDGER_PAGE_SIZE = 50


@login_required
def ledger_page(request, pk):
    organization = _branch_or_404(get_organization_for_user(request.user, pk, action=VIEW))
    period = _period(request)
    records = ledger.records(organization, period.start, period.end, absentees_only=True)
    filterset = LedgerFilter(request.GET or None, queryset=records)
    shown = filterset.qs if filterset.is_valid() else records
    page = Paginator(shown, LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "period": period,
        "period_form": PeriodForm(initial={"year": period.year, "school": period.school_year}),
        "filter": filterset,
        "page": page,
        "records": list(page.object_list),
        "totals": ledger.member_totals(organization, period.start, period.end),
        "can_edit": scope_for(request.user).can(EDIT, organization),
        "query": request.GET.urlencode(),
    }
    return render(request, "branches/activities/ledger.html", context)


@login_required
def ledger_export(request, pk, fmt):
    organization = _branch_or_404(get_organization_for_user(request.user, pk, action=VIEW))
    period = _period(request)
    filterset = LedgerFilter(
        request.GET or None, queryset=ledger.records(organization, period.start, period.end)
    )
    records = filterset.qs if filterset.is_valid() else filterset.queryset
    writer = {"xlsx": ledger_files.export_xlsx, "docx": ledger_files.export_docx}.get(fmt)
    if writer is None:
        raise Http404
    stream, content_type = writer(organization, period, records)
    name = f"{organization.name}{period.label}台账.{fmt}"
    return DownloadResponse(stream, as_attachment=True, filename=name, content_type=content_type)


@login_required
def compliance_calendar(request, pk):
    organization = _branch_or_404(get_organization_for_user(request.user, pk, action=VIEW))
    period = _period(request)
    today = datetime.date.today()
    result = compliance_for(
        [organization], year=period.year, school_year=period.school_year, today=today
    )[organization.id]
    planned = (
        Activity.objects.planned()
        .filter(organization=organization, date__range=(period.start, period.end))
        .select_related("group")
        .order_by("date")
    )
    # Rows other apps add to each month (党费), without branches importing them.
    extras = monthly_cells(request, organization, [row.window for row in result.months], today)
    context = {
        "organization": organization,
        "period": period,
        "period_form": PeriodForm(initial={"year": period.year, "school": period.school_year}),
        "result": result,
        "months": [(row, extras[row.window.start]) for row in result.months],
        "talk_pairs": talk_pairs(organization, period, today),
        "planned": list(planned),
        "State": State,
        "can_edit": scope_for(request.user).can(EDIT, organization),
    }
    return render(request, "branches/activities/calendar.html", context)

"""Report pages: list and create, edit (with optimistic locking), draft from records, submit,
review (return with comments / approve with a rating), diff of versions, figures, Word, print, zip."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Prefetch, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import (
    EDIT,
    REVIEW,
    VIEW,
    get_district_for_user,
    get_organization_for_user,
    require_reviewer,
    require_role,
)
from branches.models import Organization
from branches.scope import scope_for
from portal.downloads import DownloadResponse
from portal.history import history_rows
from portal.submissions import submit_once
from portal.versioning import StaleEdit
from projects.selectors.reports import period_projects
from reports.access import get_report_for_user
from reports.exports import word as export
from reports.forms.filters import ReportFilter
from reports.forms.reports import (
    ApproveForm,
    DraftForm,
    ReportCreateForm,
    ReportTextForm,
    ReturnForm,
)
from reports.models import InvalidTransition, Report
from reports.selectors import statistics
from reports.selectors.diffing import diff_versions
from reports.selectors.links import source_url
from reports.selectors.reports import previous_report
from reports.services.reports import create_report, draft_from_records, submit_report


def _error_text(error):
    return " ".join(error.messages)


@login_required
def mine(request):
    """The 年度报告 menu: a member's reports by organisation; reviewers go to their queue."""
    scope = require_role(request.user)
    if not scope.is_member:
        return redirect("reports:queue")
    organizations = Organization.objects.filter(id__in=scope.own_org_ids).prefetch_related(
        Prefetch("reports", queryset=Report.objects.select_related("author"))
    )
    return render(request, "reports/mine.html", {"organizations": organizations})


def _organization_page(request, organization, form, status=200):
    reports = organization.reports.select_related("author").annotate(
        version_count=Count("versions")
    )
    context = {
        "organization": organization,
        "reports": reports,
        "form": form,
        "can_edit": scope_for(request.user).can(EDIT, organization),
    }
    return render(request, "reports/organization_reports.html", context, status=status)


@login_required
def organization_reports(request, pk):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    return _organization_page(request, organization, ReportCreateForm(organization=organization))


@login_required
@require_POST
@submit_once
def create(request, pk):
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    form = ReportCreateForm(request.POST, organization=organization)
    if form.is_valid():
        try:
            report = create_report(
                organization=organization,
                kind=form.cleaned_data["kind"],
                period=form.period,
                committee=form.cleaned_data.get("committee"),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已创建报告草稿。可先“根据台账生成第一部分”，再修改。"))
            return redirect("reports:edit", pk=report.pk)
    return _organization_page(request, organization, form, status=400)


def _review_context(report):
    """Statistics of the period and of the period before it, side by side."""
    current = statistics.compute(report.organization, report.period)
    previous = statistics.compute(report.organization, report.period.previous())
    before = previous.by_key()
    rows = [(figure, before[figure.key]) for figure in current.all()]
    return {"stats": current, "previous_stats": previous, "stat_rows": rows}


@login_required
def detail(request, pk):
    report = get_report_for_user(request.user, pk, action=VIEW)
    return _detail_page(request, report)


def _detail_page(request, report, return_form=None, approve_form=None, status=200):
    versions = list(report.versions.select_related("submitted_by").order_by("number"))
    comments = list(report.comments.select_related("author", "version"))
    review = _review_context(report)
    context = {
        "report": report,
        "versions": versions,
        "sections": _sections_with_comments(report, comments),
        "general_comments": [comment for comment in comments if not comment.section],
        "can_edit": report.can_edit(request.user),
        "can_review": report.can_review(request.user),
        "return_form": return_form or ReturnForm(),
        "approve_form": approve_form or ApproveForm(),
        # Who changed what and when; the text itself is compared version by version (比较版本).
        "history": history_rows(report, exclude=Report.history_excluded_fields, limit=30),
        "last_version": versions[-1] if versions else None,
        "changed_figures": (
            statistics.changed_figures(versions[-1], review["stats"]) if versions else []
        ),
        "projects": period_projects(report.organization, report.period),
        **review,
    }
    return render(request, "reports/detail.html", context, status=status)


def _sections_with_comments(report, comments):
    """[(key, heading, text, comments on that section)] to show comments beside the text."""
    return [
        (key, heading, text, [comment for comment in comments if comment.section == key])
        for key, heading, text in report.sections()
    ]


def _edit_page(request, report, form, status=200, stale=None):
    previous = previous_report(report)
    stats = statistics.compute(report.organization, report.period)
    comments = list(report.comments.select_related("author", "version"))
    comments = [comment for comment in comments if comment.version]
    last_version = max((comment.version.number for comment in comments), default=None)
    context = {
        "report": report,
        "form": form,
        "draft_form": DraftForm(initial={"lock_version": report.lock_version}),
        "previous": previous,
        # The comments of the last return, beside the fields they are about.
        "comments": {
            (key or "general"): [
                c for c in comments if c.section == key and c.version.number == last_version
            ]
            for key in ("", "work", "problems", "plans")
        },
        "stale": stale,
        "edit_conflict": stale and stale["changes"],
        "stats": stats,
        "stat_rows": [(figure, None) for figure in stats.all()],
        "projects": period_projects(report.organization, report.period),
    }
    return render(request, "reports/edit.html", context, status=status)


@login_required
@submit_once
def edit(request, pk):
    report = get_report_for_user(request.user, pk, action=EDIT)
    if request.method != "POST":
        if not report.is_editable:
            messages.info(request, _("报告已提交或已通过，不能再修改。"))
            return redirect("reports:detail", pk=report.pk)
        return _edit_page(request, report, ReportTextForm(instance=report))
    form = ReportTextForm(request.POST, instance=report)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ReportTextForm.Meta.fields}
        try:
            report.save_text(by=request.user, expected_version=form.expected_version, **fields)
        except StaleEdit as error:
            return _stale_page(request, form, Report(**fields), error)
        except InvalidTransition:  # submitted or approved from another tab meanwhile
            form.add_error(
                None,
                _("报告已提交或已通过，不能再保存修改。你的文字保留在下方，可以复制留存。"),
            )
            return _edit_page(request, report, form, status=409)
        messages.success(request, _("已保存。"))
        return redirect("reports:edit", pk=report.pk)
    return _edit_page(request, report, form, status=400)


def _stale_page(request, form, mine, error):
    """Refuse a stale save: keep the user's text (`mine`, unsaved) in the form, and show who
    saved what meanwhile, and the saved text against theirs."""
    latest = get_report_for_user(request.user, form.instance.pk, action=EDIT)
    changes = form.refuse_stale(error)
    conflict = [section for section in diff_versions(latest, mine) if section.changed]
    context = {"latest": latest, "conflict": conflict, "changes": changes}
    return _edit_page(request, latest, form, status=409, stale=context)


@login_required
@require_POST
def draft(request, pk):
    report = get_report_for_user(request.user, pk, action=EDIT)
    form = DraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求无效，请刷新页面后重试。"))
        return redirect("reports:edit", pk=report.pk)
    try:
        draft_from_records(
            report=report,
            actor=request.user,
            expected_version=form.cleaned_data["lock_version"],
            replace=form.cleaned_data["replace"],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("已根据台账记录生成第一部分，请核对并补充。"))
    return redirect("reports:edit", pk=report.pk)


@login_required
@require_POST
def submit(request, pk):
    report = get_report_for_user(request.user, pk, action=EDIT)
    try:
        version = submit_report(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("reports:edit" if report.is_editable else "reports:detail", pk=report.pk)
    messages.success(
        request, _("已提交第 %(number)s 稿，等待区教育局审阅。") % {"number": version.number}
    )
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def return_for_changes(request, pk):
    report = get_report_for_user(request.user, pk, action=REVIEW)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, report, return_form=form, status=400)
    try:
        report.return_for_changes(by=request.user, comments=form.comments())
    except ValidationError as error:
        messages.error(request, _error_text(error))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已退回修改，书记将在首页看到你的意见。"))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def approve(request, pk):
    report = get_report_for_user(request.user, pk, action=REVIEW)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, report, approve_form=form, status=400)
    try:
        report.approve(
            by=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("已通过，评定为“%(rating)s”。") % {"rating": report.get_rating_display()}
        )
    return redirect("reports:detail", pk=report.pk)


def _version_number(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def diff(request, pk):
    report = get_report_for_user(request.user, pk, action=VIEW)
    versions = {v.number: v for v in report.versions.select_related("submitted_by")}
    if len(versions) < 2:
        messages.info(request, _("至少提交两次后才能比较版本。"))
        return redirect("reports:detail", pk=report.pk)
    latest = max(versions)
    new = versions.get(_version_number(request.GET.get("b"), latest)) or versions[latest]
    old_number = _version_number(request.GET.get("a"), new.number - 1)
    old = versions.get(old_number) or versions[min(versions)]
    context = {
        "report": report,
        "versions": sorted(versions.values(), key=lambda v: v.number),
        "old": old,
        "new": new,
        "sections": diff_versions(old, new),
    }
    return render(request, "reports/diff.html", context)


@login_required
def figure(request, pk, key):
    report = get_report_for_user(request.user, pk, action=VIEW)
    period = report.period.previous() if request.GET.get("period") == "previous" else report.period
    try:
        kind, records = statistics.records_for(report.organization, period, key)
    except KeyError as error:
        raise Http404 from error
    context = {
        "report": report,
        "period": period,
        "label": statistics.FIGURE_LABELS[key],
        "source_url": source_url(report.organization, period, key),
        "kind": kind,
        "key": key,
        "records": list(records),
    }
    return render(request, "reports/figure.html", context)


@login_required
def download_docx(request, pk):
    report = get_report_for_user(request.user, pk, action=VIEW)
    data = export.render_docx(report, statistics.compute(report.organization, report.period))
    return DownloadResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=export.docx_filename(report),
        content_type=export.DOCX,
    )


@login_required
def print_view(request, pk):
    report = get_report_for_user(request.user, pk, action=VIEW)
    stats = statistics.compute(report.organization, report.period)
    context = {
        "report": report,
        "byline": export.byline(report),
        "date_line": export.date_line(report),
        "rows": export.statistics_rows(stats),
    }
    return render(request, "reports/print.html", context)


QUEUE_PAGE_SIZE = 25


@login_required
def queue(request):
    scope = require_reviewer(request.user, _("只有教育局审阅人可以查看报告审阅列表。"))
    reports = (
        Report.objects.reviewable_by(request.user)
        .select_related("organization__school__district", "author", "reviewed_by")
        .annotate(version_count=Count("versions"))
        .annotate(waiting_first=Case(When(status__in=Report.AWAITING_REVIEW, then=0), default=1))
        .order_by("waiting_first", "-year", "organization__school__name", "kind")
    )
    filterset = ReportFilter(request.GET or None, queryset=reports, request=request)
    # One page at a time: a district has thousands of reports over the years, and each row's key
    # figures read the records of two periods (see BENCHMARKS.md).
    page = Paginator(filterset.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    figures = statistics.summaries(rows)
    districts = scope.reviewer_district_ids
    context = {
        "filter": filterset,
        "page": page,
        "rows": [(report, *figures[report.id]) for report in rows],
        "waiting": reports.awaiting_review().count(),
        "district_ids": sorted(districts),
    }
    return render(request, "reports/queue.html", context)


@login_required
def district_zip(request, pk, year):
    district = get_district_for_user(request.user, pk, action=REVIEW)
    reports = (
        Report.objects.in_district(district)
        .approved()
        .for_year(year)
        .select_related("organization__school__district", "author")
        .order_by("organization__school__name", "kind")
    )

    def entries():
        for report in reports.iterator(chunk_size=20):
            stats = statistics.compute(report.organization, report.period)
            folder = report.organization.school.name
            yield f"{folder}/{export.docx_filename(report)}", export.render_docx(report, stats)

    return DownloadResponse(
        export.zip_file(entries()),
        as_attachment=True,
        filename=_("%(district)s%(year)s年度已通过报告.zip") % {"district": district, "year": year},
        content_type="application/zip",
    )

"""Dues pages: the year of an organisation (months, quarters with remittances, arrears), the
month page (everyone due, one tap for all paid, exceptions per person), a member's bases, the
quarterly remittance, and the register (党费收缴登记表) as Excel and Word."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.access import (
    EDIT,
    VIEW,
    get_member_for_user,
    get_organization_for_user,
    may_see_personal_data,
)
from branches.scope import scope_for
from dues.exports import register as export
from dues.forms.dues import (
    AllPaidForm,
    DuesBaseForm,
    PaymentForm,
    ReductionForm,
    RemittanceForm,
    default_paid_on,
)
from dues.models import DuesBase, Payment, Reduction, Remittance
from dues.selectors.bills import DuesBook, arrears_book, is_due, year_summary
from dues.selectors.register import register_rows
from dues.services import payments as services
from portal.downloads import DownloadResponse
from portal.history import history_rows
from portal.submissions import submit_once
from portal.versioning import StaleEdit, conflict_status


def _month(year, month):
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return datetime.date(year, month, 1)


def _year(year):
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@login_required
def index(request, pk):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    return redirect("dues:year", pk=organization.pk, year=datetime.date.today().year)


@login_required
def year_page(request, pk, year):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    _book, months, quarters = year_summary(organization, _year(year))
    today = datetime.date.today()
    arrears = arrears_book({organization.id}, today).arrears(today)
    context = {
        "organization": organization,
        "year": year,
        "months": months,
        "quarters": quarters,
        "arrears": arrears,
        "can_edit": scope_for(request.user).can(EDIT, organization),
    }
    return render(request, "dues/year.html", context)


def _month_context(request, organization, month, all_paid_form=None):
    book = DuesBook({organization.id}, month, month)
    lines = book.lines(month)
    return {
        "organization": organization,
        "month": month,
        "lines": lines,
        "totals": book.totals([month]),
        "open_count": sum(1 for line in lines if not line.settled and not line.payment),
        "show_wages": may_see_personal_data(request.user, organization),
        "can_edit": scope_for(request.user).can(EDIT, organization),
        "all_paid_form": all_paid_form or AllPaidForm(initial={"paid_on": default_paid_on(month)}),
    }


@login_required
def month_page(request, pk, year, month):
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    return render(
        request, "dues/month.html", _month_context(request, organization, _month(year, month))
    )


@login_required
@require_POST
@submit_once
def all_paid(request, pk, year, month):
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    month = _month(year, month)
    form = AllPaidForm(request.POST)
    if form.is_valid():
        try:
            count = services.mark_all_paid(
                organization=organization,
                month=month,
                paid_on=form.cleaned_data["paid_on"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已记录 %(count)d 人本月党费已交。") % {"count": count})
            return redirect("dues:month", pk=organization.pk, year=year, month=month.month)
    context = _month_context(request, organization, month, all_paid_form=form)
    return render(request, "dues/month.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def payment(request, pk, year, month, member_pk):
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    month = _month(year, month)
    member = get_member_for_user(request.user, member_pk, action=EDIT)
    if member.organization_id != organization.id or not is_due(member, month):
        raise Http404
    line = DuesBook({organization.id}, month, month).line(member, month)
    initial = {"status": Payment.Status.PAID, "paid_on": default_paid_on(month), "months": 1}
    if line.payment:
        initial.update(
            status=line.payment.status,
            paid_on=line.payment.paid_on,
            amount=line.payment.amount if line.paid else None,
            voluntary_extra=line.payment.voluntary_extra or None,
            paid_by=line.payment.paid_by,
            unpaid_reason=line.payment.unpaid_reason,
        )
    form = PaymentForm(request.POST or None, initial=initial, payment=line.payment)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_payment(
                member=member,
                month=month,
                status=data["status"],
                paid_on=data.get("paid_on"),
                amount=data.get("amount"),
                voluntary_extra=data.get("voluntary_extra") or 0,
                paid_by=data.get("paid_by", ""),
                unpaid_reason=data.get("unpaid_reason", ""),
                months=data["months"],
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存 %(name)s 的党费记录。") % {"name": member.name})
            return redirect("dues:month", pk=organization.pk, year=year, month=month.month)
    context = {
        "organization": organization,
        "month": month,
        "member": member,
        "line": line,
        "form": form,
        "edit_conflict": conflict,
        "history": history_rows(line.payment, limit=20) if line.payment else [],
    }
    return render(request, "dues/payment_form.html", context, status=conflict_status(conflict))


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def remittance(request, pk, year, quarter):
    organization = get_organization_for_user(request.user, pk, action=EDIT)
    if quarter not in (1, 2, 3, 4):
        raise Http404
    instance = Remittance.objects.filter(
        organization=organization, year=_year(year), quarter=quarter
    ).first() or Remittance(organization=organization, year=year, quarter=quarter)
    form, conflict = RemittanceForm(request.POST or None, instance=instance), None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_remittance(remittance=form.save(commit=False), actor=request.user)
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("已保存第 %(quarter)d 季度的上缴记录。") % {"quarter": quarter}
            )
            return redirect("dues:year", pk=organization.pk, year=year)
    _book, _months, quarters = year_summary(organization, year)
    context = {
        "organization": organization,
        "year": year,
        "quarter": quarters[quarter - 1],
        "form": form,
        "edit_conflict": conflict,
    }
    return render(request, "dues/remittance_form.html", context, status=conflict_status(conflict))


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def bases(request, member_pk):
    """A member's bases (wages: only those who keep the roster see or enter them)."""
    member = get_member_for_user(request.user, member_pk, action=VIEW)
    if not may_see_personal_data(request.user, member.organization):
        raise PermissionDenied(_("只有本支部书记、组织委员和管理员可以查看和录入工资收入。"))
    form = DuesBaseForm(request.POST or None, instance=DuesBase(member=member))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_base(base=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存 %(name)s 的党费基数。") % {"name": member.name})
            return redirect("dues:bases", member_pk=member.pk)
    context = {
        "member": member,
        "organization": member.organization,
        "bases": member.dues_bases.all(),
        "form": form,
    }
    return render(request, "dues/bases.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def reductions(request, member_pk):
    """A member's approved reductions and exemptions (减免), with a form to record one."""
    member = get_member_for_user(request.user, member_pk, action=EDIT)
    form = ReductionForm(request.POST or None, instance=Reduction(member=member))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reduction(reduction=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已记录 %(name)s 的党费减免。") % {"name": member.name})
            return redirect("dues:reductions", member_pk=member.pk)
    context = {
        "member": member,
        "organization": member.organization,
        "reductions": member.dues_reductions.all(),
        "form": form,
    }
    return render(request, "dues/reductions.html", context)


@login_required
def register(request, pk, year, fmt, month=None):
    """党费收缴登记表 of a year, or of a month (with the year to that month)."""
    organization = get_organization_for_user(request.user, pk, action=VIEW)
    if fmt not in export.FORMATS:
        raise Http404
    through = _month(year, month) if month else datetime.date(_year(year), 12, 1)
    rows, totals = register_rows(
        organization, year, through, masked=not may_see_personal_data(request.user, organization)
    )
    title = export.title(organization, year, month)
    content = export.FORMATS[fmt](title, rows, totals, monthly=month is not None)
    period = f"{year}-{month:02d}" if month else f"{year}"
    return DownloadResponse(content, as_attachment=True, filename=f"党费收缴登记表-{period}.{fmt}")

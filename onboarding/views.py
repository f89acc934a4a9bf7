"""The district administrator's pages: the district's schools, organisations and accounts; the
onboarding import (preview, then all or nothing); credential sheets; hand-overs (dated ahead too,
cancelled before their day); corrections of a school's or an organisation's name and place."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.models import OrganizationRole, RoleHandover, School
from onboarding import services, workbook
from onboarding.access import (
    administered_districts,
    get_administered_district,
    get_administered_organization,
    require_district_admin,
)
from onboarding.forms import (
    ConfirmForm,
    CredentialsForm,
    HandoverForm,
    OrganizationForm,
    PartyGroupForm,
    RoleForm,
    SchoolForm,
    UploadForm,
)
from onboarding.models import OnboardingPreview
from onboarding.selectors import (
    district_accounts,
    district_tree,
    handovers_of,
    organization_roles,
    pending_handovers,
)
from portal import spreadsheets
from portal.credentials import credential_sheet_docx
from portal.downloads import DownloadResponse
from portal.history import history_rows
from portal.submissions import submit_once
from portal.versioning import StaleEdit, conflict_status

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def home(request):
    require_district_admin(request.user)
    districts = list(administered_districts(request.user))
    if len(districts) == 1:
        return redirect("onboarding:district", districts[0].pk)
    return render(request, "onboarding/home.html", {"districts": districts})


@login_required
def district(request, pk):
    district = get_administered_district(request.user, pk)
    context = {
        "district": district,
        "schools": district_tree(district),
        "accounts": district_accounts(district),
        "pending": pending_handovers(district=district),
        "today": datetime.date.today(),
    }
    return render(request, "onboarding/district.html", context)


@login_required
def template(request, pk):
    get_administered_district(request.user, pk)
    stream = spreadsheets.io.BytesIO(workbook.template_workbook())
    return DownloadResponse(
        stream,
        as_attachment=True,
        filename="学校与党组织开通模板.xlsx",
        content_type=spreadsheets.XLSX_TYPE,
    )


@login_required
def upload(request, pk):
    district = get_administered_district(request.user, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    plan = confirm = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        data = upload.read()
        try:
            plan = workbook.check(workbook.read(data, upload.name), district)
        except spreadsheets.SpreadsheetRefused as error:
            form.add_error("workbook", str(error))
        else:
            if not plan.errors:
                preview = OnboardingPreview.start(
                    user=request.user, district=district, file_name=upload.name, data=data
                )
                confirm = ConfirmForm(initial={"token": preview.token})
    context = {"district": district, "form": form, "plan": plan, "confirm": confirm}
    return render(request, "onboarding/upload.html", context)


@login_required
@require_POST
def confirm(request, pk):
    district = get_administered_district(request.user, pk)
    form = ConfirmForm(request.POST)
    preview = form.is_valid() and OnboardingPreview.live(
        token=form.cleaned_data["token"], user=request.user
    )
    if not preview or preview.district_id != district.pk:
        messages.error(request, _("找不到这份导入预览：它可能已经确认或已过期。请重新上传文件。"))
        return redirect("onboarding:upload", district.pk)
    plan = workbook.check(workbook.read(bytes(preview.data), preview.file_name), district)
    preview.delete()
    try:
        accounts = services.apply_plan(plan=plan, district=district, actor=request.user)
    except ValidationError:
        messages.error(
            request, _("文件内容在预览后已不再有效（如用户名已被占用），未导入任何数据。")
        )
        return redirect("onboarding:upload", district.pk)
    messages.success(
        request,
        _("已开通 %(s)s 所学校的 %(o)s 个党组织和 %(a)s 个账号。请打印账号通知单交给本人。")
        % {"s": len(plan.schools), "o": len(plan.rows), "a": len(accounts)},
    )
    return redirect("onboarding:district", district.pk)


@login_required
@require_POST
def credentials(request, pk):
    district = get_administered_district(request.user, pk)
    form = CredentialsForm(request.POST, accounts=services.managed_accounts(district))
    if not form.is_valid():
        messages.error(request, _("请至少选择一个本区的账号。"))
        return redirect("onboarding:district", district.pk)
    users = list(form.cleaned_data["users"].order_by("username"))
    url = request.build_absolute_uri(reverse("login"))
    slips = services.issue_credentials(district=district, users=users, url=url)
    stream = spreadsheets.io.BytesIO(credential_sheet_docx(slips))
    filename = f"{district.office_name}账号通知单.docx"
    return DownloadResponse(stream, as_attachment=True, filename=filename, content_type=DOCX)


@login_required
@submit_once
def handover(request, pk, org_pk):
    district = get_administered_district(request.user, pk)
    organization = get_administered_organization(request.user, district, org_pk)
    accounts = services.managed_accounts(district)
    form = HandoverForm(request.POST or None, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        try:
            services.hand_over_to(
                organization=organization, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["on"] > datetime.date.today():
                messages.success(
                    request,
                    _(
                        "交接已登记，将于 %(date)s 生效：在此之前原书记照常使用，可随时撤销。"
                        "新账号请在上一页打印账号通知单。"
                    )
                    % {"date": form.cleaned_data["on"].isoformat()},
                )
            else:
                messages.success(request, _("书记已交接。新账号请在上一页打印账号通知单。"))
            return redirect("onboarding:district", district.pk)
    context = {
        "district": district,
        "organization": organization,
        "form": form,
        "handovers": handovers_of(organization),
        "pending": pending_handovers(organization=organization),
    }
    return render(request, "onboarding/handover.html", context)


@login_required
@submit_once
def organization(request, pk, org_pk):
    """An organisation's role holders and party groups: add a secretary or 支委 (an account of
    the district or a new one), remove a role, add a party group."""
    district = get_administered_district(request.user, pk)
    organization = get_administered_organization(request.user, district, org_pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "group" and not organization.is_branch:
        action = None  # party groups sit under a 党支部 only (the page offers no form here)
    accounts = services.managed_accounts(district)
    role_form = RoleForm(request.POST if action == "role" else None, accounts=accounts)
    group_form = PartyGroupForm(request.POST if action == "group" else None, prefix="group")
    form = role_form if action == "role" else group_form if action == "group" else None
    if form is not None and form.is_valid():
        try:
            if form is role_form:
                services.grant_role(
                    organization=organization, data=form.cleaned_data, actor=request.user
                )
            else:
                services.add_party_group(
                    organization=organization, name=form.cleaned_data["group_name"]
                )
        except ValidationError as error:
            form.add_error(None, error.messages if form is group_form else error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("onboarding:organization", district.pk, organization.pk)
    context = {
        "district": district,
        "organization": organization,
        "roles": organization_roles(organization),
        "pending": pending_handovers(organization=organization),
        "today": datetime.date.today(),
        "groups": list(organization.groups.all()),
        "role_form": role_form,
        "group_form": group_form,
    }
    return render(request, "onboarding/organization.html", context)


@login_required
@require_POST
def role_remove(request, pk, role_pk):
    district = get_administered_district(request.user, pk)
    role = get_object_or_404(
        OrganizationRole.objects.filter(organization__school__district=district), pk=role_pk
    )
    services.remove_role(role=role, actor=request.user)
    messages.success(request, _("已取消 %(role)s 的角色。") % {"role": role})
    return redirect("onboarding:organization", district.pk, role.organization_id)


@login_required
@require_POST
def handover_cancel(request, pk, handover_pk):
    """Cancel a hand-over before its day (afterwards it is history: hand over again)."""
    district = get_administered_district(request.user, pk)
    handover = get_object_or_404(
        RoleHandover.objects.filter(organization__school__district=district), pk=handover_pk
    )
    try:
        services.cancel_handover(handover=handover, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("已撤销 %(org)s 定于 %(date)s 的书记交接。")
            % {"org": handover.organization.name, "date": handover.on.isoformat()},
        )
    return redirect("onboarding:organization", district.pk, handover.organization_id)


@login_required
@submit_once
def school_edit(request, pk, school_pk):
    """Correct a school's name (its district's administrator only)."""
    district = get_administered_district(request.user, pk)
    school = get_object_or_404(School.objects.filter(district=district), pk=school_pk)
    form = SchoolForm(request.POST or None, instance=school)
    return _edit(request, district, form, school, services.save_school, "school")


@login_required
@submit_once
def organization_edit(request, pk, org_pk):
    """Correct an organisation's name, kind or parent (its district's administrator only)."""
    district = get_administered_district(request.user, pk)
    organization = get_administered_organization(request.user, district, org_pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    return _edit(request, district, form, organization, services.save_organization, "organization")


def _edit(request, district, form, instance, save, name):
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save(**{name: form.save(commit=False), "actor": request.user})
        except StaleEdit as error:
            conflict = form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存：%(name)s") % {"name": instance.name})
            return redirect("onboarding:district", district.pk)
    context = {
        "district": district,
        "object": instance,
        "form": form,
        "conflict": conflict,
        "history": history_rows(instance.history.all(), exclude=("id", "school"), limit=30),
    }
    status = conflict_status(conflict, 400 if form.is_bound else 200)
    return render(request, "onboarding/edit.html", context, status=status)

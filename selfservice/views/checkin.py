"""Attendance confirmation: the secretary's code page (QR code, short link, 6-character code),
the member's confirmation ("我参加了"), and the secretary's one click on a conflict."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import EDIT, get_activity_for_user
from branches.models import Member
from portal.versioning import StaleEdit
from selfservice.models import today_in_shanghai
from selfservice.services import checkin as service


def _confirmable(activity):
    if activity.kind not in service.code_kinds():
        raise Http404(_("谈心谈话不用签到码确认。"))
    return activity


@login_required
def code_page(request, pk):
    """The code of a planned or held record, for the secretary to show (projector, phone)."""
    activity = _confirmable(get_activity_for_user(request.user, pk, action=EDIT))
    code = service.code_for(activity=activity, actor=request.user)
    link = request.build_absolute_uri(reverse("selfservice:confirm", args=[code.code]))
    qr = segno.make(link, error="m").svg_inline(
        scale=6, dark="#000", light="#fff", title=_("签到二维码"), svgclass="checkin-qr"
    )
    today = today_in_shanghai()
    context = {
        "activity": activity,
        "organization": activity.organization,
        "code": code,
        "link": link,
        "qr": qr,
        "valid_today": code.valid_on(today),
        "expired": today > code.last_day,
    }
    return render(request, "selfservice/code_page.html", context)


@login_required
def enter(request):
    """Type the 6-character code (the QR code's link carries it)."""
    text = service.normalize(request.GET.get("code", ""))
    if text:
        return redirect("selfservice:confirm", code=text)
    return render(request, "selfservice/enter.html", {})


@login_required
def confirm(request, code):
    """GET: the record the code opens, and the button; POST: record "我参加了"."""
    try:
        if request.method == "POST":
            check_in = service.confirm(user=request.user, text=code)
            messages.success(
                request,
                _("已确认你参加了：%(record)s。以支部书记登记的出席情况为准。")
                % {"record": check_in.activity},
            )
            return redirect("selfservice:confirm", code=check_in.code.code)
        check_in = service.find(user=request.user, text=code)
    except service.CheckInRefused as refusal:
        context = {"refusal": refusal.message, "code": service.normalize(code)}
        return render(request, "selfservice/enter.html", context, status=refusal.status)
    return render(request, "selfservice/confirm.html", {"check_in": check_in})


@login_required
@require_POST
def mark_present(request, pk, member_pk):
    """The secretary resolves a conflict (confirmed, marked absent): mark the member present,
    through the normal save of the record, refused when the record changed since."""
    activity = get_activity_for_user(request.user, pk, action=EDIT)
    if not activity.is_held:
        raise Http404
    member = Member.objects.filter(pk=member_pk, attendances__activity=activity).first()
    if member is None:
        raise Http404
    try:
        service.mark_present(
            actor=request.user,
            activity=activity,
            member_id=member.pk,
            expected_version=request.POST.get("lock_version", ""),
        )
    except (StaleEdit, ValueError):
        messages.error(
            request,
            _("未保存：这条记录在你打开页面之后已被修改。请查看最新的出席情况后再操作。"),
        )
    else:
        messages.success(request, _("已将%(name)s登记为出席。") % {"name": member.name})
    return redirect("branches:activity", pk=activity.pk)

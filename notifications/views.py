"""The bell's page (a user's current reminders), opening one (marks it read), the digest setting,
and the unsubscribe link of the e-mail (no login needed)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications import services
from notifications.forms import DigestSettingForm
from notifications.models import Notification
from notifications.selectors import items_for, recipient_for
from notifications.tokens import user_for_token


@login_required
def notification_list(request):
    """The user's current reminders, brought up to date first (the bell's number with them)."""
    recipient = recipient_for(request.user)
    services.sync(user=request.user, items=items_for(recipient, datetime.date.today()))
    notifications = (
        Notification.objects.current()
        .filter(user=request.user)
        .select_related("organization")
        .order_by("read_at", "-overdue", "due", "id")
    )
    return render(
        request,
        "notifications/list.html",
        {"notifications": notifications, "recipient": recipient},
    )


@login_required
def notification_open(request, pk):
    """Mark the notification read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(notification=notification)
    url = notification.url
    if not url.startswith("/") or url.startswith("//"):
        url = "notifications:list"
    return redirect(url)


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(user=request.user)
    messages.success(request, _("已全部标为已读。"))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request):
    recipient = recipient_for(request.user)
    # An unticked box posts nothing: bind on the method, not on the data.
    data = request.POST if request.method == "POST" else None
    form = DigestSettingForm(data, initial={"email_digest": recipient.wants_digest})
    if request.method == "POST" and form.is_valid():
        enabled = form.cleaned_data["email_digest"]
        services.set_digest(user=request.user, enabled=enabled)
        messages.success(
            request, _("已开启每周邮件提醒。") if enabled else _("已关闭每周邮件提醒。")
        )
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form, "recipient": recipient})


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET (the link in the e-mail) unsubscribes; POST subscribes again. No login needed."""
    user = user_for_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    subscribed = request.method == "POST"
    services.set_digest(user=user, enabled=subscribed)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"subscribed": subscribed, "email": user.email, "token": token},
    )

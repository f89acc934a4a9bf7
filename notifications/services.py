"""Writes of the notifications: keeping a user's notifications in step with their items,
marking one read, their digest choice, and sending the weekly digests."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Digest, DigestSetting, Notification
from notifications.providers import item_key
from notifications.selectors import all_recipients, digest_sections, items_for_all, week_of
from notifications.tokens import unsubscribe_token

logger = logging.getLogger(__name__)

# Resolved notifications are kept this long (a read one stays read if its item comes back).
KEEP_RESOLVED_DAYS = 90


def _count_unread(user):
    """Store the user's number of unread current notifications on the user row (the bell)."""
    count = Notification.objects.unread().filter(user=user).count()
    get_user_model().objects.filter(pk=user.pk).update(unread_notifications=count)
    user.unread_notifications = count
    return count


@transaction.atomic
def sync(*, user, items, now=None):
    """Make the user's current notifications the given items: new items are added (unread),
    items no longer due are resolved, items due again are current again. Five queries."""
    now = now or timezone.now()
    wanted = {}
    for item in items:
        wanted.setdefault(item_key(item), item)
    existing = {n.key: n for n in Notification.objects.filter(user=user)}
    new, changed = [], []
    for key, item in wanted.items():
        row = existing.get(key)
        org = item["organization"]
        if row is None:
            new.append(
                Notification(
                    user=user,
                    key=key,
                    organization=org,
                    kind=item["kind"],
                    title=item["title"][:300],
                    url=item["url"],
                    due=item["due"],
                    overdue=bool(item["overdue"]),
                )
            )
        elif row.resolved_at is not None or row.url != item["url"]:
            row.resolved_at, row.url = None, item["url"]
            changed.append(row)
    # Two tabs syncing at once: the second one's rows are already there.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    Notification.objects.bulk_update(changed, ["resolved_at", "url"])
    gone = [row.pk for key, row in existing.items() if key not in wanted and not row.resolved_at]
    Notification.objects.filter(pk__in=gone).update(resolved_at=now)
    Notification.objects.filter(
        user=user, resolved_at__lt=now - datetime.timedelta(days=KEEP_RESOLVED_DAYS)
    ).delete()
    return _count_unread(user)


@transaction.atomic
def mark_read(*, notification, now=None):
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])
        _count_unread(notification.user)


@transaction.atomic
def mark_all_read(*, user, now=None):
    Notification.objects.unread().filter(user=user).update(read_at=now or timezone.now())
    _count_unread(user)


def set_digest(*, user, enabled):
    DigestSetting.objects.update_or_create(user=user, defaults={"email_digest": enabled})


# -- the weekly digest ------------------------------------------------------------------------


def absolute(path):
    return settings.PORTAL_URL.rstrip("/") + path


def digest_message(user, items, today, connection=None):
    """The digest e-mail of one user (plain text and HTML), or None when nothing is due."""
    if not items:
        return None
    organizations, review = digest_sections(items, today)
    unsubscribe = absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))
    context = {
        "user": user,
        "today": today,
        "organizations": organizations,
        "review": review,
        "count": len(items),
        "portal_url": settings.PORTAL_URL.rstrip("/"),
        "settings_url": absolute(reverse("notifications:settings")),
        "unsubscribe_url": unsubscribe,
    }
    subject = _("党建台账 · 本周提醒（%(n)s 项）") % {"n": len(items)}
    message = EmailMultiAlternatives(
        subject,
        render_to_string("notifications/email/digest.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
        connection=connection,
    )
    message.attach_alternative(
        render_to_string("notifications/email/digest.html", context), "text/html"
    )
    return message


def send_digest(*, user, items, today, connection=None):
    """Send the week's digest to the user unless one was sent this week; True when sent."""
    message = digest_message(user, items, today, connection)
    if message is None or not user.email:
        return False
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                user=user, week=week_of(today), item_count=len(items), email=user.email
            )
    except IntegrityError:
        return False  # already sent this week
    try:
        message.send()
    except Exception:
        # Not sent: forget it, so the next run tries again.
        digest.delete()
        raise
    return True


def run(*, today=None, send=True, connection=None):
    """Sync every role holder's notifications and send the week's digests (management command
    send_digests). Returns {"users", "notifications", "sent", "failed"}."""
    today = today or datetime.date.today()
    recipients = all_recipients()
    sent_this_week = set(
        Digest.objects.filter(week=week_of(today)).values_list("user_id", flat=True)
    )
    result = {"users": len(recipients), "notifications": 0, "sent": 0, "failed": 0}
    connection = connection or (get_connection() if send else None)
    for recipient, items in items_for_all(recipients, today):
        user = recipient.user
        result["notifications"] += sync(user=user, items=items)
        if not send or not recipient.wants_digest or not user.email or not items:
            continue
        if user.pk in sent_this_week:
            continue
        try:
            result["sent"] += send_digest(
                user=user, items=items, today=today, connection=connection
            )
        except Exception:
            logger.exception("digest to user %s not sent", user.pk)
            result["failed"] += 1
    return result

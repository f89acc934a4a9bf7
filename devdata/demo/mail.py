"""Demo e-mail addresses and in-portal reminders: every demo account with a role gets an
address at example.com (a reserved domain: no real mailbox), so `manage.py send_digests` shows
the weekly digests on the console, and the bell of each account shows its reminders at once.
Safe to run again: an address is set only where none is, and the reminders are synced."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Q


def load(stdout=None):
    users = (
        get_user_model()
        .objects.filter(
            Q(organization_roles__isnull=False) | Q(reviewer_roles__isnull=False), email=""
        )
        .distinct()
    )
    for user in users:
        user.email = f"{user.username}@example.com"
        user.save(update_fields=["email"])
    # By the command's name: devdata does not import the notifications app (pyproject layers).
    call_command("send_digests", notifications_only=True, stdout=StringIO())

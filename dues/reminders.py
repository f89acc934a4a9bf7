"""Reminders of the dues (the `<app>.reminders` hook of the notifications app): members in
arrears, as the home page's 党费 panel warns them (arrears_book: 3 months owed, or 6 consecutive
months unpaid without a reason).

`reminders(organizations, today)` -> [{"organization", "kind", "title", "due", "overdue", "url"}].
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from dues.selectors.bills import arrears_book

ARREARS = "dues_arrears"


def reminders(organizations, today):
    branches = [org for org in organizations if org.is_branch]
    if not branches:
        return []
    book = arrears_book({org.id for org in branches}, today)
    items = []
    for org in branches:
        url = reverse("dues:month", args=[org.pk, today.year, today.month])
        for record in book.arrears(today, org.id):
            title = _("%(name)s 欠交党费 %(n)s 个月") % {
                "name": record.member.name,
                "n": record.owed_count,
            }
            if record.flagged:
                title += _("，已连续 %(n)s 个月未交且未说明原因") % {"n": record.streak}
            items.append(
                {
                    "organization": org,
                    "kind": ARREARS,
                    "title": title,
                    "due": None,
                    "overdue": True,
                    "url": url,
                }
            )
    return items

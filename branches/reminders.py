"""Reminders of the branches (the secretary's to-do): the `<app>.reminders` hook of the
notifications app (notifications/providers.py).

`reminders(organizations, today)` -> a list of dicts {"organization", "kind", "title", "due",
"overdue", "url"}, one per line of the to-do panel of the home page (secretary_todo: what is due
this month, quarter and year, what is overdue, the planned records, committee terms; the
development deadlines are development.reminders'). The panel and the reminders read the same
Todo, so they cannot disagree.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from branches.selectors.compliance import secretary_todo

DUE = "activity_due"
OVERDUE = "activity_overdue"
PLANNED = "activity_planned"
COMMITTEE = "committee_term"


def reminders(organizations, today):
    result = []
    for todo in secretary_todo(organizations, today=today):
        result.extend(todo_reminders(todo))
    return result


def _item(organization, kind, title, due, overdue, url):
    return {
        "organization": organization,
        "kind": kind,
        "title": title,
        "due": due,
        "overdue": overdue,
        "url": url,
    }


def _slot_url(org, slot):
    url = reverse("branches:activity_create", args=[org.pk, slot.kind])
    if slot.group_id:
        url += "?" + urlencode({"group": slot.group_id, "copy": 1})
    return url


def todo_reminders(todo):
    """The reminders of one branch's to-do, in the panel's order."""
    org, today = todo.organization, todo.today
    calendar = reverse("branches:compliance_calendar", args=[org.pk])
    items = []
    for slot in (*todo.month, *todo.quarter):
        title = f"{slot.window.label} · {slot.label}"
        if slot.planned:
            title += _("（已计划）")
        url = calendar if slot.planned else _slot_url(org, slot)
        items.append(_item(org, DUE, title, slot.window.end, False, url))
    for slot in todo.year:
        title = _("本年度") + f" · {slot.label}"
        if slot.planned:
            title += _("（已计划）")
        items.append(_item(org, DUE, title, slot.window.end, False, calendar))
    for window, slot in todo.overdue_items:
        items.append(
            _item(org, OVERDUE, f"{window} · {slot.label}", slot.window.end, True, calendar)
        )
    for activity in todo.planned:
        title = _("计划召开：%(date)s %(kind)s") % {
            "date": activity.date.strftime("%m-%d"),
            "kind": activity.get_kind_display(),
        }
        if activity.group:
            title += f" · {activity.group.name}"
        if activity.topic:
            title += f"：{activity.topic}"
        url = reverse("branches:activity_edit", args=[activity.pk]) + "?complete=1"
        items.append(_item(org, PLANNED, title, activity.date, activity.date < today, url))
    committees = reverse("branches:committees", args=[org.pk])
    for warning in todo.committee:
        due = warning.due_on
        if due is None:
            title = warning.message
        elif due < today:
            title = _("支委会任期已于 %(date)s 届满，应及时换届") % {"date": due}
        else:
            title = _("支委会任期将于 %(date)s 届满，请准备换届") % {"date": due}
        items.append(_item(org, COMMITTEE, title, due, due is not None and due < today, committees))
    return items

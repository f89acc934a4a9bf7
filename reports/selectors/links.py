"""Links from a report figure to the branches' own pages (ledger, roster, honours) for its period.

The figure page of this app lists the records itself; these links open the same records where the
secretary keeps them. None when the other page cannot show exactly that period (the ledger shows
one year or school year of one branch).
"""

from urllib.parse import urlencode

from django.urls import reverse

from branches.periods import PeriodType

ACTIVITY_KEYS = {
    "study_hours": "study",
    "study_hours_per_member": "study",
    "volunteer_hours": "volunteer",
    "volunteer_hours_per_member": "volunteer",
    "volunteer_participants": "volunteer",
}


def source_url(organization, period, key):
    kind = key.removeprefix("kind-") if key.startswith("kind-") else ACTIVITY_KEYS.get(key)
    if kind:
        if not organization.is_branch or period.type == PeriodType.TERM:
            return None
        query = {"year": period.year, "kind": kind, "status": "held"}
        if period.type == PeriodType.SCHOOL_YEAR:
            query["school"] = "1"
        return f"{reverse('branches:ledger', args=[organization.pk])}?{urlencode(query)}"
    if key.startswith("dues_"):
        if not organization.is_branch:
            return None
        return reverse("dues:year", args=[organization.pk, period.end.year])
    if key == "honours":
        return reverse("branches:honours", args=[organization.pk])
    day = period.start if key == "members_start" else period.end
    query = {"on": day.isoformat()}
    if key not in ("members_start", "members_end", "probationary_end"):
        query["status"] = "all"
    return f"{reverse('branches:members', args=[organization.pk])}?{urlencode(query)}"

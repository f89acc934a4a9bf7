"""Who is reminded of what: the items of each user (the reminders of the branches they keep, the
reports waiting in the districts they review) and how a digest groups them."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from branches.models import DistrictReviewer, Organization, OrganizationRole
from notifications.models import DigestSetting
from notifications.providers import collect
from notifications.reviewers import REVIEW, review_items


@dataclass
class Recipient:
    user: object
    branch_ids: list = field(default_factory=list)
    district_ids: list = field(default_factory=list)
    is_secretary: bool = False
    is_committee: bool = False
    setting: bool | None = None  # DigestSetting.email_digest

    @property
    def wants_digest(self):
        """The user's choice; without one, secretaries and reviewers yes, committee members no."""
        if self.setting is not None:
            return self.setting
        return self.is_secretary or bool(self.district_ids)


def _branches(org_ids):
    return (
        Organization.objects.filter(id__in=org_ids)
        .branches()
        .select_related("school")
        .order_by("name", "id")
    )


def recipient_for(user):
    """The Recipient of one user (four queries)."""
    return _recipients([user])[0]


def items_for(recipient, today):
    """The recipient's items: their branches' reminders, then the reports waiting for review."""
    branches = list(_branches(recipient.branch_ids)) if recipient.branch_ids else []
    by_org = collect(branches, today)
    by_district = review_items(recipient.district_ids) if recipient.district_ids else {}
    return _items(recipient, branches, by_org, by_district)


def _items(recipient, branches, by_org, by_district):
    items = []
    for org in branches:
        if org.id in recipient.branch_ids:
            items.extend(by_org.get(org.id, []))
    for district_id in recipient.district_ids:
        items.extend(by_district.get(district_id, []))
    return items


def all_recipients():
    """Every active user holding a role, with their branches, reviewed districts and digest
    choice. Five queries whatever their number."""
    User = get_user_model()
    users = (
        User.objects.filter(is_active=True)
        .filter(Q(organization_roles__isnull=False) | Q(reviewer_roles__isnull=False))
        .distinct()
        .order_by("id")
    )
    return _recipients(list(users))


# The roles that keep a branch's records, so are reminded of its to-do.
KEEPERS = (OrganizationRole.Role.SECRETARY, OrganizationRole.Role.COMMITTEE)


def _recipients(users):
    """[Recipient] of the users: the organisations they keep a role in and those under them,
    the districts they review, their digest choice. Four queries for any number of users."""
    recipients = {user.pk: Recipient(user) for user in users}
    own = {}
    roles = OrganizationRole.objects.current().filter(user_id__in=recipients, role__in=KEEPERS)
    for user_id, org_id, role in roles.values_list("user_id", "organization_id", "role"):
        own.setdefault(user_id, set()).add(org_id)
        recipient = recipients[user_id]
        recipient.is_secretary |= role == OrganizationRole.Role.SECRETARY
        recipient.is_committee |= role == OrganizationRole.Role.COMMITTEE
    tops = set().union(*own.values()) if own else set()
    under = Organization.objects.subtree_map(tops) if tops else {}
    for user_id, org_ids in own.items():
        recipients[user_id].branch_ids = sorted(set().union(*(under[o] for o in org_ids)))
    reviewers = DistrictReviewer.objects.filter(user_id__in=recipients)
    for user_id, district_id in reviewers.values_list("user_id", "district_id"):
        recipients[user_id].district_ids.append(district_id)
    settings = DigestSetting.objects.filter(user_id__in=recipients)
    for user_id, choice in settings.values_list("user_id", "email_digest"):
        recipients[user_id].setting = choice
    return list(recipients.values())


def items_for_all(recipients, today):
    """[(recipient, items)] for every recipient; the providers run once for all branches."""
    org_ids = set().union(*(r.branch_ids for r in recipients)) if recipients else set()
    district_ids = set().union(*(r.district_ids for r in recipients)) if recipients else set()
    branches = list(_branches(org_ids)) if org_ids else []
    by_org = collect(branches, today)
    by_district = review_items(district_ids) if district_ids else {}
    return [(r, _items(r, branches, by_org, by_district)) for r in recipients]


# -- how a digest reads -----------------------------------------------------------------------


@dataclass
class Section:
    title: str
    items: list


@dataclass
class OrganizationDigest:
    organization: object
    sections: list


def week_of(day):
    """The Monday of `day`'s week: a user receives one digest per such week."""
    return day - datetime.timedelta(days=day.weekday())


def digest_sections(items, today):
    """Per organisation (in the items' order): 已逾期, 本周到期, 本月到期, 本季度及本年度,
    其他事项. The reports waiting for review are apart: (organisation digests, review items)."""
    week_end = week_of(today) + datetime.timedelta(days=6)
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    labels = (
        _("已逾期"),
        _("本周到期"),
        _("本月到期"),
        _("本季度及本年度"),
        _("其他事项"),
    )
    grouped, review = {}, []
    for item in items:
        if item["kind"] == REVIEW:
            review.append(item)
            continue
        if item["overdue"]:
            index = 0
        elif item["due"] is None:
            index = 4
        elif item["due"] <= week_end:
            index = 1
        elif item["due"] <= month_end:
            index = 2
        else:
            index = 3
        grouped.setdefault(item["organization"], [[] for _label in labels])[index].append(item)
    organizations = [
        OrganizationDigest(org, [Section(labels[i], rows) for i, rows in enumerate(parts) if rows])
        for org, parts in grouped.items()
    ]
    return organizations, review

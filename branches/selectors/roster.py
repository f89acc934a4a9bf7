"""Read-only questions about rosters and committees, for pages and for other apps' dashboards.

Every function takes many organisations at once and runs a fixed number of queries, so a home
page or a district overview can ask for all its branches in one go.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from branches import kept
from branches.models import Committee, Honour, Member, Organization, PersonalDataReveal
from branches.models.committees import (
    COMMITTEE_MAX_SIZE,
    COMMITTEE_MIN_SIZE,
    COMMITTEE_REQUIRED_FROM,
    TERM_WARNING_DAYS,
    CommitteePost,
)
from branches.models.members import (
    PERSONAL_DATA_MASKS,
    Movement,
    on_roster_q,
)
from portal.history import HistoryRow, history_rows, user_label


def _ids(organizations):
    return [getattr(org, "pk", org) for org in organizations]


# -- counts as of a date ------------------------------------------------------------------------


@dataclass
class RosterCounts:
    on: datetime.date
    party_members: int
    full: int
    probationary: int
    in_development: int
    by_group: list  # [(group name or "", count)]
    by_unit: list  # [(work unit or "", count)]


def roster_counts(organizations, on):
    """Party members (预备 + 正式) on the roster on `on`, in total, by stage, group and unit.

    Three queries whatever the number of organisations or members.
    """
    members = Member.objects.filter(organization_id__in=_ids(organizations)).on_roster(on)
    admitted = Q(admission_date__lte=on)
    full = Q(full_date__lte=on)
    totals = members.aggregate(
        party_members=Count("id", filter=admitted),
        full=Count("id", filter=full),
        probationary=Count("id", filter=admitted & ~full),
        in_development=Count("id", filter=~admitted),
    )
    party = members.filter(admitted)
    by_group = [
        (row["group__name"] or "", row["n"])
        for row in party.values("group__name").annotate(n=Count("id")).order_by("group__name")
    ]
    by_unit = [
        (row["work_unit"], row["n"])
        for row in party.values("work_unit").annotate(n=Count("id")).order_by("-n", "work_unit")
    ]
    return RosterCounts(on=on, by_group=by_group, by_unit=by_unit, **totals)


def member_count_annotations(on):
    """Annotations for an Organization queryset: its own members on the roster on `on`."""
    on_roster = on_roster_q(on, prefix="members__")
    admitted = Q(members__admission_date__lte=on)
    full = Q(members__full_date__lte=on)
    return {
        "party_member_count": Count("members", filter=on_roster & admitted),
        "full_member_count": Count("members", filter=on_roster & full),
        "probationary_count": Count("members", filter=on_roster & admitted & ~full),
        "development_count": Count("members", filter=on_roster & ~admitted),
    }


MEMBER_COUNTS = (
    "party_member_count",
    "full_member_count",
    "probationary_count",
    "development_count",
)


def member_counts(org_ids, on):
    """{organisation id: {name: count}} of `member_count_annotations` for each organisation, kept
    under its data version (branches.kept: a roster change renews it), so a page of thousands of
    organisations (the province roll-up) reads them instead of counting 60,000 roster rows."""

    def compute(ids):
        rows = (
            Organization.objects.filter(id__in=ids)
            .annotate(**member_count_annotations(on))
            .values_list("id", *MEMBER_COUNTS)
        )
        return {org_id: dict(zip(MEMBER_COUNTS, counts, strict=True)) for org_id, *counts in rows}

    return kept.kept("member-counts", org_ids, on.isoformat(), compute)


# -- committees and terms -----------------------------------------------------------------------


@dataclass
class CommitteeWarning:
    organization: Organization
    message: str
    committee: Committee | None = None
    due_on: datetime.date | None = None
    severity: str = "warning"  # "warning" or "danger"


def committee_warnings(organizations, today):
    """Term ending within 90 days or over; 7+ full members and no committee; size outside 3-7.

    Two queries for any number of organisations (organisations are passed in, not fetched).
    """
    organizations = list(organizations)
    ids = _ids(organizations)
    committees = {
        committee.organization_id: committee
        for committee in Committee.objects.in_office(today)
        .filter(organization_id__in=ids)
        .annotate(member_count=Count("posts__member", distinct=True))
        .order_by("organization_id", "term_start")
    }
    full_counts = dict(
        Member.objects.full_members(today)
        .filter(organization_id__in=ids)
        .values("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    warnings = []
    for organization in organizations:
        committee = committees.get(organization.pk)
        if committee is None:
            full = full_counts.get(organization.pk, 0)
            if organization.kind == Organization.Kind.BRANCH and full >= COMMITTEE_REQUIRED_FROM:
                warnings.append(
                    CommitteeWarning(
                        organization,
                        _(
                            "有正式党员 %(n)s 名（7 名及以上），应选举支部委员会，但没有在任的支委会。"
                        )
                        % {"n": full},
                    )
                )
            continue
        committee.organization = organization
        days = (committee.due_date - today).days
        if committee.is_extended:
            approval = _("经上级批准延期换届（%(document)s，%(approved)s 批准），") % {
                "document": committee.extension_document,
                "approved": committee.extension_approved_on,
            }
        else:
            approval = ""
        if days < 0:
            warnings.append(
                CommitteeWarning(
                    organization,
                    approval
                    + _("本届任期已于 %(date)s 届满，应及时换届。") % {"date": committee.due_date},
                    committee,
                    committee.due_date,
                    "danger",
                )
            )
        elif days <= TERM_WARNING_DAYS:
            warnings.append(
                CommitteeWarning(
                    organization,
                    approval
                    + _("本届任期将于 %(date)s 届满（还有 %(days)s 天），请准备换届。")
                    % {"date": committee.due_date, "days": days},
                    committee,
                    committee.due_date,
                )
            )
        if not COMMITTEE_MIN_SIZE <= committee.member_count <= COMMITTEE_MAX_SIZE:
            warnings.append(
                CommitteeWarning(
                    organization,
                    _("支委会现有委员 %(n)s 人，应为 3–7 人。") % {"n": committee.member_count},
                    committee,
                )
            )
    return warnings


# -- change history -----------------------------------------------------------------------------


def member_history(member, *, with_reveals=False):
    """The member's change history, newest first, with personal data masked (five queries): their
    own rows, movements, honours and committee posts (portal.history rows, labelled by `what`).

    `with_reveals` (for those who keep the roster and admins) adds who revealed a full 身份证号
    or phone and when (one more query).
    """
    trails = [
        (Member.history.filter(id=member.pk), ("id", "organization"), _("党员信息")),
        (Movement.history.filter(member_id=member.pk), ("id", "member"), _("组织关系变动")),
        (Honour.history.filter(member_id=member.pk), ("id", "organization", "member"), _("表彰")),
        (
            CommitteePost.history.filter(member_id=member.pk),
            ("id", "committee", "member"),
            _("支委职务"),
        ),
    ]
    rows = [
        row
        for records, exclude, what in trails
        for row in history_rows(
            records, exclude=exclude, masked_fields=PERSONAL_DATA_MASKS, complete=True, what=what
        )
        if row.changes or row.kind != "~"  # e.g. a movement's save of joined_on/left_on
    ]
    if with_reveals:
        reveals = PersonalDataReveal.objects.filter(member=member).select_related("user")
        rows += [
            HistoryRow(
                when=reveal.revealed_at,
                who=user_label(reveal.user) if reveal.user else reveal.user_name,
                action=_("查看完整%(field)s") % {"field": reveal.get_field_display()},
                kind="view",
                reason="",
                what=_("个人信息"),
                user=reveal.user,
            )
            for reveal in reveals
        ]
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows

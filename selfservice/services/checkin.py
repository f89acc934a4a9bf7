"""Attendance confirmation by code: the record's code, a member's "我参加了", and the secretary's
one click to mark a confirmed member present (through the normal filing service)."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branches.models import Activity
from branches.models.activities import Kind
from branches.services.activities import ACTIVITY_FIELDS, current_filing, file_activity
from portal.versioning import lock_row
from selfservice.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    AttendanceCode,
    AttendanceConfirmation,
    MemberAccount,
    new_code,
    today_in_shanghai,
)

# Wrong codes a user may type before being told to wait (a code is one of 31^6 ≈ 8.9e8).
FAILURE_LIMIT = 10
FAILURE_WINDOW_SECONDS = 15 * 60


class CheckInRefused(Exception):
    """A code that cannot be used by this user today; the message says why, in Chinese."""

    def __init__(self, message, *, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def code_kinds():
    """Records a member may confirm: everything but talks (a pair, filed by the secretary)."""
    return tuple(kind for kind in Kind if kind != Kind.TALK)


def code_for(*, activity, actor):
    """The record's code, made the first time it is asked for."""
    existing = AttendanceCode.objects.filter(activity=activity).first()
    if existing is not None:
        return existing
    for _attempt in range(20):
        try:
            with transaction.atomic():
                return AttendanceCode.objects.create(
                    activity=activity, code=new_code(), created_by=actor
                )
        except IntegrityError:
            existing = AttendanceCode.objects.filter(activity=activity).first()
            if existing is not None:  # made at the same moment by another request
                return existing
    raise RuntimeError("no free attendance code")  # pragma: no cover - 8.9e8 codes


def normalize(text):
    return "".join(ch for ch in str(text or "").upper() if ch.isalnum())[: CODE_LENGTH + 4]


def _failure_key(user):
    return f"selfservice:checkin-failures:{user.pk}"


def _check_rate(user):
    if cache.get(_failure_key(user), 0) >= FAILURE_LIMIT:
        raise CheckInRefused(
            _("签到码输错次数过多，请 %(minutes)s 分钟后再试。")
            % {"minutes": FAILURE_WINDOW_SECONDS // 60},
            status=429,
        )


def _count_failure(user):
    key = _failure_key(user)
    if not cache.add(key, 1, FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, FAILURE_WINDOW_SECONDS)


@dataclass
class CheckIn:
    code: AttendanceCode
    activity: Activity
    account: MemberAccount
    confirmation: AttendanceConfirmation | None


def find(*, user, text, today=None):
    """The record a code opens for this user today, or CheckInRefused with the reason."""
    today = today or today_in_shanghai()
    _check_rate(user)
    text = normalize(text)
    found = None
    if len(text) == CODE_LENGTH and set(text) <= set(CODE_ALPHABET):
        found = (
            AttendanceCode.objects.select_related(
                "activity__organization__school", "activity__group"
            )
            .filter(code=text)
            .first()
        )
    if found is None:
        _count_failure(user)
        raise CheckInRefused(_("签到码不正确，请核对后重新输入（6 位字母或数字）。"), status=404)
    activity = found.activity
    if not found.valid_on(today):
        day = f"{found.first_day:%Y-%m-%d}"
        if found.last_day != found.first_day:
            day = f"{day} 至 {found.last_day:%Y-%m-%d}"
        if today < found.first_day:
            message = _("该签到码仅在活动当天（%(day)s）有效，现在还不能确认。")
        else:
            message = _("该签到码已过期：仅在活动当天（%(day)s）有效。")
        raise CheckInRefused(message % {"day": day}, status=410)
    account = MemberAccount.objects.select_related("member__organization").filter(user=user).first()
    if account is None:
        raise CheckInRefused(
            _("只有党员本人的账号可以确认参加。请用支部发给你的党员账号登录。"), status=403
        )
    if account.member.organization_id != activity.organization_id:
        raise CheckInRefused(
            _("你不是%(org)s的党员，不能确认参加该支部的活动。")
            % {"org": activity.organization.name},
            status=403,
        )
    if not account.member.is_on_roster(activity.date):
        raise CheckInRefused(
            _("你在活动当天（%(day)s）不在%(org)s的名册中，不能确认参加。")
            % {"day": f"{activity.date:%Y-%m-%d}", "org": activity.organization.name},
            status=403,
        )
    confirmation = AttendanceConfirmation.objects.filter(
        activity=activity, member=account.member
    ).first()
    return CheckIn(found, activity, account, confirmation)


@transaction.atomic
def confirm(*, user, text, today=None):
    """Record the user's "我参加了" for the record the code opens (once; again is a no-op)."""
    check_in = find(user=user, text=text, today=today)
    if check_in.confirmation is None:
        check_in.confirmation, _created = AttendanceConfirmation.objects.get_or_create(
            activity=check_in.activity, member=check_in.account.member, defaults={"user": user}
        )
    return check_in


@transaction.atomic
def mark_present(*, actor, activity, member_id, expected_version):
    """The secretary marks a member who confirmed as present: the record saved again through
    branches' filing service with that one absence removed. Raises StaleEdit when the record
    was saved after the page showing the conflict was opened."""
    lock_row(activity, expected_version=expected_version)
    filing = current_filing(activity)
    filing.absences.pop(member_id, None)
    return file_activity(
        actor=actor,
        organization=activity.organization,
        kind=activity.kind,
        values={name: getattr(activity, name) for name in ACTIVITY_FIELDS},
        filing=filing,
        activity=activity,
    )

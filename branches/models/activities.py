"""Activity records of a party organisation: meetings, lectures, theme days, talks, study, service.

A record holds facts, not prose. Who was expected is derived from the roster as of the record's date
(see `Activity.expected_members`); attendance rows are written by the filing service for exactly that
set, so 应到 / 实到 / rates are counts over rows, never typed in. Votes, appraisal results and
attachments hang off the record in their own tables (branches/models/activity_parts.py).
"""

from decimal import Decimal

from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.scope import OrganizationScopedQuerySet
from portal.history import history_rows
from portal.versioning import VersionedModel, saved_since

from .committees import Committee, CommitteePost
from .members import Member
from .organizations import Organization, PartyGroup


class Kind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", _("支部党员大会")
    COMMITTEE_MEETING = "committee_meeting", _("支部委员会会议")
    GROUP_MEETING = "group_meeting", _("党小组会")
    LECTURE = "lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    LIFE_MEETING = "life_meeting", _("组织生活会")
    APPRAISAL = "appraisal", _("民主评议党员")
    TALK = "talk", _("谈心谈话")
    STUDY = "study", _("集中学习/参观学习")
    VOLUNTEER = "volunteer", _("志愿服务")
    OTHER = "other", _("其他")


# Kinds whose records may carry votes, and those whose participants earn hours.
VOTING_KINDS = (Kind.GENERAL_MEETING, Kind.COMMITTEE_MEETING)
HOURS_KINDS = (Kind.STUDY, Kind.VOLUNTEER)
# Kinds that count towards a member's attendance rate (volunteering is voluntary; talks are pairs).
ATTENDANCE_KINDS = tuple(k for k in Kind if k not in (Kind.VOLUNTEER, Kind.TALK))
# Kinds planned for the year on the plan page (年度计划): those needing a party group or a talk
# pair are planned from their own filing page (党小组会, 谈心谈话).
PLAN_KINDS = tuple(k for k in Kind if k not in (Kind.GROUP_MEETING, Kind.TALK))
AGENDA_KINDS = (
    Kind.GENERAL_MEETING,
    Kind.COMMITTEE_MEETING,
    Kind.GROUP_MEETING,
    Kind.LIFE_MEETING,
    Kind.THEME_DAY,
    Kind.OTHER,
)


# The hours one attendance row earns: its own override, else its record's hours. The one
# definition behind every hours total (ledger, compliance, statistics); the first reads
# Attendance rows, the second a record's rows from Activity.
PARTICIPANT_HOURS = Coalesce(F("hours"), F("activity__hours"))
RECORD_PARTICIPANT_HOURS = Coalesce(F("attendances__hours"), F("hours"))


class ActivityQuerySet(OrganizationScopedQuerySet):
    def held(self):
        return self.filter(status=Activity.Status.HELD)

    def planned(self):
        return self.filter(status=Activity.Status.PLANNED)

    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)

    def with_counts(self):
        """Annotate 应到 (`expected_count`) and 实到 (`present_count`) from attendance rows."""
        return self.annotate(
            expected_count=Count("attendances", distinct=True),
            present_count=Count("attendances", filter=Q(attendances__present=True), distinct=True),
        )


class Activity(VersionedModel):
    Kind = Kind

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划")
        HELD = "held", _("已开展")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="activities", verbose_name=_("党组织")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="held")
    group = models.ForeignKey(
        PartyGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("党小组"),
        help_text=_("党小组会必填"),
    )
    date = models.DateField(_("日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("多日活动填写"))
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    host = models.CharField(_("主持人"), max_length=50, blank=True)
    recorder = models.CharField(_("记录人"), max_length=50, blank=True)
    topic = models.CharField(_("主题"), max_length=200)
    lecturer = models.CharField(_("授课人"), max_length=50, blank=True)
    talker = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talks_given",
        verbose_name=_("谈话人"),
    )
    talkee = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talks_received",
        verbose_name=_("谈话对象"),
    )
    hours = models.DecimalField(
        _("每人学时/服务时长"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("集中学习、志愿服务按每位参加者计"),
    )
    content = models.TextField(_("内容摘要"), blank=True)
    created_by = models.ForeignKey(
        "portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("填报人"),
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history_excluded_fields = ("id", "organization", "kind", "created_by")

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], verbose_name=_("活动记录（历史）")
    )

    class Meta:
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
        ordering = ["-date", "-start_time", "-id"]
        indexes = [
            models.Index(fields=["organization", "date"], name="activity_org_date_idx"),
            models.Index(fields=["organization", "kind", "date"], name="activity_org_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="activity_end_not_before_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(kind="group_meeting") | Q(group__isnull=False),
                name="activity_group_meeting_has_group",
                violation_error_message=_("党小组会须选择党小组。"),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="activity_hours_positive",
                violation_error_message=_("时长不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_planned(self):
        return self.status == self.Status.PLANNED

    @property
    def allows_votes(self):
        return self.kind in VOTING_KINDS

    @property
    def has_hours(self):
        return self.kind in HOURS_KINDS

    @property
    def counts_attendance(self):
        """Volunteering and talks have participants; absence from them is not recorded."""
        return self.kind in ATTENDANCE_KINDS

    @property
    def has_agenda(self):
        return self.kind in AGENDA_KINDS

    def changes_since(self, version):
        """What was saved after `version`, with the attendance, agenda and appraisal results
        changed since."""
        return saved_since(self, version, parts=[lambda since: part_changes(self, since=since)])

    def expected_members(self, on=None):
        """Who is expected, derived from the roster as of the record's date (or `on`)."""
        return expected_members(
            organization=self.organization,
            kind=self.kind,
            on=on or self.date,
            group=self.group,
            talker=self.talker,
            talkee=self.talkee,
        )


def committee_member_ids(organization, on):
    """Ids of members holding a post on the organisation's committee in office on that day."""
    return (
        CommitteePost.objects.filter(
            committee__in=Committee.objects.in_office(on).filter(organization=organization)
        )
        .filter(Q(elected_on__isnull=True) | Q(elected_on__lte=on))
        .values_list("member_id", flat=True)
    )


def expected_members(*, organization, kind, on, group=None, talker=None, talkee=None):
    """The roster rule for each kind, as of the given day (a Member queryset, by name)."""
    members = Member.objects.filter(organization=organization).order_by("name", "id")
    if kind == Kind.COMMITTEE_MEETING:
        return members.party_members(on).filter(id__in=committee_member_ids(organization, on))
    if kind == Kind.GROUP_MEETING:
        return members.party_members(on).filter(group=group) if group else members.none()
    if kind == Kind.APPRAISAL:
        return members.full_members(on)
    if kind == Kind.TALK:
        ids = [m.id for m in (talker, talkee) if m is not None]
        return members.party_members(on).filter(id__in=ids)
    return members.party_members(on)


class AbsenceReason(models.TextChoices):
    SICK = "sick", _("病假")
    PERSONAL = "personal", _("事假")
    OFFICIAL = "official", _("公假")
    OTHER = "other", _("其他")


class AttendanceQuerySet(models.QuerySet):
    def of_held(self, organization_ids, start, end):
        """Attendance rows of the held records of these organisations dated in [start, end]
        (joined from the records' organisation/date index)."""
        return self.filter(
            activity__organization_id__in=organization_ids,
            activity__status=Activity.Status.HELD,
            activity__date__gte=start,
            activity__date__lte=end,
        )

    def totals(self, *group_by):
        """Held-attendance totals per `group_by` values (the one definition; docs/domain.md,
        Figures): `expected_count` (应到) and `present_count` (实到) over the records of
        ATTENDANCE_KINDS, `study_hours` and `volunteer_hours` per present participant, and
        `participants` (present rows of any kind). Hours are None where there are none."""
        counted = Q(activity__kind__in=ATTENDANCE_KINDS)
        present = Q(present=True)
        return (
            self.values(*group_by)
            .annotate(
                expected_count=Count("id", filter=counted),
                present_count=Count("id", filter=counted & present),
                study_hours=Sum(PARTICIPANT_HOURS, filter=present & Q(activity__kind=Kind.STUDY)),
                volunteer_hours=Sum(
                    PARTICIPANT_HOURS, filter=present & Q(activity__kind=Kind.VOLUNTEER)
                ),
                participants=Count("id", filter=present),
            )
            .order_by()
        )


def totals_of(records):
    """`AttendanceQuerySet.totals()` for held records already loaded with their `kind`,
    `expected_count`, `present_count` and `participant_hours` (the hours of their present
    participants summed, PARTICIPANT_HOURS): the same rule, no query; a dict with the same keys."""
    counted = [r for r in records if r.kind in ATTENDANCE_KINDS]

    def hours(kind):
        return sum((r.participant_hours or 0 for r in records if r.kind == kind), Decimal(0))

    return {
        "expected_count": sum(r.expected_count for r in counted),
        "present_count": sum(r.present_count for r in counted),
        "study_hours": hours(Kind.STUDY),
        "volunteer_hours": hours(Kind.VOLUNTEER),
        "participants": sum(r.present_count for r in records),
    }


class Attendance(models.Model):
    """One expected member of one record: present, or absent with a reason."""

    Reason = AbsenceReason

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("活动")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("党员")
    )
    present = models.BooleanField(_("出席"), default=True)
    absence_reason = models.CharField(
        _("缺席原因"), max_length=10, choices=AbsenceReason.choices, blank=True
    )
    # Hours of this participant when they differ from the record's hours (study, volunteering);
    # empty: the record's hours. Totals read `PARTICIPANT_HOURS`, never one of the two alone.
    hours = models.DecimalField(
        _("本人时长"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("与活动的每人时长不同时填写"),
    )
    # Whether the member could vote on the day (正式党员); fixed when the record is filed.
    can_vote = models.BooleanField(_("有表决权"), default=False)

    history = HistoricalRecords(excluded_fields=["can_vote"], verbose_name=_("出席情况（历史）"))

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        ordering = ["activity", "member__name", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="attendance_unique_activity_member"
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="attendance_hours_positive",
                violation_error_message=_("时长不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(present=True, absence_reason="") | Q(present=False),
                name="attendance_reason_only_when_absent",
                violation_error_message=_("出席的人员不填写缺席原因。"),
            ),
        ]

    def __str__(self):
        state = _("出席") if self.present else self.get_absence_reason_display() or _("缺席")
        return f"{self.member} · {state}"


def attendance_changes(activity, *, since=None, limit=50):
    """History rows of attendance marked differently after the record was filed, newest first,
    each naming its member (a constant number of queries)."""
    changes = Attendance.history.filter(activity_id=activity.pk, history_type="~")
    if since is not None:
        changes = changes.filter(history_date__gte=since)
    return _named_rows(changes, gettext("出席情况：%(name)s"), limit)


def _named_rows(records, label, limit):
    names = [
        record.member.name
        for record in records.select_related("member").order_by("-history_date", "-history_id")[
            :limit
        ]
    ]
    rows = history_rows(records, exclude=("id", "activity", "member"), limit=limit)
    for row, name in zip(rows, names, strict=True):
        row.reason = label % {"name": name}
    return rows


def part_changes(activity, *, since, limit=50):
    """History rows of the record's attendance, agenda and appraisal results saved since.

    The part models are reached through the record's relations (activity_parts.py imports this
    module, not the other way round)."""
    agenda_items, appraisals = activity.agenda_items.model, activity.appraisals.model
    agenda = history_rows(
        agenda_items.history.filter(activity_id=activity.pk, history_date__gte=since),
        exclude=("id", "activity"),
        limit=limit,
    )
    for row in agenda:
        row.reason = gettext("议题")
    appraisals = appraisals.history.filter(activity_id=activity.pk, history_date__gte=since)
    return [
        *attendance_changes(activity, since=since, limit=limit),
        *agenda,
        *_named_rows(appraisals, gettext("民主评议：%(name)s"), limit),
    ]

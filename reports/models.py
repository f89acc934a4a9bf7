"""Yearly reports of a party organisation and their district review.

A report moves draft -> submitted -> (returned -> resubmitted)* -> approved. Each transition is a
method that checks who is acting and from which state, and raises otherwise:
`InvalidTransition` (a ValidationError: wrong state or missing text) or PermissionDenied (wrong
person). Every submission is kept as a `ReportVersion`; reviewer comments are `ReviewComment`s,
optionally attached to one section. Figures are never stored here: see reports.selectors.statistics.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Committee, Organization
from branches.periods import REPORT_PERIOD_CHOICES, Period
from branches.scope import EDIT, REVIEW, OrganizationScopedQuerySet, scope_for
from portal.versioning import VersionedModel, lock_row


class InvalidTransition(ValidationError):
    """The report is not in a state that allows this step (or lacks what the step needs)."""


# (key, heading, field name) of the three sections, in order.
SECTIONS = [
    ("work", _("一、主要工作完成情况"), "section_work"),
    ("problems", _("二、存在的主要问题和原因分析"), "section_problems"),
    ("plans", _("三、下一步工作思路和具体举措"), "section_plans"),
]
SECTION_FIELDS = [field for _key, _heading, field in SECTIONS]


class ReportQuerySet(OrganizationScopedQuerySet):
    def awaiting_review(self):
        return self.filter(status__in=Report.AWAITING_REVIEW)

    def approved(self):
        return self.filter(status=Report.Status.APPROVED)

    def returned(self):
        return self.filter(status=Report.Status.RETURNED)

    def for_year(self, year):
        return self.filter(year=year)

    def in_district(self, district):
        return self.filter(organization__school__district=district)

    def reviewable_by(self, user):
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(organization__school__district_id__in=scope.reviewer_district_ids)


class Report(VersionedModel):
    class Kind(models.TextChoices):
        SUMMARY = "summary", _("年度党建工作总结")
        DUTY = "duty", _("书记抓基层党建工作述职报告")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交，待审阅")
        RETURNED = "returned", _("已退回修改")
        RESUBMITTED = "resubmitted", _("已重新提交，待审阅")
        APPROVED = "approved", _("已通过")

    class Rating(models.TextChoices):
        GOOD = "good", _("好")
        FAIRLY_GOOD = "fairly_good", _("较好")
        FAIR = "fair", _("一般")
        POOR = "poor", _("差")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    AWAITING_REVIEW = (Status.SUBMITTED, Status.RESUBMITTED)

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="reports", verbose_name=_("党组织")
    )
    kind = models.CharField(_("报告类型"), max_length=20, choices=Kind.choices)
    period_type = models.CharField(_("时段"), max_length=20, choices=REPORT_PERIOD_CHOICES)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    year = models.PositiveSmallIntegerField(
        _("年度"), help_text=_("学年度按开始的年份，任期按结束的年份")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("支委会（届）"),
    )
    title = models.CharField(_("标题"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_reports",
        verbose_name=_("报告人（书记）"),
    )
    report_date = models.DateField(_("报告日期"))
    section_work = models.TextField(SECTIONS[0][1], blank=True)
    section_problems = models.TextField(SECTIONS[1][1], blank=True)
    section_plans = models.TextField(SECTIONS[2][1], blank=True)

    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    rating = models.CharField(_("评定等次"), max_length=20, choices=Rating.choices, blank=True)
    submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_reports",
        verbose_name=_("审阅人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    # Optimistic locking (portal.versioning): every save bumps lock_version; a form carrying an
    # older one is refused. The conflict shows the text itself as a diff, so not in this list.
    stale_message = _(
        "保存失败：这份报告在你打开之后已被保存过（可能是另一个窗口或另一位支委）。"
        "你的文字仍保留在下方，请对照最新内容合并后再保存。"
    )
    history_excluded_fields = (
        "id",
        "organization",
        "kind",
        "period_type",
        *SECTION_FIELDS,
        "submitted_at",
        "reviewed_at",
    )

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-year", "organization", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "period_start", "period_end"],
                name="report_unique_org_kind_period",
                violation_error_message=_("本组织这一时段已有同类报告。"),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="report_period_end_after_start",
                violation_error_message=_("截止日期必须晚于起始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(status="approved", rating__in=["good", "fairly_good", "fair", "poor"])
                | (~Q(status="approved") & Q(rating="")),
                name="report_rating_only_when_approved",
                violation_error_message=_("只有已通过的报告有评定等次，且须是好、较好、一般或差。"),
            ),
        ]
        indexes = [models.Index(fields=["status", "year"], name="report_status_year_idx")]

    def __str__(self):
        return self.title

    def clean(self):
        """For the admin form: a rating goes with approval, and only with approval."""
        if self.status == self.Status.APPROVED and not self.rating:
            raise ValidationError({"rating": _t("已通过的报告必须有评定等次。")})
        if self.status != self.Status.APPROVED and self.rating:
            raise ValidationError({"rating": _t("只有已通过的报告才有评定等次。")})

    # -- period -----------------------------------------------------------------------------

    @property
    def period(self):
        return Period(self.period_type, self.period_start, self.period_end, self.year)

    @property
    def period_label(self):
        return self.period.label

    def sections(self):
        """[(key, heading, text)] in order, for templates and exports."""
        return [(key, heading, getattr(self, field)) for key, heading, field in SECTIONS]

    # -- who may do what ----------------------------------------------------------------------

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def is_awaiting_review(self):
        return self.status in self.AWAITING_REVIEW

    def is_own(self, user):
        """The author, or anyone holding a role in the organisation, may not review it."""
        scope = scope_for(user)
        return user.pk == self.author_id or self.organization_id in scope.member_org_ids

    def can_edit(self, user):
        return self.is_editable and scope_for(user).can(EDIT, self.organization)

    def can_review(self, user):
        return (
            self.is_awaiting_review
            and scope_for(user).can(REVIEW, self.organization)
            and not self.is_own(user)
        )

    def _require_editor(self, user):
        if not scope_for(user).can(EDIT, self.organization):
            raise PermissionDenied(_t("只有本党组织的书记或支委可以修改报告。"))
        if not self.is_editable:
            raise InvalidTransition(
                _t("报告已提交或已通过（现在的状态：%(status)s），不能再修改。")
                % {"status": self.get_status_display()}
            )

    def _require_reviewer(self, user):
        if not scope_for(user).can(REVIEW, self.organization):
            raise PermissionDenied(_t("只有本区教育局的审阅人可以审阅报告。"))
        if self.is_own(user):
            raise PermissionDenied(_t("不能审阅自己所在党组织的报告。"))
        if not self.is_awaiting_review:
            # Also what the second of two reviewers acting at once is told.
            raise InvalidTransition(
                _t("这份报告已被处理（现在的状态：%(status)s），只有待审阅的报告可以退回或通过。")
                % {"status": self.get_status_display()}
            )

    # -- transitions --------------------------------------------------------------------------

    def _lock(self):
        """Lock the row and reload it, so concurrent requests act one after the other on what
        is saved (never on a copy read earlier)."""
        lock_row(self)
        self.refresh_from_db()
        self.expected_version = None  # transitions act on what is saved, whatever was read

    @transaction.atomic
    def save_text(self, *, by, expected_version, **fields):
        """Save title, date and sections if nobody saved since `expected_version` was read."""
        self._lock()
        self._require_editor(by)
        allowed = {"title", "report_date", *SECTION_FIELDS}
        for name, value in fields.items():
            if name not in allowed:
                raise ValueError(name)
            setattr(self, name, value)
        self.expected_version = expected_version  # StaleEdit from save() when saved since
        self._history_user = by  # simple-history: who made this change
        self.save()

    @transaction.atomic
    def submit(self, *, by, figures):
        """Submit or resubmit; the new version keeps `figures` ({key: value}, the period's
        statistics at this moment: use reports.services.reports.submit_report)."""
        self._lock()
        self._require_editor(by)
        missing = [str(heading) for _k, heading, text in self.sections() if not text.strip()]
        if not self.title.strip():
            missing.insert(0, _t("标题"))
        if missing:
            raise InvalidTransition(
                _t("请先填写以下部分再提交：%(parts)s") % {"parts": "、".join(missing)}
            )
        self.status = (
            self.Status.SUBMITTED if self.status == self.Status.DRAFT else self.Status.RESUBMITTED
        )
        self.submitted_at = timezone.now()
        self._history_user = by  # simple-history: who made this change
        self.save()
        return ReportVersion.objects.create(
            report=self,
            number=self.versions.count() + 1,
            submitted_by=by,
            title=self.title,
            report_date=self.report_date,
            figures=figures,
            **{field: getattr(self, field) for field in SECTION_FIELDS},
        )

    @transaction.atomic
    def return_for_changes(self, *, by, comments):
        """Send the report back with comments: [(section key or "", text)], at least one."""
        self._lock()
        self._require_reviewer(by)
        comments = [(section, text.strip()) for section, text in comments if text.strip()]
        if not comments:
            raise InvalidTransition(_t("退回修改时请至少写一条意见。"))
        version = self.versions.order_by("-number").first()
        for section, text in comments:
            ReviewComment.objects.create(
                report=self, version=version, section=section, text=text, author=by
            )
        self.status = self.Status.RETURNED
        self.reviewed_by, self.reviewed_at = by, timezone.now()
        self._history_user = by  # simple-history: who made this change
        self.save()

    @transaction.atomic
    def approve(self, *, by, rating, comment=""):
        self._lock()
        self._require_reviewer(by)
        if rating not in self.Rating.values:
            raise InvalidTransition(_t("请选择评定等次：好、较好、一般或差。"))
        if comment.strip():
            ReviewComment.objects.create(
                report=self,
                version=self.versions.order_by("-number").first(),
                section="",
                text=comment.strip(),
                author=by,
            )
        self.status, self.rating = self.Status.APPROVED, rating
        self.reviewed_by, self.reviewed_at = by, timezone.now()
        self._history_user = by  # simple-history: who made this change
        self.save()


class ReportVersion(models.Model):
    """The text of a report as it was submitted (one row per submission)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="versions", verbose_name=_("报告")
    )
    number = models.PositiveIntegerField(_("第几次提交"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提交人"),
    )
    title = models.CharField(_("标题"), max_length=200)
    report_date = models.DateField(_("报告日期"))
    section_work = models.TextField(SECTIONS[0][1], blank=True)
    section_problems = models.TextField(SECTIONS[1][1], blank=True)
    section_plans = models.TextField(SECTIONS[2][1], blank=True)
    # The figures computed from the records when this version was submitted ({key: value}),
    # so a reviewer can see what they were asked to approve even if records change later.
    figures = models.JSONField(
        _("提交时的台账统计"), default=dict, db_default={}, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("报告提交版本")
        verbose_name_plural = _("报告提交版本")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
        ]

    def __str__(self):
        return _t("%(report)s 第%(number)s稿") % {"report": self.report, "number": self.number}

    def sections(self):
        return [(key, heading, getattr(self, field)) for key, heading, field in SECTIONS]


class ReviewComment(models.Model):
    """A reviewer's comment on a submitted version, on one section or on the whole report."""

    class Section(models.TextChoices):
        GENERAL = "", _("总体意见")
        WORK = "work", SECTIONS[0][1]
        PROBLEMS = "problems", SECTIONS[1][1]
        PLANS = "plans", SECTIONS[2][1]

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="comments", verbose_name=_("报告")
    )
    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("针对的提交版本"),
    )
    section = models.CharField(
        _("针对的部分"), max_length=20, choices=Section.choices, blank=True, default=""
    )
    text = models.TextField(_("意见"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审阅人"),
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("审阅意见")
        verbose_name_plural = _("审阅意见")
        ordering = ["report", "created_at", "id"]

    def __str__(self):
        return f"{self.get_section_display()}：{self.text[:30]}"

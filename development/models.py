"""The development pipeline of a person (发展党员): one Pipeline per roster row, and its Steps.

The steps are the source of truth: the member's stage dates (application_date ... full_date), the
probation extension and the introducers are written from them by development.services, in the
same transaction, and are read-only in the roster form for people who have a pipeline.
A person who leaves the pipeline (withdrew, not approved, transferred) keeps it, closed.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Member
from branches.models.activities import Activity
from branches.models.activity_parts import AgendaItem
from branches.scope import scope_for
from development.steps import BY_NUMBER, REPEATING
from portal.versioning import VersionedModel


class PipelineQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(
            Q(member__organization_id__in=scope.member_org_ids)
            | Q(member__organization__school__district_id__in=scope.reviewer_district_ids)
        )

    def active(self):
        return self.filter(status=Pipeline.Status.ACTIVE)


class Pipeline(VersionedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("进行中")
        COMPLETED = "completed", _("已转为正式党员")
        WITHDRAWN = "withdrawn", _("本人撤回申请")
        NOT_APPROVED = "not_approved", _("未获通过")
        TRANSFERRED = "transferred", _("转往其他党组织")

    class Recommendation(models.TextChoices):
        MEMBERS = "members", _("党员推荐")
        ORGANIZATIONS = "organizations", _("群团组织推优")

    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, related_name="pipeline", verbose_name=_("发展对象")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    close_reason = models.CharField(_("说明"), max_length=200, blank=True)
    recommendation = models.CharField(
        _("推荐方式"), max_length=20, choices=Recommendation.choices, blank=True
    )
    extension_months = models.PositiveSmallIntegerField(
        _("延长预备期（月）"),
        default=0,
        validators=[MaxValueValidator(12)],
        help_text=_("支部党员大会决定延长预备期时填写，最多 12 个月，只能延长一次"),
    )

    objects = PipelineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发展党员流程")
        verbose_name_plural = _("发展党员流程")
        ordering = ["member__organization", "member__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extension_months__lte=12),
                name="pipeline_extension_at_most_12_months",
                violation_error_message=_("延长预备期最多 12 个月。"),
            )
        ]

    def __str__(self):
        return str(self.member)

    @property
    def organization(self):
        return self.member.organization

    @property
    def is_closed(self):
        return self.status != self.Status.ACTIVE


class Step(VersionedModel):
    pipeline = models.ForeignKey(
        Pipeline, on_delete=models.CASCADE, related_name="steps", verbose_name=_("发展流程")
    )
    number = models.PositiveSmallIntegerField(
        _("步骤"), validators=[MinValueValidator(1), MaxValueValidator(25)]
    )
    date = models.DateField(_("日期"))
    person_1 = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("人员（一）"),
    )
    person_2 = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("人员（二）"),
    )
    people_elsewhere = models.CharField(
        _("外单位人员"), max_length=100, blank=True, help_text=_("不在本组织名册上的人员姓名")
    )
    meeting = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_steps",
        verbose_name=_("会议记录"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_steps",
        verbose_name=_("议题"),
    )
    document_number = models.CharField(_("备案/批复文号"), max_length=100, blank=True)
    period_end = models.DateField(_("结束日期"), null=True, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发展步骤")
        verbose_name_plural = _("发展步骤")
        ordering = ["pipeline", "number", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pipeline", "number"],
                condition=~Q(number__in=REPEATING),
                name="development_step_once",
                violation_error_message=_("这一步已经记录过，请修改原记录。"),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=25),
                name="development_step_number_range",
                violation_error_message=_("步骤编号为 1 至 25。"),
            ),
        ]
        indexes = [models.Index(fields=["pipeline", "number"], name="development_step_idx")]

    def __str__(self):
        return f"{self.pipeline} {self.number}. {self.definition.title}"

    @property
    def definition(self):
        return BY_NUMBER[self.number]

    @property
    def people_names(self):
        names = [p.name for p in (self.person_1, self.person_2) if p is not None]
        text = self.people_elsewhere or ""
        for separator in "，,;；/ ":
            text = text.replace(separator, "、")
        return names + [name for name in text.split("、") if name.strip()]

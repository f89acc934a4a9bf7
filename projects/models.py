"""Projects (党建品牌, 微项目, 一支部一品牌) of a party organisation or one of its party groups.

A project holds its plan (goal, period, leader and team, partners, milestones) and links to the
records and honours that make it real (`activities`, `honours`). Every figure shown for it (records,
people, hours, milestones met) is derived from those links: projects.selectors.figures.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Activity, Honour, Member, Organization, PartyGroup
from branches.scope import OrganizationScopedQuerySet
from portal.versioning import VersionedModel


class ProjectQuerySet(OrganizationScopedQuerySet):
    def overlapping(self, start, end):
        """Projects running on at least one day of [start, end]."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start), start_date__lte=end)


class Project(VersionedModel):
    class Kind(models.TextChoices):
        BRAND = "brand", _("党建品牌")
        MICRO = "micro", _("微项目")
        BRANCH_BRAND = "branch_brand", _("一支部一品牌")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="projects", verbose_name=_("党组织")
    )
    group = models.ForeignKey(
        PartyGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("党小组"),
        help_text=_("党小组承担的项目填写"),
    )
    title = models.CharField(_("项目名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.MICRO)
    goal = models.TextField(_("项目目标"), max_length=2000)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    leader = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("负责人"),
    )
    team = models.ManyToManyField(
        Member,
        through="ProjectMember",
        blank=True,
        related_name="projects",
        verbose_name=_("团队成员"),
    )
    partners = models.CharField(
        _("合作方"), max_length=200, blank=True, help_text=_("如：家委会、社区、街道")
    )
    result = models.TextField(_("成效简述"), max_length=2000, blank=True)
    activities = models.ManyToManyField(
        Activity,
        through="ProjectRecord",
        blank=True,
        related_name="projects",
        verbose_name=_("关联活动记录"),
    )
    honours = models.ManyToManyField(
        Honour,
        through="ProjectHonour",
        blank=True,
        related_name="projects",
        verbose_name=_("关联表彰"),
    )
    # The district's review: a reviewer marks a project as a district example (区级优秀).
    district_example = models.BooleanField(_("区级优秀"), default=False)
    review_comment = models.CharField(_("审阅意见"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        "portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审阅人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["created_at"],
        verbose_name=_("项目（历史）"),
    )

    class Meta:
        verbose_name = _("党建项目")
        verbose_name_plural = _("党建项目")
        ordering = ["-start_date", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="project_end_not_before_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if (
            self.organization_id
            and self.group_id
            and self.group.organization_id != (self.organization_id)
        ):
            errors["group"] = gettext("只能选择本党组织的党小组。")
        if (
            self.organization_id
            and self.leader_id
            and self.leader.organization_id
            not in set(Organization.objects.subtree_ids(self.organization))
        ):
            errors["leader"] = gettext("负责人须是本党组织的党员。")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = gettext("结束日期不能早于开始日期。")
        if errors:
            raise ValidationError(errors)

    def status(self, today=None):
        """未开始 / 进行中 / 已结束, from the period and today."""
        today = today or datetime.date.today()
        if self.start_date > today:
            return gettext("未开始")
        if self.end_date and self.end_date < today:
            return gettext("已结束")
        return gettext("进行中")

    def covers(self, day):
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    @property
    def period_label(self):
        end = f"{self.end_date:%Y-%m-%d}" if self.end_date else gettext("至今")
        return f"{self.start_date:%Y-%m-%d} — {end}"


class Milestone(VersionedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("未完成")
        DONE = "done", _("已完成")
        DROPPED = "dropped", _("已取消")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("项目")
    )
    date = models.DateField(_("计划日期"))
    title = models.CharField(_("里程碑"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("里程碑（历史）"))

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        ordering = ["project", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="milestone_done_iff_done_on",
                violation_error_message=_("已完成的里程碑须填写完成日期，其他状态不填。"),
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    def clean(self):
        if self.status == self.Status.DONE and not self.done_on:
            raise ValidationError({"done_on": gettext("已完成的里程碑请填写完成日期。")})
        if self.status != self.Status.DONE and self.done_on:
            raise ValidationError({"done_on": gettext("尚未完成的里程碑不要填写完成日期。")})


class ProjectRecord(models.Model):
    """A record tagged with a project (as evidence of it); its history says who tagged it when."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="record_links", verbose_name=_("项目")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="project_links", verbose_name=_("活动记录")
    )

    history = HistoricalRecords(verbose_name=_("项目关联记录（历史）"))

    class Meta:
        verbose_name = _("项目关联记录")
        verbose_name_plural = _("项目关联记录")
        ordering = ["project", "activity"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "activity"],
                name="project_record_once",
                violation_error_message=_("该记录已关联到本项目。"),
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.activity}"


class ProjectHonour(models.Model):
    """An honour won through a project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="honour_links", verbose_name=_("项目")
    )
    honour = models.ForeignKey(
        Honour, on_delete=models.CASCADE, related_name="project_links", verbose_name=_("表彰")
    )

    history = HistoricalRecords(verbose_name=_("项目关联表彰（历史）"))

    class Meta:
        verbose_name = _("项目关联表彰")
        verbose_name_plural = _("项目关联表彰")
        ordering = ["project", "honour"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "honour"],
                name="project_honour_once",
                violation_error_message=_("该表彰已关联到本项目。"),
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.honour}"


class ProjectMember(models.Model):
    """A member of a project's team; its history says who added or removed them when."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="team_links", verbose_name=_("项目")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="project_links", verbose_name=_("党员")
    )

    history = HistoricalRecords(verbose_name=_("项目团队成员（历史）"))

    class Meta:
        verbose_name = _("项目团队成员")
        verbose_name_plural = _("项目团队成员")
        ordering = ["project", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "member"],
                name="project_member_once",
                violation_error_message=_("该党员已在项目团队中。"),
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.member}"

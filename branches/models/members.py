"""Members of a party organisation, their development stages, and committees with terms.

The roster is what every other record counts against, so membership is always asked "as of" a date:
a person counts in a branch on day D when they joined its roster on or before D, had not left by D,
and had been admitted (预备党员) by D. `joined_on`/`left_on` are written only by the movement
service (branches.services.record_movement) from Movement rows.
"""

import datetime

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from branches.scope import scope_for

from .organizations import Organization, PartyGroup


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("入党申请人")
    ACTIVIST = "activist", _("入党积极分子")
    CANDIDATE = "candidate", _("发展对象")
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("正式党员")


# Stage field name -> the date field that starts it, in order.
STAGE_DATES = [
    (Stage.APPLICANT, "application_date"),
    (Stage.ACTIVIST, "activist_date"),
    (Stage.CANDIDATE, "candidate_date"),
    (Stage.PROBATIONARY, "admission_date"),
    (Stage.FULL, "full_date"),
]


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(
            Q(organization_id__in=scope.member_org_ids)
            | Q(organization__school__district_id__in=scope.reviewer_district_ids)
        )

    def on_roster(self, on):
        """Everyone on the organisation's roster on that day (members and people in development)."""
        return self.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=on)).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=on)
        )

    def party_members(self, on):
        """预备党员 and 正式党员 on the roster on that day."""
        return self.on_roster(on).filter(admission_date__lte=on)

    def full_members(self, on):
        return self.on_roster(on).filter(full_date__lte=on)

    def probationary(self, on):
        return self.party_members(on).filter(Q(full_date__isnull=True) | Q(full_date__gt=on))

    def with_stage(self, on):
        """Annotate `stage_on` (a Stage value or None) as of the given day."""
        whens = [
            When(**{f"{field}__lte": on}, then=Value(stage.value))
            for stage, field in reversed(STAGE_DATES)
        ]
        return self.annotate(
            stage_on=Case(*whens, default=Value(None), output_field=models.CharField())
        )


class Member(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class Education(models.TextChoices):
        POSTGRADUATE = "postgraduate", _("研究生")
        BACHELOR = "bachelor", _("大学本科")
        COLLEGE = "college", _("大学专科")
        SECONDARY = "secondary", _("中专及以下")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name=_("党组织")
    )
    group = models.ForeignKey(
        PartyGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("党小组"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族", blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    work_unit = models.CharField(
        _("工作单位"), max_length=100, blank=True, help_text=_("本校，或挂靠单位（如幼儿园）")
    )
    post = models.CharField(_("职务或任教学科"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    is_delegate = models.BooleanField(_("党代表"), default=False)
    notes = models.TextField(_("备注"), blank=True)

    application_date = models.DateField(_("递交入党申请日期"), null=True, blank=True)
    activist_date = models.DateField(_("确定为入党积极分子日期"), null=True, blank=True)
    candidate_date = models.DateField(_("确定为发展对象日期"), null=True, blank=True)
    admission_date = models.DateField(_("接收为预备党员日期"), null=True, blank=True)
    full_date = models.DateField(_("转为正式党员日期"), null=True, blank=True)
    probation_extension_months = models.PositiveSmallIntegerField(
        _("延长预备期（月）"), default=0, help_text=_("延长预备期最多 12 个月")
    )

    # Maintained by branches.services.record_movement from Movement rows; never typed in.
    joined_on = models.DateField(_("转入本组织日期"), null=True, blank=True, editable=False)
    left_on = models.DateField(_("离开本组织日期"), null=True, blank=True, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["organization", "name", "id"]
        indexes = [
            models.Index(fields=["organization", "left_on", "joined_on"], name="member_roster_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(probation_extension_months__lte=12),
                name="member_extension_at_most_12_months",
            ),
        ]

    def __str__(self):
        return self.name

    def stage_on(self, on=None):
        on = on or datetime.date.today()
        for stage, field in reversed(STAGE_DATES):
            value = getattr(self, field)
            if value and value <= on:
                return stage
        return None

    @property
    def stage(self):
        return self.stage_on()

    def is_on_roster(self, on):
        return (self.joined_on is None or self.joined_on <= on) and (
            self.left_on is None or self.left_on > on
        )

    def can_vote_on(self, on):
        """预备党员 have no vote; only full members on the roster do."""
        return self.is_on_roster(on) and self.full_date is not None and self.full_date <= on

    @property
    def probation_ends_on(self):
        if not self.admission_date:
            return None
        months = 12 + self.probation_extension_months
        return add_months(self.admission_date, months)


def add_months(day, months):
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


class Movement(models.Model):
    class Kind(models.TextChoices):
        TRANSFER_IN = "in", _("组织关系转入")
        TRANSFER_OUT = "out", _("组织关系转出")
        DEATH = "death", _("去世")
        OTHER = "other", _("其他（出党、停止党籍等）")

    LEAVING_KINDS = (Kind.TRANSFER_OUT, Kind.DEATH, Kind.OTHER)

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="movements", verbose_name=_("党员")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("日期"))
    reason = models.CharField(_("原因或去向/来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("组织关系变动")
        verbose_name_plural = _("组织关系变动")
        ordering = ["member", "date", "id"]
        indexes = [models.Index(fields=["member", "date"], name="movement_member_date_idx")]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.date}"

    @property
    def is_leaving(self):
        return self.kind in self.LEAVING_KINDS


class CommitteeQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(
            Q(organization_id__in=scope.member_org_ids)
            | Q(organization__school__district_id__in=scope.reviewer_district_ids)
        )

    def in_office(self, on):
        return self.filter(term_start__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))


class Committee(models.Model):
    """One term (届) of a branch committee (支部委员会)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="committees", verbose_name=_("党组织")
    )
    term_start = models.DateField(_("任期开始（选举日期）"))
    term_end = models.DateField(_("任期届满"), help_text=_("默认为选举后 3 年"))
    ended_on = models.DateField(
        _("实际结束（换届）日期"), null=True, blank=True, help_text=_("换届选出新一届时填写")
    )

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("支部委员会（届）")
        verbose_name_plural = _("支部委员会（届）")
        ordering = ["organization", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")),
                name="committee_term_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["organization", "term_start"], name="committee_unique_org_term_start"
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.term_start:%Y}–{self.term_end:%Y} 届"


class CommitteePost(models.Model):
    """A post on a committee; one person may hold two posts (e.g. 组织委员 and 纪检委员)."""

    class Post(models.TextChoices):
        SECRETARY = "secretary", _("书记")
        DEPUTY = "deputy", _("副书记")
        ORGANIZATION = "organization", _("组织委员")
        PROPAGANDA = "propaganda", _("宣传委员")
        DISCIPLINE = "discipline", _("纪检委员")
        OTHER = "other", _("委员")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="posts", verbose_name=_("届")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="committee_posts", verbose_name=_("党员")
    )
    post = models.CharField(_("职务"), max_length=20, choices=Post.choices)

    class Meta:
        verbose_name = _("支委职务")
        verbose_name_plural = _("支委职务")
        ordering = ["committee", "post", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "member", "post"], name="committee_post_unique"
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_post_display()}"

"""Members of a party organisation, their development stages, and their movements.

The roster is what every other record counts against, so membership is always asked "as of" a date:
a person counts in a branch on day D when they joined its roster on or before D, had not left by D,
and had been admitted (预备党员) by D. `joined_on`/`left_on` are written only by the movement
service (branches.services.roster.record_movement) from Movement rows.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.scope import OrganizationScopedQuerySet
from branches.validators import (
    id_birth_date,
    id_gender,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from portal.dates import add_months
from portal.history import history_rows
from portal.versioning import VersionedModel, saved_since

from .committees import Committee, CommitteePost, CommitteeQuerySet
from .organizations import Organization, PartyGroup

__all__ = [
    "STAGE_DATES",
    "Committee",
    "CommitteePost",
    "CommitteeQuerySet",
    "Member",
    "MemberQuerySet",
    "Movement",
    "Stage",
    "add_months",
    "developed_between",
    "on_roster_q",
    "party_member_q",
    "was_on_roster",
    "was_party_member",
]

# Personal data is masked in every audit trail (history rows, stale-edit conflicts).
PERSONAL_DATA_MASKS = {"id_number": mask_id_number, "phone": mask_phone}

PROBATION_MONTHS = 12
ACTIVIST_MIN_MONTHS = 12
MIN_AGE = 18


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("入党申请人")
    ACTIVIST = "activist", _("入党积极分子")
    CANDIDATE = "candidate", _("发展对象")
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("正式党员")


# Stage -> the date field that starts it, in order.
STAGE_DATES = [
    (Stage.APPLICANT, "application_date"),
    (Stage.ACTIVIST, "activist_date"),
    (Stage.CANDIDATE, "candidate_date"),
    (Stage.PROBATIONARY, "admission_date"),
    (Stage.FULL, "full_date"),
]


def developed_between(start, end):
    """Condition on Member: admitted as 预备党员 by THIS organisation between start and end.

    Someone admitted elsewhere who transferred in is a transfer, not a development: their first
    roster movement is a transfer-in dated after their admission.
    """
    came_in_after_admission = Movement.objects.filter(
        member=models.OuterRef("pk"),
        kind=Movement.Kind.TRANSFER_IN,
        date__gt=models.OuterRef("admission_date"),
    ).exclude(
        models.Exists(
            Movement.objects.filter(
                member=models.OuterRef("member"), date__lt=models.OuterRef("date")
            )
        )
    )
    return Q(admission_date__range=(start, end)) & ~models.Exists(came_in_after_admission)


def on_roster_q(on, *, until=None, prefix=""):
    """The rule "on the roster on day D" as a condition (the one definition; docs/domain.md):
    joined on or before D (or on it from the start) and not left by D (leaving on D means off
    the roster on D). With `until`: on the roster on at least one day of [on, until].
    `prefix` reaches members through a relation, e.g. "members__" from an Organization."""
    last = until or on
    return (Q(**{f"{prefix}joined_on__isnull": True}) | Q(**{f"{prefix}joined_on__lte": last})) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": on})
    )


def party_member_q(on, *, prefix=""):
    """预备党员 and 正式党员 on the roster on that day, as a condition."""
    return on_roster_q(on, prefix=prefix) & Q(**{f"{prefix}admission_date__lte": on})


def was_on_roster(joined_on, left_on, on):
    """`on_roster_q` for dates already in memory (a loaded member, the scale generator's people)."""
    return (joined_on is None or joined_on <= on) and (left_on is None or left_on > on)


def was_party_member(joined_on, left_on, admission_date, on):
    """`party_member_q` for dates already in memory."""
    return (
        was_on_roster(joined_on, left_on, on)
        and admission_date is not None
        and admission_date <= on
    )


class MemberQuerySet(OrganizationScopedQuerySet):
    def on_roster(self, on, *, until=None):
        """Everyone on the organisation's roster on that day (members and people in development);
        with `until`, everyone on it at some day of [on, until]."""
        return self.filter(on_roster_q(on, until=until))

    def party_members(self, on):
        """预备党员 and 正式党员 on the roster on that day."""
        return self.filter(party_member_q(on))

    def full_members(self, on):
        return self.on_roster(on).filter(full_date__lte=on)

    def probationary(self, on):
        return self.party_members(on).filter(Q(full_date__isnull=True) | Q(full_date__gt=on))

    def in_development(self, on):
        """On the roster on that day but not yet admitted (申请人, 积极分子, 发展对象)."""
        return self.on_roster(on).filter(Q(admission_date__isnull=True) | Q(admission_date__gt=on))

    def with_stage(self, on):
        """Annotate `stage_on` (a Stage value or None) as of the given day."""
        whens = [
            When(**{f"{field}__lte": on}, then=Value(stage.value))
            for stage, field in reversed(STAGE_DATES)
        ]
        return self.annotate(
            stage_on=Case(*whens, default=Value(None), output_field=models.CharField())
        )


def probation_ends(admission_date, extension_months=0):
    """The day probation ends: one year after admission, plus any extension (the one rule;
    development.rules reads it too)."""
    return add_months(admission_date, PROBATION_MONTHS + (extension_months or 0))


class Member(VersionedModel):
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
    phone = models.CharField(
        _("联系电话"),
        max_length=20,
        blank=True,
        validators=[validate_phone],
        help_text=_("手机号或带区号的固定电话"),
    )
    id_number = models.CharField(
        _("身份证号"), max_length=18, blank=True, validators=[validate_id_number]
    )
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
    # 入党介绍人: two full members of this organisation on the admission date, or people named
    # from elsewhere (e.g. admitted at a previous school).
    introducer_1 = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("入党介绍人（一）"),
    )
    introducer_2 = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("入党介绍人（二）"),
    )
    introducers_elsewhere = models.CharField(
        _("外单位入党介绍人"),
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=_("介绍人不在本组织名册上时填写姓名，多人用顿号分隔"),
    )

    # Maintained by branches.services.roster.record_movement from Movement rows; never typed in.
    joined_on = models.DateField(_("转入本组织日期"), null=True, blank=True, editable=False)
    left_on = models.DateField(_("离开本组织日期"), null=True, blank=True, editable=False)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

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
                violation_error_message=_("延长预备期最多 12 个月。"),
            ),
            models.UniqueConstraint(
                fields=["organization", "id_number"],
                condition=~Q(id_number=""),
                name="member_unique_org_id_number",
                violation_error_message=_("本组织已有党员使用这个身份证号。"),
            ),
        ]

    def __str__(self):
        return self.name

    # -- validation ---------------------------------------------------------------------------

    def clean(self):
        """Hard rules (blocks): stage dates in order, dates possible, personal data consistent."""
        self.id_number = normalize_id_number(self.id_number)
        self.phone = normalize_phone(self.phone)
        errors = {}
        today = datetime.date.today()
        self._clean_identity(errors, today)
        self._clean_stage_dates(errors, today)
        if (
            self.group_id
            and self.organization_id
            and self.group.organization_id != self.organization_id
        ):
            errors["group"] = gettext("党小组必须属于本党组织。")
        self._clean_introducers(errors)
        if self.probation_extension_months and not self.admission_date:
            errors["probation_extension_months"] = gettext(
                "没有接收为预备党员日期，不能延长预备期。"
            )
        if errors:
            raise ValidationError(errors)

    def _clean_introducers(self, errors):
        """Introducers on the roster are full members of this organisation on the admission day;
        two at most in all, never the member themself."""
        chosen = [
            (field, getattr(self, field))
            for field in ("introducer_1", "introducer_2")
            if getattr(self, f"{field}_id")
        ]
        if (chosen or self.introducers_elsewhere) and not self.admission_date:
            errors["admission_date"] = gettext("填写入党介绍人时，请同时填写接收为预备党员日期。")
            return
        seen = set()
        for field, person in chosen:
            if person.pk == self.pk:
                errors[field] = gettext("入党介绍人不能是本人。")
            elif person.pk in seen:
                errors[field] = gettext("两名入党介绍人不能是同一人。")
            elif not self.is_full_member_of(person, self.admission_date):
                errors[field] = gettext(
                    "%(name)s 在 %(day)s（接收为预备党员之日）不是本组织的正式党员，"
                    "不能作入党介绍人；外单位的介绍人请填在“外单位入党介绍人”。"
                ) % {"name": person.name, "day": self.admission_date}
            seen.add(person.pk)
        if len(chosen) + len(self.elsewhere_introducer_names) > 2:
            errors["introducers_elsewhere"] = gettext("入党介绍人为两名，不能超过两人。")

    def is_full_member_of(self, person, day):
        """Whether `person` was a full member on this member's organisation's roster on `day`."""
        return person.organization_id == self.organization_id and person.can_vote_on(day)

    @property
    def elsewhere_introducer_names(self):
        text = self.introducers_elsewhere or ""
        for separator in "，,;；/ ":
            text = text.replace(separator, "、")
        return [name for name in text.split("、") if name.strip()]

    @property
    def introducer_names(self):
        """Every introducer's name: those on the roster, then those from elsewhere."""
        on_roster = [p.name for p in (self.introducer_1, self.introducer_2) if p is not None]
        return on_roster + self.elsewhere_introducer_names

    def party_years(self, on):
        """党龄 on `on`: full years since becoming a full member (None before that)."""
        if not self.full_date or self.full_date > on:
            return None
        years = on.year - self.full_date.year
        if (on.month, on.day) < (self.full_date.month, self.full_date.day):
            years -= 1
        return years

    def _clean_identity(self, errors, today):
        if self.birth_date and self.birth_date > today:
            errors["birth_date"] = gettext("出生日期不能晚于今天。")
        try:
            validate_id_number(self.id_number)
        except ValidationError:
            return  # the field's own error says what is wrong; don't add guesses from it
        birth = id_birth_date(self.id_number)
        if birth and not self.birth_date:
            self.birth_date = birth
        elif birth and self.birth_date and birth != self.birth_date:
            errors["id_number"] = gettext(
                "身份证号中的出生日期 %(id_birth)s 与所填出生日期 %(birth)s 不一致。"
            ) % {"id_birth": birth, "birth": self.birth_date}
        gender = id_gender(self.id_number)
        if gender and not self.gender:
            self.gender = gender
        elif gender and self.gender and gender != self.gender:
            errors["id_number"] = gettext(
                "身份证号第 17 位表示性别为%(gender)s，与所填性别不一致。"
            ) % {"gender": self.Gender(gender).label}

    def _clean_stage_dates(self, errors, today):
        previous_field = None
        for _stage, field in STAGE_DATES:
            value = getattr(self, field)
            if value is None:
                continue
            label = self._meta.get_field(field).verbose_name
            if value > today:
                errors.setdefault(field, gettext("%(label)s不能晚于今天。") % {"label": label})
            elif self.birth_date and value <= self.birth_date:
                errors.setdefault(field, gettext("%(label)s不能早于出生日期。") % {"label": label})
            elif previous_field and value < getattr(self, previous_field):
                errors.setdefault(
                    field,
                    gettext("%(label)s不能早于%(previous)s（%(date)s）。")
                    % {
                        "label": label,
                        "previous": self._meta.get_field(previous_field).verbose_name,
                        "date": getattr(self, previous_field),
                    },
                )
            previous_field = field
        if self.full_date and not self.admission_date:
            errors.setdefault(
                "admission_date", gettext("已填转为正式党员日期时，必须填写接收为预备党员日期。")
            )

    def warnings(self, today=None):
        """Soft rules (shown, never blocking): where the development rules were not followed."""
        today = today or datetime.date.today()
        result = []
        if (
            self.activist_date
            and self.candidate_date
            and self.candidate_date < add_months(self.activist_date, ACTIVIST_MIN_MONTHS)
        ):
            result.append(
                gettext("确定为发展对象时，作为入党积极分子培养不足一年（%(start)s 起）。")
                % {"start": self.activist_date}
            )
        if (
            self.admission_date
            and self.full_date
            and self.full_date < add_months(self.admission_date, PROBATION_MONTHS)
        ):
            result.append(gettext("预备期不足一年即转为正式党员。"))
        ends = self.probation_ends_on
        if ends and not self.full_date and ends < today and self.left_on is None:
            result.append(
                gettext("预备期已于 %(date)s 期满，尚未讨论转正（或延长预备期、取消资格）。")
                % {"date": ends}
            )
        admitted = self.admission_date or self.application_date
        if admitted and self.birth_date and admitted < add_months(self.birth_date, 12 * MIN_AGE):
            result.append(gettext("递交申请或入党时未满 18 周岁，请核对日期。"))
        return result

    # -- conflicts ----------------------------------------------------------------------------

    def changes_since(self, version):
        """What was saved after `version` (personal data masked), with movements recorded since."""
        return saved_since(
            self, version, masked_fields=PERSONAL_DATA_MASKS, parts=[self._movements_since]
        )

    def _movements_since(self, since):
        records = Movement.history.filter(member_id=self.pk, history_date__gte=since)
        rows = history_rows(records, exclude=("id", "member"))
        for row in rows:
            row.reason = gettext("组织关系变动")
        return rows

    # -- derived facts ------------------------------------------------------------------------

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
        """`on_roster_q` for a member already loaded (same rule, no query)."""
        return was_on_roster(self.joined_on, self.left_on, on)

    def is_party_member_on(self, on):
        """`party_member_q` for a member already loaded."""
        return was_party_member(self.joined_on, self.left_on, self.admission_date, on)

    def can_vote_on(self, on):
        """预备党员 have no vote; only full members on the roster do."""
        return self.is_on_roster(on) and self.full_date is not None and self.full_date <= on

    @property
    def probation_ends_on(self):
        if not self.admission_date:
            return None
        return probation_ends(self.admission_date, self.probation_extension_months)

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    def stage_timeline(self):
        """[(date, label)] of the stages reached, in order."""
        return [
            (getattr(self, field), stage.label)
            for stage, field in STAGE_DATES
            if getattr(self, field)
        ]


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

    history = HistoricalRecords()

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

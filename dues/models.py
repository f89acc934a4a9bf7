"""Party dues: each member's dated wage bases, monthly payments, approved reductions, and the
quarterly remittance of an organisation to its superior.

What a member owes in a month is never stored: it follows from the base in force that month and
any approved reduction (dues.selectors.bills). Payments record what was collected.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Member, Organization
from branches.scope import OrganizationScopedQuerySet, scope_for
from dues.rules import Category, monthly_due, standard_label
from portal.versioning import VersionedModel

MONEY = {"max_digits": 10, "decimal_places": 2}


class MemberScopedQuerySet(models.QuerySet):
    """Rows of a member, scoped like the member's organisation."""

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.is_admin:
            return self.all()
        return self.filter(
            Q(member__organization_id__in=scope.member_org_ids)
            | Q(member__organization__school__district_id__in=scope.read_district_ids)
        )


class DuesBase(VersionedModel):
    """A member's monthly after-tax wage from a month on; earlier months keep earlier bases."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="dues_bases", verbose_name=_("党员")
    )
    category = models.CharField(
        _("类别"), max_length=20, choices=Category.choices, default=Category.EMPLOYED
    )
    wage = models.DecimalField(
        _("月工资收入（元）"),
        **MONEY,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("每月税后工资收入；学生、失业等按每月 0.20 元交纳，可填 0"),
    )
    effective_month = models.DateField(_("起始月份"), help_text=_("自该月起按此基数交纳"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = MemberScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党费基数")
        verbose_name_plural = _("党费基数")
        ordering = ["member", "-effective_month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "effective_month"],
                name="dues_base_one_per_member_month",
                violation_error_message=_("该党员这个月份已有党费基数，请修改原记录。"),
            ),
            models.CheckConstraint(
                condition=Q(wage__gte=0),
                name="dues_base_wage_not_negative",
                violation_error_message=_("月工资收入不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.effective_month:%Y-%m} {self.get_category_display()}"

    def clean(self):
        if self.effective_month:
            self.effective_month = self.effective_month.replace(day=1)

    @property
    def due(self):
        return monthly_due(self.category, self.wage)

    @property
    def standard(self):
        return standard_label(self.category, self.wage)


class Reduction(VersionedModel):
    """An approved reduction or exemption (减免) of a member's dues for a span of months."""

    class Kind(models.TextChoices):
        REDUCED = "reduced", _("减交")
        EXEMPT = "exempt", _("免交")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="dues_reductions", verbose_name=_("党员")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    monthly_amount = models.DecimalField(
        _("减免后每月交纳（元）"),
        **MONEY,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("免交填 0"),
    )
    first_month = models.DateField(_("起始月份"))
    last_month = models.DateField(_("截止月份"), null=True, blank=True)
    approved_on = models.DateField(_("批准日期"))
    reason = models.CharField(_("批准理由"), max_length=200)

    objects = MemberScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党费减免")
        verbose_name_plural = _("党费减免")
        ordering = ["member", "-first_month", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_month__isnull=True) | Q(last_month__gte=models.F("first_month")),
                name="dues_reduction_months_in_order",
                violation_error_message=_("截止月份不能早于起始月份。"),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.first_month:%Y-%m}"

    def clean(self):
        for field in ("first_month", "last_month"):
            value = getattr(self, field)
            if value:
                setattr(self, field, value.replace(day=1))
        if self.kind == self.Kind.EXEMPT:
            self.monthly_amount = 0

    def covers(self, month):
        return self.first_month <= month and (self.last_month is None or month <= self.last_month)

    def apply(self, standard):
        if self.kind == self.Kind.EXEMPT:
            return standard * 0
        return min(standard, self.monthly_amount)


class PaymentQuerySet(OrganizationScopedQuerySet):
    def paid(self):
        return self.filter(status=Payment.Status.PAID)


class Payment(VersionedModel):
    """What a member paid for one month (or why not), to the organisation holding them."""

    class Status(models.TextChoices):
        PAID = "paid", _("已交")
        UNPAID = "unpaid", _("未交")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="dues_payments",
        verbose_name=_("党组织"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="dues_payments", verbose_name=_("党员")
    )
    month = models.DateField(_("月份"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    amount = models.DecimalField(
        _("实交金额（元）"), **MONEY, default=0, validators=[MinValueValidator(0)]
    )
    voluntary_extra = models.DecimalField(
        _("其中自愿多交（元）"), **MONEY, default=0, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(_("交纳日期"), null=True, blank=True)
    paid_by = models.CharField(
        _("代缴人"), max_length=50, blank=True, help_text=_("本人交纳时留空")
    )
    unpaid_reason = models.CharField(_("未交原因"), max_length=200, blank=True)

    objects = PaymentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党费交纳")
        verbose_name_plural = _("党费交纳")
        ordering = ["organization", "-month", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"],
                name="dues_payment_one_per_member_month",
                violation_error_message=_("该党员这个月已有交纳记录。"),
            ),
            models.CheckConstraint(
                condition=Q(status="unpaid", amount=0) | Q(status="paid", paid_on__isnull=False),
                name="dues_payment_paid_has_date_unpaid_no_amount",
                violation_error_message=_("已交须填交纳日期；未交的实交金额为 0。"),
            ),
            models.CheckConstraint(
                condition=Q(voluntary_extra__lte=models.F("amount")),
                name="dues_payment_extra_within_amount",
                violation_error_message=_("自愿多交的部分不能超过实交金额。"),
            ),
        ]
        indexes = [models.Index(fields=["organization", "month"], name="dues_payment_org_month")]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m} {self.get_status_display()}"

    def clean(self):
        if self.month:
            self.month = self.month.replace(day=1)
        errors = {}
        if self.status == self.Status.PAID and not self.paid_on:
            errors["paid_on"] = gettext("已交须填交纳日期。")
        if self.status == self.Status.UNPAID and self.amount:
            errors["amount"] = gettext("未交时实交金额应为 0。")
        if (self.voluntary_extra or 0) > (self.amount or 0):
            errors["voluntary_extra"] = gettext("自愿多交的部分不能超过实交金额。")
        if errors:
            raise ValidationError(errors)


class Remittance(VersionedModel):
    """The dues of a quarter handed to the superior organisation, with its receipt."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="dues_remittances",
        verbose_name=_("党组织"),
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    amount = models.DecimalField(_("上缴金额（元）"), **MONEY, validators=[MinValueValidator(0)])
    remitted_on = models.DateField(_("上缴日期"))
    receiver = models.CharField(_("接收党组织"), max_length=100)
    receipt_number = models.CharField(_("收据编号"), max_length=50, blank=True)

    objects = OrganizationScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党费上缴")
        verbose_name_plural = _("党费上缴")
        ordering = ["organization", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "quarter"],
                name="dues_remittance_one_per_quarter",
                violation_error_message=_("本组织这个季度已有上缴记录，请修改原记录。"),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="dues_remittance_quarter_1_to_4",
                violation_error_message=_("季度为 1 到 4。"),
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.year}年第{self.quarter}季度"

"""Writes of dues records: one transaction each, an `actor` recorded in the history.

Amounts due are never typed: a payment of the month page takes the amount the book derives."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branches.models import Organization
from dues.models import DuesBase, Payment, Reduction, Remittance
from dues.rules import add_months, month_start
from dues.selectors.bills import DuesBook, is_due


def _attach_actor(instance, actor):
    if actor is not None and actor.is_authenticated:
        instance._history_user = actor


def _lock_organization(organization_id):
    """Writers of one organisation's payments take turns (PostgreSQL: a row lock; SQLite runs
    one writer at a time), so two "all paid" at once cannot both create the month's rows."""
    Organization.objects.select_for_update().filter(pk=organization_id).first()


def _save(instance, actor):
    instance.full_clean()
    _attach_actor(instance, actor)
    instance.save()
    return instance


@transaction.atomic
def mark_all_paid(*, organization, month, paid_on, actor):
    """本月全部已交: every member due this month without a record pays exactly what is due.
    Members with a record (paid, or unpaid with a reason) keep it. Returns how many were marked."""
    month = month_start(month)
    _lock_organization(organization.id)
    book = DuesBook({organization.id}, month, month)
    missing = [line for line in book.lines(month) if line.due is None and line.payment is None]
    if missing:
        raise ValidationError(
            _("以下党员没有党费基数，无法计算应缴金额：%(names)s。请先录入基数。")
            % {"names": "、".join(line.member.name for line in missing)}
        )
    count = 0
    for line in book.lines(month):
        if line.payment is not None or line.due == 0:
            continue
        payment = Payment(
            organization=organization,
            member=line.member,
            month=month,
            status=Payment.Status.PAID,
            amount=line.due,
            paid_on=paid_on,
        )
        _save(payment, actor)
        count += 1
    return count


@transaction.atomic
def record_payment(
    *,
    member,
    month,
    status,
    paid_on=None,
    amount=None,
    voluntary_extra=0,
    paid_by="",
    unpaid_reason="",
    months=1,
    actor,
    expected_version=None,
):
    """The exception of one member: paid (a different amount, 代缴, 自愿多交), or unpaid with a
    reason. With `months` > 1, a prepayment: the same for that many months from `month`, each at
    the amount derived for it (months already recorded are refused)."""
    month = month_start(month)
    _lock_organization(member.organization_id)
    last = add_months(month, months - 1)
    book = DuesBook({member.organization_id}, month, last)
    saved = []
    for offset in range(months):
        current = add_months(month, offset)
        if not is_due(member, current):
            raise ValidationError(
                _("%(name)s在 %(month)s 不在本组织名册上，不需向本组织交纳。")
                % {"name": member.name, "month": f"{current:%Y-%m}"}
            )
        line = book.line(member, current)
        if line.due is None and status == Payment.Status.PAID and amount is None:
            raise ValidationError(
                _("该党员在 %(month)s 没有党费基数。") % {"month": f"{current:%Y-%m}"}
            )
        payment = line.payment
        if payment is None:
            payment = Payment(organization_id=member.organization_id, member=member, month=current)
        elif months > 1:
            raise ValidationError(
                _("%(month)s 已有交纳记录，预交请从之后的月份开始。")
                % {"month": f"{current:%Y-%m}"}
            )
        elif expected_version is not None:
            payment.expected_version = expected_version
        payment.status = status
        extra = voluntary_extra or 0
        if status == Payment.Status.PAID:
            base_amount = amount if amount is not None and months == 1 else (line.due or 0) + extra
            payment.amount = base_amount
            payment.voluntary_extra = extra
            payment.paid_on = paid_on
            payment.paid_by = paid_by
            payment.unpaid_reason = ""
        else:
            payment.amount = 0
            payment.voluntary_extra = 0
            payment.paid_on = None
            payment.paid_by = ""
            payment.unpaid_reason = unpaid_reason
        saved.append(_save(payment, actor))
    return saved


@transaction.atomic
def clear_payment(*, payment, actor):
    _attach_actor(payment, actor)
    payment.delete()


@transaction.atomic
def save_base(*, base, actor):
    try:
        with transaction.atomic():
            return _save(base, actor)
    except IntegrityError as error:
        raise ValidationError(
            {"effective_month": _("该党员这个月份已有党费基数，请修改原记录。")}
        ) from error


@transaction.atomic
def save_reduction(*, reduction, actor):
    return _save(reduction, actor)


@transaction.atomic
def save_remittance(*, remittance, actor):
    return _save(remittance, actor)


__all__ = [
    "DuesBase",
    "Reduction",
    "Remittance",
    "clear_payment",
    "mark_all_paid",
    "record_payment",
    "save_base",
    "save_reduction",
    "save_remittance",
]

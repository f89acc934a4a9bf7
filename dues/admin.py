"""Dues records in /admin/: scoped like the roster (a secretary with admin access sees only their
own organisations' rows); approved reductions (减免) are entered here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.admin import OrganizationScopedAdmin
from dues.models import DuesBase, Payment, Reduction, Remittance
from portal.versioning import VersionedAdmin, VersionedAdminForm


class DuesAdmin(VersionedAdmin, SimpleHistoryAdmin, OrganizationScopedAdmin):
    form = VersionedAdminForm


@admin.register(DuesBase)
class DuesBaseAdmin(DuesAdmin):
    organization_path = "member__organization"
    list_display = ("member", "effective_month", "category", "wage")
    list_filter = ("category", ("member__organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member__name",)
    list_select_related = ("member",)


@admin.register(Reduction)
class ReductionAdmin(DuesAdmin):
    organization_path = "member__organization"
    list_display = ("member", "kind", "monthly_amount", "first_month", "last_month", "approved_on")
    list_filter = ("kind", ("member__organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member__name", "reason")
    list_select_related = ("member",)


@admin.register(Payment)
class PaymentAdmin(DuesAdmin):
    list_display = ("member", "month", "status", "amount", "paid_on", "paid_by", "organization")
    list_filter = ("status", ("organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member__name",)
    list_select_related = ("member", "organization")
    date_hierarchy = "month"


@admin.register(Remittance)
class RemittanceAdmin(DuesAdmin):
    list_display = ("organization", "year", "quarter", "amount", "remitted_on", "receiver")
    list_filter = ("year", ("organization", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("organization",)

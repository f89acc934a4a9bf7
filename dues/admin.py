"""Dues records in /admin/: scoped like the roster (a secretary with admin access sees only their
own organisations' rows); approved reductions (减免) are entered here."""

from django.contrib import admin
from import_export.admin import ImportMixin

from branches.access import personal_data_org_ids
from branches.admin import ScopedHistoryAdmin
from branches.admin_import import BoundPreviewImportMixin
from branches.models import Organization
from branches.scope import scope_for
from dues.exports.resources import DuesBaseResource
from dues.models import DuesBase, Payment, Reduction, Remittance
from portal import spreadsheets
from portal.versioning import VersionedAdmin, VersionedAdminForm


class DuesAdmin(VersionedAdmin, ScopedHistoryAdmin):
    form = VersionedAdminForm


@admin.register(DuesBase)
class DuesBaseAdmin(BoundPreviewImportMixin, ImportMixin, DuesAdmin):
    """Bases one by one, or a sheet of wages imported with the roster import's preview, row
    errors and all-or-nothing. Never exported: wages are personal data."""

    resource_classes = [DuesBaseResource]
    import_formats = [spreadsheets.XLSX, spreadsheets.CSV]
    import_template_name = "admin/dues/duesbase/import.html"
    organization_path = "member__organization"
    list_display = ("member", "effective_month", "category", "wage")
    list_filter = ("category", ("member__organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member__name",)
    list_select_related = ("member",)

    def _org_ids(self, request):
        """Wages are personal data: only the organisations whose members' personal data the user
        may see (a 党委 secretary or another 支委 sees none of them)."""
        scope = scope_for(request.user)
        if scope.is_admin:
            return None
        return personal_data_org_ids(request.user, scope.own_org_ids)

    def import_organizations(self, request):
        organizations = Organization.objects.order_by("school__name", "name")
        org_ids = self._org_ids(request)
        return organizations if org_ids is None else organizations.filter(id__in=org_ids)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)


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

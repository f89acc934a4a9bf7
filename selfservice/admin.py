"""Member accounts and confirmations in /admin/: scoped like the roster, read-only (accounts are
opened from the branch's 党员账号 page; an account is closed by deactivating its user)."""

from django.contrib import admin

from branches.admin import ScopedHistoryAdmin
from selfservice.models import AttendanceConfirmation, MemberAccount


class ReadOnlyScopedAdmin(ScopedHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MemberAccount)
class MemberAccountAdmin(ReadOnlyScopedAdmin):
    organization_path = "member__organization"
    list_display = ("member", "user", "created_at", "created_by")
    list_filter = (("member__organization", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("member__name", "user__username")
    list_select_related = ("member", "user", "created_by")


@admin.register(AttendanceConfirmation)
class AttendanceConfirmationAdmin(ReadOnlyScopedAdmin):
    organization_path = "activity__organization"
    list_display = ("member", "activity", "confirmed_at")
    search_fields = ("member__name", "activity__topic")
    list_select_related = ("member", "activity")

from django.contrib import admin

from notifications.models import Digest, DigestSetting


class SuperuserOnly:
    """Whose mail went where is for admins (superusers), not for staff secretaries."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Digest)
class DigestAdmin(SuperuserOnly, admin.ModelAdmin):
    """The weekly digests sent (read only): who, which week, how many items."""

    list_display = ("user", "week", "item_count", "email", "sent_at")
    list_filter = ("week",)
    search_fields = ("user__username", "user__display_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigestSetting)
class DigestSettingAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("user", "email_digest", "updated_at")
    search_fields = ("user__username", "user__display_name")

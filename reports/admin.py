from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal.text import PlainTextModelForm
from portal.versioning import VersionedAdmin, VersionedAdminForm
from reports.models import Report, ReportVersion, ReviewComment


class ReportVersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    fields = ("number", "submitted_at", "submitted_by", "title")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class ReviewCommentInline(admin.TabularInline):
    """Comments are written by reviewers on the review page; the admin may correct their text."""

    model = ReviewComment
    extra = 0
    fields = ("created_at", "author", "version", "section", "text")
    readonly_fields = ("created_at", "author", "version")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(VersionedAdmin, SimpleHistoryAdmin):
    """Changes are audited (django-simple-history): who changed what, and when."""

    list_display = ("title", "organization", "year", "kind", "status", "rating", "updated_at")
    list_filter = ("status", "kind", "period_type", "year", "organization__school__district")
    search_fields = ("title", "organization__name", "organization__school__name")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization", "author")
    readonly_fields = ("submitted_at", "reviewed_at", "reviewed_by", "created_at")
    inlines = [ReportVersionInline, ReviewCommentInline]
    # A secretary's open edit tab cannot overwrite an admin's change, nor the other way round.
    form = VersionedAdminForm


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    list_display = ("report", "number", "submitted_by", "submitted_at")
    list_select_related = ("report", "submitted_by")
    readonly_fields = ("report", "number", "submitted_by", "submitted_at")
    form = PlainTextModelForm

"""Development pipelines in /admin/: scoped like the roster (a secretary or 支委 sees their own
organisations' people only; reviewers have no /admin/ access), and read-only for everyone. Steps
are recorded on the portal's pipeline page, through development.services (its rules, the
member's stage dates written in the same transaction); each row links there."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from branches.admin import ScopedHistoryAdmin
from development.models import Pipeline, Step


class ReadOnlyScopedAdmin(ScopedHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("发展流程页面"))
    def portal_link(self, obj):
        member_id = obj.member_id if isinstance(obj, Pipeline) else obj.pipeline.member_id
        url = reverse("development:person", args=[member_id])
        return format_html('<a href="{}">{}</a>', url, _("在发展流程中查看和修改"))


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ("number", "title", "date", "person_1", "person_2", "people_elsewhere", "meeting")
    readonly_fields = fields
    can_delete = False
    ordering = ("number", "date", "id")

    @admin.display(description=_("步骤名称"))
    def title(self, step):
        return step.definition.title

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person_1", "person_2", "meeting")


@admin.register(Pipeline)
class PipelineAdmin(ReadOnlyScopedAdmin):
    organization_path = "member__organization"
    list_display = ("member", "organization_name", "status", "closed_on", "portal_link")
    list_filter = ("status", ("member__organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member__name",)
    list_select_related = ("member__organization",)
    fields = (
        "member",
        "status",
        "closed_on",
        "close_reason",
        "recommendation",
        "extension_months",
        "portal_link",
    )
    readonly_fields = fields
    inlines = [StepInline]

    @admin.display(description=_("党组织"), ordering="member__organization__name")
    def organization_name(self, pipeline):
        return pipeline.member.organization.name


@admin.register(Step)
class StepAdmin(ReadOnlyScopedAdmin):
    organization_path = "pipeline__member__organization"
    list_display = ("member_name", "number", "title", "date", "document_number", "portal_link")
    list_filter = ("number", ("pipeline__member__organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("pipeline__member__name", "document_number")
    list_select_related = ("pipeline__member",)
    date_hierarchy = "date"
    fields = (
        "pipeline",
        "number",
        "title",
        "date",
        "person_1",
        "person_2",
        "people_elsewhere",
        "meeting",
        "agenda_item",
        "document_number",
        "period_end",
        "hours",
        "note",
        "portal_link",
    )
    readonly_fields = fields

    @admin.display(description=_("发展对象"), ordering="pipeline__member__name")
    def member_name(self, step):
        return step.pipeline.member.name

    @admin.display(description=_("步骤名称"))
    def title(self, step):
        return step.definition.title

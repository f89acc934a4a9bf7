from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from branches.admin_import import BoundPreviewImportMixin
from branches.exports.resources import MemberResource
from branches.forms.roster import MaskedPersonalDataMixin, PipelineOwnedFieldsMixin
from branches.models import (
    Activity,
    Committee,
    CommitteePost,
    DeletedActivity,
    District,
    DistrictAdministrator,
    DistrictReviewer,
    Honour,
    Member,
    Movement,
    Organization,
    OrganizationRole,
    PartyGroup,
    PersonalDataReveal,
    RegionReviewer,
    RoleHandover,
    School,
)
from branches.scope import scope_for
from branches.selectors.trash import deleted_activity_summary
from branches.services.activities import purge_deleted_activity
from branches.services.trash import restore_activity
from portal import spreadsheets
from portal.admin import UserAdmin
from portal.admin_history import RecoverDeletedAdmin
from portal.dates import PARTY_PAST_DATE, PlausibleDatesMixin
from portal.text import PlainTextModelForm
from portal.versioning import VersionedAdmin, VersionedAdminForm


class SchoolInline(admin.TabularInline):
    model = School
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("__str__", "province", "city", "name")
    search_fields = ("province", "city", "name")
    inlines = [SchoolInline]


class OrganizationInline(admin.TabularInline):
    model = Organization
    form = PlainTextModelForm
    extra = 0
    fields = ("name", "kind", "parent", "founded_on")


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "district")
    list_filter = ("district",)
    search_fields = ("name",)
    list_select_related = ("district",)
    inlines = [OrganizationInline]


class PartyGroupInline(admin.TabularInline):
    model = PartyGroup
    extra = 0


class OrganizationRoleInline(admin.TabularInline):
    model = OrganizationRole
    extra = 0
    form = PlainTextModelForm  # plausible dates for the validity window
    autocomplete_fields = ("user", "member")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "school", "parent")
    list_filter = ("kind", "school__district")
    search_fields = ("name", "school__name")
    list_select_related = ("school", "parent")
    autocomplete_fields = ("school", "parent")
    inlines = [PartyGroupInline, OrganizationRoleInline]
    form = PlainTextModelForm


@admin.register(PartyGroup)
class PartyGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "organization")
    search_fields = ("name", "organization__name")
    list_select_related = ("organization",)


@admin.register(OrganizationRole)
class OrganizationRoleAdmin(RecoverDeletedAdmin):
    form = PlainTextModelForm  # plausible dates for the validity window
    list_display = ("user", "organization", "role", "member", "starts_on", "ends_on")
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name", "organization__name")
    list_select_related = ("user", "organization", "member")
    autocomplete_fields = ("user", "organization", "member")


@admin.register(DistrictReviewer)
class DistrictReviewerAdmin(RecoverDeletedAdmin):
    list_display = ("user", "district")
    search_fields = ("user__username", "user__display_name")
    list_select_related = ("user", "district")
    autocomplete_fields = ("user", "district")


@admin.register(RegionReviewer)
class RegionReviewerAdmin(RecoverDeletedAdmin):
    list_display = ("user", "province", "city")
    search_fields = ("user__username", "user__display_name", "province", "city")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)


@admin.register(DistrictAdministrator)
class DistrictAdministratorAdmin(RecoverDeletedAdmin):
    list_display = ("user", "district")
    search_fields = ("user__username", "user__display_name")
    list_select_related = ("user", "district")
    autocomplete_fields = ("user", "district")


@admin.register(RoleHandover)
class RoleHandoverAdmin(admin.ModelAdmin):
    """Hand-overs are made on the district administrator's pages (onboarding); read here."""

    list_display = ("organization", "on", "previous", "successor", "by")
    list_select_related = ("organization", "previous", "successor", "by")
    search_fields = ("organization__name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class UserOrganizationRoleInline(admin.TabularInline):
    model = OrganizationRole
    extra = 0
    form = PlainTextModelForm  # plausible dates for the validity window
    autocomplete_fields = ("organization", "member")


class UserDistrictReviewerInline(admin.TabularInline):
    model = DistrictReviewer
    extra = 0


class UserRegionReviewerInline(admin.TabularInline):
    model = RegionReviewer
    extra = 0


class UserDistrictAdministratorInline(admin.TabularInline):
    model = DistrictAdministrator
    extra = 0


# Roles live in this app; show them on the user's page without the portal importing branches.
User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    inlines = [
        UserOrganizationRoleInline,
        UserDistrictReviewerInline,
        UserRegionReviewerInline,
        UserDistrictAdministratorInline,
    ]


# -- Roster upkeep ------------------------------------------------------------------------------
# A secretary or 支委 (their role brings the permissions: branches.backends) sees and edits only
# the rows of their own organisations; the model permissions say what they may do with them.


def scoped_org_ids(request):
    """None for site admins (everything); otherwise the ids of the user's organisations."""
    scope = scope_for(request.user)
    return None if scope.is_admin else scope.member_org_ids


class OrganizationScopedAdmin(admin.ModelAdmin):
    """Rows reachable through `organization_path` must belong to one of the user's organisations.

    Out of scope objects are 404 (never a redirect that confirms they exist).
    """

    organization_path = "organization"
    form = PlainTextModelForm

    def _org_ids(self, request):
        return scoped_org_ids(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        org_ids = self._org_ids(request)
        if org_ids is None:
            return queryset
        return queryset.filter(**{f"{self.organization_path}__in": org_ids})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("没有这条记录，或它不属于你的党组织。"))
        return obj

    def _in_scope(self, request, obj):
        org_ids = self._org_ids(request)
        if obj is None or org_ids is None:
            return True
        organization_id = obj
        for part in self.organization_path.split("__"):
            organization_id = getattr(organization_id, part)
        return organization_id.pk in org_ids

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        org_ids = self._org_ids(request)
        if org_ids is not None:
            limits = {
                Organization: {"id__in": org_ids},
                PartyGroup: {"organization_id__in": org_ids},
                Member: {"organization_id__in": org_ids},
                Committee: {"organization_id__in": org_ids},
            }
            if db_field.related_model in limits:
                kwargs["queryset"] = db_field.related_model.objects.filter(
                    **limits[db_field.related_model]
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedHistoryAdmin(SimpleHistoryAdmin, OrganizationScopedAdmin):
    """A scoped admin with django-simple-history's pages. simple_history finds a row outside the
    user's organisations through its history and answers 403, which confirms that it exists;
    here its history pages are 404, as its change page is."""

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)


class MovementInline(admin.TabularInline):
    """Movements are recorded on the member's page in the portal (they move the roster dates)."""

    model = Movement
    extra = 0
    fields = ("kind", "date", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MemberAdminForm(PipelineOwnedFieldsMixin, MaskedPersonalDataMixin, VersionedAdminForm):
    """身份证号 and phone masked here too (admins included): full numbers are revealed one at a
    time on the member page, where each reveal is audited. Stage dates and extension of a person
    with a development pipeline are read-only, as in the roster form."""


@admin.register(Member)
class MemberAdmin(
    BoundPreviewImportMixin, VersionedAdmin, ImportExportMixin, OrganizationScopedAdmin
):
    form = MemberAdminForm
    resource_classes = [MemberResource]
    import_formats = [spreadsheets.XLSX, spreadsheets.CSV]
    export_formats = [spreadsheets.XLSX, spreadsheets.CSV]
    import_template_name = "admin/branches/member/import.html"
    list_display = (
        "name",
        "organization",
        "group",
        "stage_display",
        "masked_phone_display",
        "masked_id_display",
        "is_delegate",
        "left_on",
    )
    list_filter = (
        ("organization", admin.RelatedOnlyFieldListFilter),
        ("group", admin.RelatedOnlyFieldListFilter),
        "is_delegate",
    )
    search_fields = ("name", "work_unit")
    list_select_related = ("organization", "group")
    readonly_fields = ("joined_on", "left_on")
    inlines = [MovementInline]
    fieldsets = (
        (None, {"fields": ("organization", "group", "name", "gender", "ethnicity", "birth_date")}),
        (_("工作与联系"), {"fields": ("education", "work_unit", "post", "phone", "id_number")}),
        (
            _("发展阶段"),
            {
                "fields": (
                    "application_date",
                    "activist_date",
                    "candidate_date",
                    "admission_date",
                    "full_date",
                    "probation_extension_months",
                )
            },
        ),
        (_("其他"), {"fields": ("is_delegate", "notes", "joined_on", "left_on")}),
    )

    @admin.display(description=_("当前阶段"))
    def stage_display(self, member):
        return member.stage.label if member.stage else "—"

    @admin.display(description=_("联系电话"))
    def masked_phone_display(self, member):
        return member.masked_phone

    @admin.display(description=_("身份证号"))
    def masked_id_display(self, member):
        return member.masked_id_number

    def import_organizations(self, request):
        organizations = Organization.objects.order_by("school__name", "name")
        org_ids = self._org_ids(request)
        return organizations if org_ids is None else organizations.filter(id__in=org_ids)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_resource_kwargs(self, request, **kwargs):
        return {}


class CommitteePostForm(PlausibleDatesMixin, forms.ModelForm):
    date_ranges = {"elected_on": PARTY_PAST_DATE}  # a by-election that took place


class CommitteePostInline(admin.TabularInline):
    model = CommitteePost
    form = CommitteePostForm
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "member":
            org_ids = scoped_org_ids(request)
            if org_ids is not None:
                kwargs["queryset"] = Member.objects.filter(organization_id__in=org_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Committee)
class CommitteeAdmin(VersionedAdmin, OrganizationScopedAdmin):
    form = VersionedAdminForm
    list_display = ("__str__", "organization", "term_start", "term_end", "ended_on")
    list_filter = (("organization", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("organization",)
    inlines = [CommitteePostInline]


@admin.register(Honour)
class HonourAdmin(VersionedAdmin, OrganizationScopedAdmin):
    form = VersionedAdminForm
    list_display = ("title", "year", "level", "recipient", "member", "organization", "awarded_by")
    list_filter = ("level", "year", ("organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "member__name", "awarded_by")
    list_select_related = ("organization", "member")


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    """Records are filed in the portal (rules, attendance); the admin lists them with history."""

    list_display = ("date", "kind", "topic", "organization", "status")
    list_filter = ("kind", "status", "organization__school__district")
    search_fields = ("topic", "organization__name")
    list_select_related = ("organization",)
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeletedActivity)
class DeletedActivityAdmin(admin.ModelAdmin):
    """Deleted records, kept whole; an admin restores them with their attendance and files."""

    list_display = ("label", "organization", "deleted_by", "deleted_at", "restored_at")
    list_filter = ("organization__school__district",)
    search_fields = ("label", "organization__name")
    list_select_related = ("organization", "deleted_by")
    actions = ["restore_selected"]
    readonly_fields = [
        *(f.name for f in DeletedActivity._meta.fields if f.name != "payload"),
        "contents",
    ]
    exclude = ("payload",)

    @admin.display(description=_("记录内容"))
    def contents(self, deleted):
        return deleted_activity_summary(deleted)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_actions(self, request):
        # The restore action works for superusers, though they "cannot change" snapshots.
        return super().get_actions(request) if request.user.is_superuser else {}

    def delete_model(self, request, obj):
        purge_deleted_activity(deleted=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for deleted in queryset:
            purge_deleted_activity(deleted=deleted, actor=request.user)

    @admin.action(description=_("恢复所选记录（连同出席、议题和附件）"))
    def restore_selected(self, request, queryset):
        restored = 0
        for deleted in queryset:
            try:
                result = restore_activity(deleted=deleted, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{deleted}：{' '.join(error.messages)}", messages.ERROR)
            else:
                restored += 1
                if result.notes:
                    notes = " ".join(result.notes)
                    self.message_user(request, f"{deleted}：{notes}", messages.WARNING)
        if restored:
            self.message_user(
                request, _("已恢复 %(n)s 条记录。") % {"n": restored}, messages.SUCCESS
            )


@admin.register(PersonalDataReveal)
class PersonalDataRevealAdmin(admin.ModelAdmin):
    """Who revealed whose full 身份证号 or phone, and when (read only, admins only)."""

    list_display = ("revealed_at", "user_name", "member_name", "field", "organization")
    list_filter = ("field", ("organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member_name", "user_name")
    list_select_related = ("organization",)
    date_hierarchy = "revealed_at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

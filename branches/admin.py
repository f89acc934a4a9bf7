from django.contrib import admin
from django.contrib.auth import get_user_model

from branches.models import (
    District,
    DistrictReviewer,
    Organization,
    OrganizationRole,
    PartyGroup,
    School,
)
from portal.admin import UserAdmin


class SchoolInline(admin.TabularInline):
    model = School
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("__str__", "city", "name")
    search_fields = ("city", "name")
    inlines = [SchoolInline]


class OrganizationInline(admin.TabularInline):
    model = Organization
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
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "school", "parent")
    list_filter = ("kind", "school__district")
    search_fields = ("name", "school__name")
    list_select_related = ("school", "parent")
    autocomplete_fields = ("school", "parent")
    inlines = [PartyGroupInline, OrganizationRoleInline]


@admin.register(PartyGroup)
class PartyGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "organization")
    search_fields = ("name", "organization__name")
    list_select_related = ("organization",)


@admin.register(OrganizationRole)
class OrganizationRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name", "organization__name")
    list_select_related = ("user", "organization")
    autocomplete_fields = ("user", "organization")


@admin.register(DistrictReviewer)
class DistrictReviewerAdmin(admin.ModelAdmin):
    list_display = ("user", "district")
    search_fields = ("user__username", "user__display_name")
    list_select_related = ("user", "district")
    autocomplete_fields = ("user", "district")


class UserOrganizationRoleInline(admin.TabularInline):
    model = OrganizationRole
    extra = 0
    autocomplete_fields = ("organization",)


class UserDistrictReviewerInline(admin.TabularInline):
    model = DistrictReviewer
    extra = 0


# Roles live in this app; show them on the user's page without the portal importing branches.
User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    inlines = [UserOrganizationRoleInline, UserDistrictReviewerInline]

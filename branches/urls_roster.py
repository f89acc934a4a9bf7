"""URLs of the member roster (members, movements, committees, honours)."""

from django.urls import path

from branches.views import roster

urlpatterns = [
    path("roster/", roster.roster_overview, name="roster"),
    path("org/<int:pk>/members/", roster.member_list, name="members"),
    path("org/<int:pk>/members/new/", roster.member_create, name="member_create"),
    path("org/<int:pk>/members/due/", roster.due_list, name="members_due"),
    path("org/<int:pk>/members/export.xlsx", roster.member_export, name="members_export"),
    path("org/<int:pk>/members/find/", roster.member_find, name="members_find"),
    path("members/<int:pk>/", roster.member_detail, name="member"),
    path("members/<int:pk>/reveal/<str:field>/", roster.member_reveal, name="member_reveal"),
    path("members/<int:pk>/edit/", roster.member_edit, name="member_edit"),
    path("members/<int:pk>/movements/new/", roster.movement_create, name="movement_create"),
    path("org/<int:pk>/committees/", roster.committee_list, name="committees"),
    path("org/<int:pk>/committees/new/", roster.committee_create, name="committee_create"),
    path("committees/<int:pk>/edit/", roster.committee_edit, name="committee_edit"),
    path("org/<int:pk>/honours/", roster.honour_list, name="honours"),
    path("org/<int:pk>/honours/new/", roster.honour_create, name="honour_create"),
    path("honours/<int:pk>/edit/", roster.honour_edit, name="honour_edit"),
]

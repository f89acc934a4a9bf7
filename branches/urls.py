from django.urls import path

from branches.views import activities, organizations, roster

app_name = "branches"
urlpatterns = [
    path("my/", organizations.my_organization, name="my_organization"),
    path("my/<slug:page>/", organizations.my_shortcut, name="my_shortcut"),
    path("org/<int:pk>/", organizations.organization_detail, name="organization"),
    path("districts/", organizations.district_list, name="districts"),
    path("districts/<int:pk>/", organizations.district_detail, name="district"),
    # The member roster (members, movements, committees, honours).
    path("roster/", roster.roster_overview, name="roster"),
    path("org/<int:pk>/members/", roster.member_list, name="members"),
    path("org/<int:pk>/members/new/", roster.member_create, name="member_create"),
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
    # Activity records, the compliance calendar and the ledger.
    path("org/<int:pk>/activities/new/", activities.activity_choose, name="activity_choose"),
    path(
        "org/<int:pk>/activities/new/<slug:kind>/",
        activities.activity_create,
        name="activity_create",
    ),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path("attachments/<int:pk>/", activities.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", activities.attachment_delete, name="attachment_delete"),
    path("org/<int:pk>/ledger/", activities.ledger_page, name="ledger"),
    path("org/<int:pk>/plan/", activities.year_plan, name="year_plan"),
    path("org/<int:pk>/ledger.<str:fmt>", activities.ledger_export, name="ledger_export"),
    path("org/<int:pk>/calendar/", activities.compliance_calendar, name="compliance_calendar"),
]

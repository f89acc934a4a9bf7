"""URLs of activity records, the compliance calendar and the ledger."""

from django.urls import path

from branches.views import activities

urlpatterns = [
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
    path(
        "org/<int:pk>/ledger.<str:fmt>",
        activities.ledger_export,
        name="ledger_export",
    ),
    path("org/<int:pk>/calendar/", activities.compliance_calendar, name="compliance_calendar"),
]

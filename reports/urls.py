from django.urls import path

from reports.views import reports as views

app_name = "reports"
urlpatterns = [
    path("reports/", views.mine, name="mine"),
    path("reports/review/", views.queue, name="queue"),
    path("org/<int:pk>/reports/", views.organization_reports, name="organization_reports"),
    path("org/<int:pk>/reports/new/", views.create, name="create"),
    path("reports/<int:pk>/", views.detail, name="detail"),
    path("reports/<int:pk>/edit/", views.edit, name="edit"),
    path("reports/<int:pk>/draft/", views.draft, name="draft"),
    path("reports/<int:pk>/submit/", views.submit, name="submit"),
    path("reports/<int:pk>/return/", views.return_for_changes, name="return"),
    path("reports/<int:pk>/approve/", views.approve, name="approve"),
    path("reports/<int:pk>/diff/", views.diff, name="diff"),
    path("reports/<int:pk>/figures/<slug:key>/", views.figure, name="figure"),
    path("reports/<int:pk>/report.docx", views.download_docx, name="docx"),
    path("reports/<int:pk>/print/", views.print_view, name="print"),
    path("districts/<int:pk>/reports/<int:year>.zip", views.district_zip, name="district_zip"),
]

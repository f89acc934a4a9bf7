from django.urls import path

from onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("district-admin/", views.home, name="home"),
    path("district-admin/<int:pk>/", views.district, name="district"),
    path("district-admin/<int:pk>/template.xlsx", views.template, name="template"),
    path("district-admin/<int:pk>/import/", views.upload, name="upload"),
    path("district-admin/<int:pk>/import/confirm/", views.confirm, name="confirm"),
    path("district-admin/<int:pk>/credentials/", views.credentials, name="credentials"),
    path(
        "district-admin/<int:pk>/organizations/<int:org_pk>/",
        views.organization,
        name="organization",
    ),
    path(
        "district-admin/<int:pk>/roles/<int:role_pk>/remove/", views.role_remove, name="role_remove"
    ),
    path(
        "district-admin/<int:pk>/organizations/<int:org_pk>/handover/",
        views.handover,
        name="handover",
    ),
    path(
        "district-admin/<int:pk>/handovers/<int:handover_pk>/cancel/",
        views.handover_cancel,
        name="handover_cancel",
    ),
    path(
        "district-admin/<int:pk>/schools/<int:school_pk>/edit/",
        views.school_edit,
        name="school_edit",
    ),
    path(
        "district-admin/<int:pk>/organizations/<int:org_pk>/edit/",
        views.organization_edit,
        name="organization_edit",
    ),
]

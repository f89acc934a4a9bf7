from django.urls import path

from projects.views import projects as views

app_name = "projects"
urlpatterns = [
    path("org/<int:pk>/projects/", views.organization_projects, name="list"),
    path("org/<int:pk>/projects/new/", views.create, name="create"),
    path("projects/<int:pk>/", views.detail, name="detail"),
    path("projects/<int:pk>/edit/", views.edit, name="edit"),
    path("projects/<int:pk>/records/", views.tag_records, name="tag_records"),
    path(
        "projects/<int:pk>/records/<int:activity_pk>/remove/",
        views.untag_record,
        name="untag_record",
    ),
    path("projects/<int:pk>/honours/", views.link_honours, name="link_honours"),
    path(
        "projects/<int:pk>/honours/<int:honour_pk>/remove/",
        views.unlink_honour,
        name="unlink_honour",
    ),
    path("projects/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("projects/<int:pk>/review/", views.review, name="review"),
    path("districts/<int:pk>/projects/", views.district_projects, name="district"),
    path("districts/<int:pk>/projects.xlsx", views.district_export, name="district_export"),
]

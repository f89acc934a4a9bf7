from django.urls import path

from development.views import pages as views

app_name = "development"
urlpatterns = [
    path("org/<int:pk>/development/", views.index, name="index"),
    path("org/<int:pk>/development/<slug:form>.<slug:fmt>", views.lists, name="lists"),
    path("members/<int:member_pk>/development/", views.person, name="person"),
    path("members/<int:member_pk>/development/start/", views.start, name="start"),
    path("members/<int:member_pk>/development/status/", views.status, name="status"),
    path("members/<int:member_pk>/development/steps/<int:number>/", views.step, name="step"),
    path(
        "members/<int:member_pk>/development/rows/<int:step_pk>/", views.step_row, name="step_row"
    ),
    path(
        "members/<int:member_pk>/development/rows/<int:step_pk>/delete/",
        views.step_delete,
        name="step_delete",
    ),
    path("members/<int:member_pk>/development/record.docx", views.record, name="record"),
    path("members/<int:member_pk>/development/notice.docx", views.notice, name="notice"),
    path("districts/<int:pk>/development/", views.district, name="district"),
]

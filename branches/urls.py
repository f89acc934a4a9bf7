from django.urls import path

from branches import views

app_name = "branches"
urlpatterns = [
    path("my/", views.my_organization, name="my_organization"),
    path("org/<int:pk>/", views.organization_detail, name="organization"),
    path("districts/", views.district_list, name="districts"),
    path("districts/<int:pk>/", views.district_detail, name="district"),
]

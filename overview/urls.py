from django.urls import path

from overview.views import district

app_name = "overview"
urlpatterns = [
    path("overview/", district.overview_home, name="home"),
    path("districts/<int:pk>/overview/", district.overview, name="district"),
    path("districts/<int:pk>/overview.xlsx", district.overview_export, name="export"),
    path("districts/<int:pk>/overview/records/", district.overview_records, name="records"),
]

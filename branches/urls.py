from django.urls import path

from branches import urls_activities, urls_roster
from branches.views import organizations

app_name = "branches"
urlpatterns = [
    path("my/", organizations.my_organization, name="my_organization"),
    path("org/<int:pk>/", organizations.organization_detail, name="organization"),
    path("districts/", organizations.district_list, name="districts"),
    path("districts/<int:pk>/", organizations.district_detail, name="district"),
]
# Each topic keeps its own URL list so it can grow independently.
urlpatterns += urls_roster.urlpatterns + urls_activities.urlpatterns

from django.urls import path

from regions.views import party_stats, rollup

app_name = "regions"

# 党内统计: one page, its drill-down and its export for each kind of area.
AREAS = {
    "organization": "stats/org/<int:pk>/",
    "district": "stats/district/<int:pk>/",
    "city": "stats/city/<str:province>/<str:city>/",
    "province": "stats/province/<str:province>/",
}
SUFFIXES = {
    "statistics": ("", ""),
    "people": ("people/", "_people"),
    "export": ("export.xlsx", "_export"),
}

urlpatterns = [
    path("rollup/", rollup.rollup_home, name="rollup_home"),
    path("rollup/province/<str:province>/", rollup.rollup_province, name="rollup_province"),
    path("rollup/province/<str:province>/<str:city>/", rollup.rollup_city, name="rollup_city"),
    path("rollup/district/<int:pk>/", rollup.rollup_district, name="rollup_district"),
    path("rollup/school/<int:pk>/", rollup.rollup_school, name="rollup_school"),
] + [
    path(f"{prefix}{tail}", party_stats.VIEWS[(view, level)], name=f"stats_{level}{suffix}")
    for level, prefix in AREAS.items()
    for view, (tail, suffix) in SUFFIXES.items()
]

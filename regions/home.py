"""Home-page panel of city and province reviewers: their regions, the roll-up and 党内统计."""

from django.template.loader import render_to_string
from django.urls import reverse

from branches.scope import scope_for


def panels(request):
    scope = scope_for(request.user)
    if not scope.is_region_reviewer:
        return []
    regions = []
    for province, city in scope.regions:
        if city:
            office = f"{city}教育局"
            rollup = reverse("regions:rollup_city", args=[province, city])
            stats = reverse("regions:stats_city", args=[province, city])
        else:
            office = f"{province}教育厅"
            rollup = reverse("regions:rollup_province", args=[province])
            stats = reverse("regions:stats_province", args=[province])
        regions.append({"office": office, "rollup": rollup, "stats": stats})
    return [
        render_to_string(
            "regions/home_region.html",
            {"regions": regions, "district_count": len(scope.region_district_ids)},
            request=request,
        )
    ]

"""The district administrator's home panel: their districts, with the way in."""

from django.db.models import Count
from django.template.loader import render_to_string

from branches.models import District
from branches.scope import scope_for


def panels(request):
    scope = scope_for(request.user)
    if not scope.is_district_admin:
        return []
    districts = District.objects.filter(id__in=scope.admin_district_ids).annotate(
        school_count=Count("schools", distinct=True),
        organization_count=Count("schools__organizations", distinct=True),
    )
    return [
        render_to_string("onboarding/home_panel.html", {"districts": districts}, request=request)
    ]

"""Who may open the city/province pages: admins and region reviewers (RegionReviewer), each only
inside their own city or province (outside -> 404; a role but not a region reviewer -> 403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from branches.access import require_role
from branches.models import District, School


def require_region_reviewer(user):
    scope = require_role(user)
    if not (scope.is_admin or scope.is_region_reviewer):
        raise PermissionDenied(_("只有市、省教育部门的审阅人可以查看市、省汇总。"))
    return scope


def require_region(user, province, city=""):
    """The districts of the province (or city) the user covers; 404 when not theirs or empty."""
    scope = require_region_reviewer(user)
    districts = District.objects.in_region(province, city)
    if not scope.covers_region(province, city) or not districts.exists():
        raise Http404
    return scope, districts


def require_region_district(user, pk):
    scope = require_region_reviewer(user)
    district = get_object_or_404(District, pk=pk)
    if not (scope.is_admin or district.id in scope.region_district_ids):
        raise Http404
    return scope, district


def require_region_school(user, pk):
    scope = require_region_reviewer(user)
    school = get_object_or_404(School.objects.select_related("district"), pk=pk)
    if not (scope.is_admin or school.district_id in scope.region_district_ids):
        raise Http404
    return scope, school

"""The district administrator's gate: their own district -> yes; a district the user can see
otherwise (a reviewer, a secretary of it) -> 403; anything else (no role, another district) -> 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from branches.models import District, Organization
from branches.scope import scope_for


def administered_districts(user):
    scope = scope_for(user)
    districts = District.objects.order_by("city", "name")
    return districts if scope.is_admin else districts.filter(id__in=scope.admin_district_ids)


def get_administered_district(user, pk):
    scope = scope_for(user)
    if scope.is_admin or pk in scope.admin_district_ids:
        return get_object_or_404(District, pk=pk)
    if scope.can_see_district(pk):
        raise PermissionDenied(_("只有本区教育局的管理员可以开通学校和账号。"))
    raise Http404


def get_administered_organization(user, district, pk):
    return get_object_or_404(
        Organization.objects.filter(school__district=district).select_related("school"), pk=pk
    )


def require_district_admin(user):
    """Some district to administer (else 404: nothing to show, nothing to hide)."""
    scope = scope_for(user)
    if not (scope.is_admin or scope.is_district_admin):
        raise Http404
    return scope

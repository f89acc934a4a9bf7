"""党内统计 pages: the tables, the people (or organisations) behind each cell, the Excel export.

Areas and who may open them: an organisation (and those under it) for everyone who may read it;
a district for its reviewers, its city's and province's reviewers and admins (a secretary of the
district: 403); a city or a province for its region reviewers and admins.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.access import VIEW, get_organization_for_user, require_role
from branches.models import District, Organization
from portal.downloads import DownloadResponse
from portal.spreadsheets import XLSX_TYPE
from regions.access import require_region
from regions.exports.party_stats import workbook
from regions.forms import AsOfForm
from regions.selectors.party_stats import (
    ORGANIZATION_TABLES,
    build_statistics,
    organizations_for,
    people_for,
)

PAGE_SIZE = 100


class Area:
    """What a 党内统计 page counts: a label, the organisations, and the URL arguments."""

    def __init__(self, level, label, organizations, args, back=""):
        self.level, self.label, self.organizations, self.args = level, label, organizations, args
        self.back = back  # the page the area belongs to (organisation page, roll-up)

    def url(self, suffix=""):
        return reverse(f"regions:stats_{self.level}{suffix}", args=self.args)


def area_for(user, level, **kwargs):
    if level == "organization":
        org = get_organization_for_user(user, kwargs["pk"], action=VIEW)
        return Area(
            level,
            _("%(org)s（含下属党组织）") % {"org": org.name} if not org.is_branch else org.name,
            Organization.objects.subtree([org]),
            [org.pk],
            reverse("branches:organization", args=[org.pk]),
        )
    if level == "district":
        district = get_object_or_404(District.objects.visible_to(user), pk=kwargs["pk"])
        scope = require_role(user)
        if not scope.can_read_district(district.id):
            raise PermissionDenied(_("只有教育局审阅人可以查看全区党内统计。"))
        return Area(
            level,
            str(district),
            Organization.objects.filter(school__district=district),
            [district.pk],
        )
    province, city = kwargs["province"], kwargs.get("city", "")
    _scope, districts = require_region(user, province, city)
    return Area(
        level,
        f"{province}{city}",
        Organization.objects.filter(school__district__in=districts),
        [province, city] if city else [province],
        reverse("regions:rollup_city", args=[province, city])
        if city
        else reverse("regions:rollup_province", args=[province]),
    )


def _as_of(request):
    form = AsOfForm(request.GET, today=datetime.date.today())
    return form, form.day()


def statistics(request, level, **kwargs):
    area = area_for(request.user, level, **kwargs)
    form, on = _as_of(request)
    stats = build_statistics(area.organizations, on)
    context = {
        "area": area,
        "form": form,
        "stats": stats,
        "query": f"on={on.isoformat()}",
        "people_url": area.url("_people"),
        "export_url": area.url("_export"),
        "organization_tables": ORGANIZATION_TABLES,
    }
    return render(request, "regions/party_stats.html", context)


def export(request, level, **kwargs):
    area = area_for(request.user, level, **kwargs)
    _form, on = _as_of(request)
    stats = build_statistics(area.organizations, on)
    name = _("%(area)s党内统计（截至%(on)s）.xlsx") % {"area": area.label, "on": on.isoformat()}
    return DownloadResponse(
        workbook(area, stats), as_attachment=True, filename=name, content_type=XLSX_TYPE
    )


def people(request, level, **kwargs):
    """The people (masked) or organisations behind one cell."""
    area = area_for(request.user, level, **kwargs)
    _form, on = _as_of(request)
    table, cell = request.GET.get("table", ""), request.GET.get("cell", "")
    try:
        if table in ORGANIZATION_TABLES:
            title, rows = organizations_for(area.organizations, on, table, cell)
        else:
            title, rows = people_for(area.organizations, on, table, cell)
    except KeyError as error:
        raise Http404(_("没有这项统计。")) from error
    context = {
        "area": area,
        "on": on,
        "title": title,
        "is_organizations": table in ORGANIZATION_TABLES,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "back_url": f"{area.url()}?on={on.isoformat()}",
    }
    return render(request, "regions/party_stats_people.html", context)


def _bind(view, level):
    @login_required
    def bound(request, **kwargs):
        return view(request, level, **kwargs)

    bound.__name__ = f"{view.__name__}_{level}"
    return bound


LEVELS = ("organization", "district", "city", "province")
VIEWS = {
    (view.__name__, level): _bind(view, level)
    for view in (statistics, export, people)
    for level in LEVELS
}

"""City and province roll-up (read-only): province -> cities -> districts -> schools ->
organisations, with the district overview's compliance figures and report statuses."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from branches.models import District
from regions.access import (
    require_region,
    require_region_district,
    require_region_reviewer,
    require_region_school,
)
from regions.forms import YearForm
from regions.selectors.rollup import (
    REPORT_STATUSES,
    district_totals,
    group,
    group_districts,
    organization_rows,
    organizations_of,
)


@login_required
def rollup_home(request):
    """The user's first region (admins: the first province), keeping the year."""
    scope = require_region_reviewer(request.user)
    if scope.regions:
        province, city = scope.regions[0]
    else:
        province = District.objects.order_by("province").values_list("province", flat=True)
        province, city = province.first(), ""
        if province is None:
            return render(request, "regions/no_region.html")
    url = (
        reverse("regions:rollup_city", args=[province, city])
        if city
        else reverse("regions:rollup_province", args=[province])
    )
    year = request.GET.get("year", "")
    return redirect(f"{url}?year={year}" if year.isdigit() else url)


def _context(form, period, today, lines, total, **page):
    """The context of regions/rollup.html: `page` holds its level, title and crumbs."""
    return {
        "form": form,
        "period": period,
        "on": period.as_of(today),
        **page,
        "lines": lines,
        "total": total,
        "statuses": REPORT_STATUSES,
        "year_query": f"?year={period.year}",
    }


def _page(request, organizations, *, level, title, crumbs, key, label, url):
    """The roll-up of these organisations for the year asked (this year by default), grouped
    into lines by key(row): the context of regions/rollup.html."""
    today = datetime.date.today()
    form = YearForm(request.GET, today=today)
    period = form.period()
    rows = organization_rows(organizations, period=period, today=today, links=level == "school")
    lines, total = group(rows, key, label, url)
    return _context(form, period, today, lines, total, level=level, title=title, crumbs=crumbs)


def _district_page(request, districts, *, level, title, crumbs, key, label, url):
    """`_page` for the province and city levels, whose lines are cities or districts: from each
    district's kept totals (`district_totals`), not a row per organisation."""
    today = datetime.date.today()
    form = YearForm(request.GET, today=today)
    period = form.period()
    districts = sorted(districts, key=lambda d: (d.city, d.name, d.pk))
    totals = district_totals(districts, period=period, today=today)
    lines, total = group_districts(districts, totals, key, label, url)
    return _context(form, period, today, lines, total, level=level, title=title, crumbs=crumbs)


def _crumbs(scope, province, city="", district=None):
    """[(label, url or "")]: the levels above the page the user may open."""
    crumbs = []
    if scope.covers_region(province):
        crumbs.append((f"{province}", reverse("regions:rollup_province", args=[province])))
    if city and scope.covers_region(province, city):
        crumbs.append((city, reverse("regions:rollup_city", args=[province, city])))
    if district is not None:
        crumbs.append((district.name, reverse("regions:rollup_district", args=[district.pk])))
    return crumbs


@login_required
def rollup_province(request, province):
    scope, districts = require_region(request.user, province)
    context = _district_page(
        request,
        districts,
        level="province",
        title=f"{province}教育厅",
        crumbs=_crumbs(scope, province),
        key=lambda district: district.city,
        label=lambda district: district.city,
        url=lambda city: reverse("regions:rollup_city", args=[province, city]),
    )
    context["stats_url"] = reverse("regions:stats_province", args=[province])
    return render(request, "regions/rollup.html", context)


@login_required
def rollup_city(request, province, city):
    scope, districts = require_region(request.user, province, city)
    context = _district_page(
        request,
        districts,
        level="city",
        title=f"{city}教育局",
        crumbs=_crumbs(scope, province, city),
        key=lambda district: district.pk,
        label=lambda district: district.name,
        url=lambda pk: reverse("regions:rollup_district", args=[pk]),
    )
    context["stats_url"] = reverse("regions:stats_city", args=[province, city])
    return render(request, "regions/rollup.html", context)


@login_required
def rollup_district(request, pk):
    scope, district = require_region_district(request.user, pk)
    context = _page(
        request,
        organizations_of([district]),
        level="district",
        title=district.office_name,
        crumbs=_crumbs(scope, district.province, district.city, district),
        key=lambda row: row.organization.school_id,
        label=lambda row: row.organization.school.name,
        url=lambda pk: reverse("regions:rollup_school", args=[pk]),
    )
    context["stats_url"] = reverse("regions:stats_district", args=[district.pk])
    return render(request, "regions/rollup.html", context)


@login_required
def rollup_school(request, pk):
    scope, school = require_region_school(request.user, pk)
    district = school.district
    context = _page(
        request,
        school.organizations.all(),
        level="school",
        title=school.name,
        crumbs=_crumbs(scope, district.province, district.city, district),
        key=lambda row: row.organization.pk,
        label=lambda row: row.organization.name,
        url=lambda pk: reverse("branches:organization", args=[pk]),
    )
    context["school"] = school
    return render(request, "regions/rollup.html", context)

"""The district overview for the education office: compliance matrix, figures, charts, drill-down
and Excel export. Reviewers of the district and admins only (another district -> 404,
secretaries -> 403)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.access import REVIEW, get_district_for_user, reviewed_districts
from branches.selectors.compliance import compliance_summaries
from dues.selectors.district import dues_by_organization
from overview.exports import workbook as export
from overview.forms.filters import OverviewForm
from overview.selectors.drilldown import records_for
from overview.selectors.figures import build_overview, organizations_in, show_rows
from overview.selectors.matrix import CELL_LEGEND, CODE_LABELS, NOT_APPLICABLE, parse_month
from portal.downloads import DownloadResponse

PAGE_SIZE = 100
# Rows of the compliance matrix (and the dues table) per page: the first page of a generated district
# of 282 organisations in 190 schools is 136 KB instead of 1.2 MB (BENCHMARKS.md); the figures,
# charts (the schools table: every school) and the Excel export keep every row.
MATRIX_PAGE_SIZE = 15


def _reviewer_districts(user):
    return reviewed_districts(user, _("只有教育局审阅人可以查看全区概览。")).order_by(
        "city", "name"
    )


@login_required
def overview_home(request):
    """The 全区概览 menu: the chosen (or first) district's overview, keeping the year."""
    districts = list(_reviewer_districts(request.user))
    chosen = request.GET.get("district", "")
    district = next((d for d in districts if str(d.pk) == chosen), None)
    district = district or (districts[0] if districts else None)
    if district is None:
        return render(request, "overview/no_district.html")
    query = request.GET.copy()
    query.pop("district", None)
    url = reverse("overview:district", args=[district.pk])
    return redirect(f"{url}?{query.urlencode()}" if query else url)


def _options(request, district):
    form = OverviewForm(request.GET or None, district=district)
    options = form.options(datetime.date.today())
    if not request.GET.get("year"):
        # The year box shows the year the page shows (this year when none was asked for).
        data = request.GET.copy()
        data["year"] = str(options.period.year)
        form = OverviewForm(data, district=district)
        form.is_valid()
    return form, options


@login_required
def overview(request, pk):
    district = get_district_for_user(request.user, pk, action=REVIEW)
    form, options = _options(request, district)
    today = datetime.date.today()
    result = build_overview(district, period=options.period, today=today, **options.selection())
    records_url = reverse("overview:records", args=[district.pk])
    for section in result.sections:
        for figure in section.figures:
            figure.url = _figure_url(figure, options, records_url)
    rows = Paginator(result.rows, MATRIX_PAGE_SIZE).get_page(request.GET.get("page"))
    show_rows(result, rows.object_list)
    context = {
        "district": district,
        "districts": list(_reviewer_districts(request.user)),
        "form": form,
        "options": options,
        "overview": result,
        "query": options.query(),
        "records_url": records_url,
        "code_labels": CODE_LABELS,
        "not_applicable": NOT_APPLICABLE,
        "cell_legend": CELL_LEGEND,
        "chart_data": result.charts.as_json(),
        "page": rows,
        "dues_rows": dues_by_organization(
            [row.organization for row in rows], options.period.start, options.period.end
        ),
    }
    return render(request, "overview/page.html", context)


def _figure_url(figure, options, records_url):
    if figure.drill == "matrix":
        return "#overview-matrix"
    if figure.drill == "silent":
        return f"?{options.query(silent='1')}#overview-matrix"
    return f"{records_url}?{options.query(key=figure.drill)}"


@login_required
def overview_export(request, pk):
    district = get_district_for_user(request.user, pk, action=REVIEW)
    _form, options = _options(request, district)
    result = build_overview(
        district, period=options.period, today=datetime.date.today(), **options.selection()
    )
    show_rows(result, result.rows)
    stream = export.workbook(result)
    name = _("%(district)s%(period)s全区概览.xlsx") % {
        "district": district,
        "period": result.period.label,
    }
    return DownloadResponse(stream, as_attachment=True, filename=name, content_type=export.XLSX)


@login_required
def overview_records(request, pk):
    """The records behind one figure, chart value or table cell (read-only, 100 a page)."""
    district = get_district_for_user(request.user, pk, action=REVIEW)
    _form, options = _options(request, district)
    period, today = options.period, datetime.date.today()
    month = parse_month(request.GET.get("month"), period)
    organizations = organizations_in(district, school=options.school, kind=options.kind)
    if options.silent:
        branches = list(organizations.filter(kind="branch"))
        results = compliance_summaries(
            branches, year=period.year, school_year=period.school_year, today=today
        )
        ids = [org_id for org_id, result in results.items() if result.silent]
    else:
        ids = list(organizations.values_list("id", flat=True))
    try:
        kind, label, records = records_for(
            ids, period, period.as_of(today), request.GET.get("key", ""), month
        )
    except KeyError as error:
        raise Http404(_("没有这项数据。")) from error
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "district": district,
        "options": options,
        "period": period,
        "month": month,
        "kind": kind,
        "label": label,
        "page": page,
        "back_query": options.query(),
        "on": period.as_of(today),
    }
    return render(request, "overview/records.html", context)

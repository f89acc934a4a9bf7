"""The city and province roll-up: province -> cities -> districts -> schools -> organisations.

Every organisation's figures are those of the district overview (overview.selectors: roster
counts by `member_counts`, compliance totals by `compliance_summaries`, both kept under each
organisation's data version; the year's reports by `year_reports`, one OrgRow per organisation);
a school, district, city or province adds up the rows under it. Queries are constant: the
organisations of the area, their districts, their data versions (twice: the roster counts, then
the compliance summaries, each read in one cache round trip and computed only where not kept),
the year's reports.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache

from branches import kept
from branches.figures import percent
from branches.models import Organization
from branches.selectors.compliance import compliance_summaries
from branches.selectors.roster import MEMBER_COUNTS, member_counts
from overview.selectors.figures import NOT_STARTED, year_reports
from overview.selectors.matrix import OrgRow, branch_urls
from reports.models import Report

REPORT_STATUSES = [(NOT_STARTED, "未开始"), *Report.Status.choices]
FIGURES = (
    "organizations",
    "branches",
    "members",
    "full",
    "probationary",
    "kept",
    "missing",
    "silent",
)


@dataclass
class Totals:
    """The figures of one line of the roll-up (a city, district, school) or of the whole area."""

    key: object
    label: str
    url: str = ""
    schools: set = field(default_factory=set)
    organizations: int = 0
    branches: int = 0
    members: int = 0
    full: int = 0
    probationary: int = 0
    kept: int = 0
    missing: int = 0
    silent: int = 0
    statuses: Counter = field(default_factory=Counter)
    rows: list = field(default_factory=list)  # the OrgRows under it

    def add(self, row):
        self.rows.append(row)
        self.schools.add(row.organization.school_id)
        self.organizations += 1
        self.branches += row.is_branch
        self.members += row.members
        self.full += row.full
        self.probationary += row.probationary
        self.kept += row.kept
        self.missing += row.missing
        self.silent += row.silent
        if row.reports:
            self.statuses.update(report.status for report in row.reports)
        else:
            self.statuses[NOT_STARTED] += 1

    def merge(self, other):
        """Adds another line's figures (a district's, to its city or the province)."""
        self.schools |= other.schools
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.statuses.update(other.statuses)

    def without_rows(self):
        """The figures alone, as kept (report statuses aside: a review renews no data version)."""
        return replace(self, rows=[], statuses=Counter(), url="")

    @property
    def school_count(self):
        return len(self.schools)

    @property
    def rate(self):
        return percent(self.kept, self.kept + self.missing)

    @property
    def rate_text(self):
        return "—" if self.rate is None else f"{self.rate}%"

    @property
    def status_counts(self):
        return [self.statuses.get(status, 0) for status, _label in REPORT_STATUSES]


def organization_rows(organizations, *, period, today, links=False, with_reports=True):
    """One overview OrgRow per organisation of the queryset (constant queries); `links`: each
    branch's calendar and ledger address (the school level shows them, the levels above do not)."""
    on = period.as_of(today)
    # The 20-odd districts loaded once and shared (not one instance per organisation), and the
    # member counts kept per organisation: a province has thousands of organisations.
    orgs = list(organizations.select_related("school").prefetch_related("school__district"))
    counts = member_counts([org.id for org in orgs], on)
    branches = [org for org in orgs if org.is_branch]
    compliance = compliance_summaries(
        branches, year=period.year, school_year=period.school_year, today=today
    )
    rows = {}
    for org in orgs:
        count = counts.get(org.id, dict.fromkeys(MEMBER_COUNTS, 0))
        row = OrgRow(
            org,
            members=count["party_member_count"],
            full=count["full_member_count"],
            probationary=count["probationary_count"],
            development=count["development_count"],
        )
        if org.is_branch:
            row.compliance = compliance[org.id]
            if links:
                row.calendar_url, row.ledger_url = branch_urls(org, period)
        rows[org.id] = row
    reports = year_reports(list(rows), period) if with_reports else Report.objects.none()
    for report in reports.order_by("period_start", "kind", "id"):
        rows[report.organization_id].reports.append(report)
    return sorted(
        rows.values(),
        key=lambda r: (
            r.organization.school.district.city,
            r.organization.school.district.name,
            r.sort_key("school"),
        ),
    )


def group(rows, key, label, url=lambda key: ""):
    """Totals of the rows for each value of key(row), in the rows' order, and the grand total."""
    lines, total = {}, Totals(None, "合计")
    for row in rows:
        value = key(row)
        if value not in lines:
            lines[value] = Totals(value, label(row), url(value))
        lines[value].add(row)
        total.add(row)
    return list(lines.values()), total


def organizations_of(districts):
    return Organization.objects.filter(school__district__in=districts)


def district_totals(districts, *, period, today):
    """{district id: Totals of all its organisations} for the province and city levels, which
    show districts, not organisations. Each district's figures are kept under a digest of its
    organisations' data versions (any write in the district, or an organisation added or removed,
    makes a new digest), so a province of thousands of organisations is one query for the
    versions and one cache round trip; a district is built from its rows (`organization_rows`)
    only when its digest is new. The report statuses are counted afresh (one query): a report's
    review renews no data version."""
    districts = list(districts)
    org_district = dict(
        Organization.objects.filter(school__district__in=districts).values_list(
            "id", "school__district_id"
        )
    )
    by_district = defaultdict(list)
    for org_id, district_id in org_district.items():
        by_district[district_id].append(org_id)
    arguments = f"{period.year}:{int(period.school_year)}:{today.isoformat()}"
    keys = {}
    if getattr(settings, "KEPT_FIGURES", True):
        current = kept.tokens(org_district)
        for district_id, org_ids in by_district.items():
            digest = kept.digest(current, org_ids)
            if digest is not None:
                keys[district_id] = f"kept:rollup-district:{district_id}:{arguments}:{digest}"
    found = cache.get_many(list(keys.values())) if keys else {}
    result = {d: found[k] for d, k in keys.items() if k in found}
    missing = [d.id for d in districts if d.id not in result]
    if missing:
        rows = organization_rows(
            organizations_of(missing), period=period, today=today, with_reports=False
        )
        lines, _total = group(rows, lambda r: r.organization.school.district_id, lambda r: "")
        computed = {line.key: line.without_rows() for line in lines}
        for district_id in missing:
            computed.setdefault(district_id, Totals(district_id, ""))
        cache.set_many({keys[d]: computed[d] for d in missing if d in keys}, timeout=kept.TIMEOUT)
        result.update(computed)
    result = {d: replace(totals, statuses=Counter()) for d, totals in result.items()}
    with_report = set()
    for org_id, status in year_reports(list(org_district), period).values_list(
        "organization_id", "status"
    ):
        result[org_district[org_id]].statuses[status] += 1
        with_report.add(org_id)
    for org_id, district_id in org_district.items():
        if org_id not in with_report:
            result[district_id].statuses[NOT_STARTED] += 1
    return result


def group_districts(districts, totals, key, label, url=lambda key: ""):
    """`group` for district totals: a line per key(district), in the districts' order, and the
    grand total."""
    lines, total = {}, Totals(None, "合计")
    for district in districts:
        value = key(district)
        if value not in lines:
            lines[value] = Totals(value, label(district), url(value))
        lines[value].merge(totals[district.id])
        total.merge(totals[district.id])
    return list(lines.values()), total

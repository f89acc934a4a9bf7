"""Dues of many organisations over a period, for the district overview and the yearly report:
per organisation, expected and collected in the period, and per calendar quarter of the period
what was collected and what was remitted. Read from one DuesBook (constant queries)."""

from dataclasses import dataclass, field

from branches.kept import kept_for
from dues.models import Remittance
from dues.rules import month_start, months_between, quarter_of
from dues.selectors.bills import ZERO, DuesBook, Totals


@dataclass
class QuarterCell:
    year: int
    quarter: int
    collected: object = ZERO
    remitted: object = None  # the remittance's amount, None when not remitted

    @property
    def label(self):
        return f"{self.year}Q{self.quarter}"

    @property
    def differs(self):
        return self.remitted is not None and self.remitted != self.collected


@dataclass
class DuesRow:
    organization: object
    totals: Totals
    quarters: list = field(default_factory=list)

    @property
    def remitted(self):
        return sum((q.remitted for q in self.quarters if q.remitted is not None), ZERO)

    @property
    def remitted_count(self):
        return sum(1 for q in self.quarters if q.remitted is not None)


def dues_by_organization(organizations, start, end):
    """[DuesRow] of the branches among `organizations` for the months of start..end, each kept
    under its organisation's data version (every dues and roster write renews it): the district
    overview reads them in one query and one cache round trip."""
    branches = [org for org in organizations if org.kind == "branch"]
    if not branches:
        return []
    return kept_for(
        "dues-rows", branches, f"{start}:{end}", lambda missing: _dues_rows(missing, start, end)
    )


def _dues_rows(branches, start, end):
    """{organisation id: DuesRow} from one DuesBook (five queries)."""
    months = months_between(month_start(start), end)
    ids = {org.id for org in branches}
    book = DuesBook(ids, months[0], months[-1])
    quarters = sorted({(month.year, quarter_of(month)) for month in months})
    remitted = {
        (r.organization_id, r.year, r.quarter): r.amount
        for r in Remittance.objects.filter(
            organization_id__in=ids, year__in={y for y, _q in quarters}
        )
    }
    rows = {}
    for org in branches:
        cells = []
        for year, quarter in quarters:
            in_quarter = [m for m in months if m.year == year and quarter_of(m) == quarter]
            cells.append(
                QuarterCell(
                    year,
                    quarter,
                    book.totals(in_quarter, org.id).collected,
                    remitted.get((org.id, year, quarter)),
                )
            )
        rows[org.id] = DuesRow(org, book.totals(months, org.id), cells)
    return rows


def _quarters_ending_in(months):
    """(year, quarter) of the calendar quarters whose last month lies in `months`."""
    return sorted({(m.year, quarter_of(m)) for m in months if m.month % 3 == 0})


def dues_figures(organization_ids, start, end):
    """(Totals, remitted) of these organisations for the months of start..end; remitted sums the
    remittances of the quarters that end in the period (five queries)."""
    months = months_between(month_start(start), end)
    book = DuesBook(set(organization_ids), months[0], months[-1])
    quarters = _quarters_ending_in(months)
    remitted = ZERO
    for remittance in Remittance.objects.filter(
        organization_id__in=organization_ids, year__in={y for y, _q in quarters}
    ):
        if (remittance.year, remittance.quarter) in quarters:
            remitted += remittance.amount
    return book.totals(months), remitted

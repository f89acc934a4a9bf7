"""Reads of reports the report pages need."""

from reports.models import Report


def previous_report(report):
    """Last period's report of the same organisation and kind (for reference), or None."""
    return (
        Report.objects.filter(
            organization_id=report.organization_id,
            kind=report.kind,
            period_type=report.period_type,
            period_end__lt=report.period_start,
        )
        .order_by("-period_end")
        .first()
    )

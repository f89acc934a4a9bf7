"""Report services: create a report for a period, draft section 一 from the records, submit it
with the figures of the moment.

State changes of one report are model methods (Report.submit/return_for_changes/approve); work that
reads several models lives here. Plain functions, keyword-only arguments, an `actor`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import EDIT, require_organization_action
from branches.models import OrganizationRole
from reports.models import Report
from reports.selectors import statistics
from reports.selectors.drafts import draft_work_section

KIND_TITLES = {
    Report.Kind.SUMMARY: gettext_lazy("党建工作总结"),
    Report.Kind.DUTY: gettext_lazy("书记抓基层党建工作述职报告"),
}


def default_title(organization, kind, period):
    return f"{organization.name}{period.label}{KIND_TITLES[kind]}"


def secretary_of(organization, fallback):
    role = (
        OrganizationRole.objects.current()
        .filter(organization=organization, role=OrganizationRole.Role.SECRETARY)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return role.user if role else fallback


@transaction.atomic
def create_report(*, organization, kind, period, actor, committee=None):
    """A new draft for the period; ValidationError if the organisation already has one."""
    require_organization_action(actor, organization, EDIT)
    existing = Report.objects.filter(
        organization=organization,
        kind=kind,
        period_start=period.start,
        period_end=period.end,
    ).first()
    if existing:
        raise ValidationError(
            _("本组织已有%(title)s，请直接打开修改。") % {"title": existing.title},
            code="duplicate",
            params={"report": existing},
        )
    try:
        with transaction.atomic():
            report = Report(
                organization=organization,
                kind=kind,
                period_type=period.type,
                period_start=period.start,
                period_end=period.end,
                year=period.year,
                committee=committee,
                title=default_title(organization, kind, period),
                author=secretary_of(organization, actor),
                report_date=min(timezone.localdate(), period.end + datetime.timedelta(days=30)),
            )
            report._history_user = actor  # simple-history: who created it
            report.save()
            return report
    except IntegrityError as error:  # a second tab created it a moment ago
        raise ValidationError(_("本组织该时段的同类报告已存在。"), code="duplicate") from error


@transaction.atomic
def draft_from_records(*, report, actor, expected_version, replace=False):
    """Fill section 一 from the records; refuses to overwrite text unless `replace`."""
    if report.section_work.strip() and not replace:
        raise ValidationError(
            _("第一部分已有内容。若要用台账记录重新生成，请勾选“替换现有内容”。"),
            code="not_empty",
        )
    text = draft_work_section(report.organization, report.period)
    report.save_text(by=actor, expected_version=expected_version, section_work=text)
    return report


@transaction.atomic
def submit_report(*, report, actor):
    """Submit (or resubmit) the report; the new version keeps the period's figures as they are now
    (the statistics of reports/selectors/statistics.py), so a reviewer sees what changed since."""
    figures = statistics.snapshot(statistics.compute(report.organization, report.period))
    return report.submit(by=actor, figures=figures)

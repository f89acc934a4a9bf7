"""Permission-matrix cases of the report pages (every URL name of the `reports` app)."""

from reports.services.reports import submit_report
from tests.factories import make_report, returned, submitted
from tests.matrix import BRANCH_A_EDIT, BRANCH_A_READ, DISTRICT_1_REVIEW, Case, codes

# Changes by branch A's secretary/committee (and admins): redirect after the change.
BRANCH_A_CHANGE = codes(outsider=404, secretary_a=302, secretary_b=404, reviewer_d1=403, admin=302)
# Review actions on a branch A report: only district 1's reviewers (and admins who hold no role).
BRANCH_A_REVIEW_ACTION = codes(
    outsider=404, secretary_a=403, secretary_b=404, reviewer_d1=302, admin=302
)


def _draft(world):
    return {"pk": make_report(world.branch_a, world.secretary_a).pk}


def _submitted(world):
    return {"pk": submitted(world).pk}


def _two_versions(world):
    report = returned(world)
    submit_report(report=report, actor=world.secretary_a)
    return {"pk": report.pk}


def _figure(world):
    return {"pk": make_report(world.branch_a, world.secretary_a).pk, "key": "kind-theme_day"}


CASES = [
    Case(
        "reports:mine",
        codes(outsider=404, secretary_a=200, secretary_b=200, reviewer_d1=302, admin=302),
    ),
    Case(
        "reports:queue",
        codes(outsider=404, secretary_a=403, secretary_b=403, reviewer_d1=200, admin=200),
    ),
    Case(
        "reports:organization_reports",
        BRANCH_A_READ,
        kwargs=lambda w: {"pk": w.branch_a.pk},
    ),
    Case(
        "reports:create",
        BRANCH_A_CHANGE,
        kwargs=lambda w: {"pk": w.branch_a.pk},
        method="post",
        data=lambda w: {"kind": "summary", "period_type": "calendar", "year": "2021"},
    ),
    Case("reports:detail", BRANCH_A_READ, kwargs=_draft),
    Case("reports:detail", BRANCH_A_READ, kwargs=_submitted, id="reports:detail-submitted"),
    Case("reports:edit", BRANCH_A_EDIT, kwargs=_draft),
    Case(
        "reports:draft",
        BRANCH_A_CHANGE,
        kwargs=_draft,
        method="post",
        data=lambda w: {"lock_version": "1", "replace": "on"},
    ),
    Case("reports:submit", BRANCH_A_CHANGE, kwargs=_draft, method="post"),
    Case(
        "reports:return",
        BRANCH_A_REVIEW_ACTION,
        kwargs=_submitted,
        method="post",
        data=lambda w: {"problems": "原因分析请具体到台账。"},
    ),
    Case(
        "reports:approve",
        BRANCH_A_REVIEW_ACTION,
        kwargs=_submitted,
        method="post",
        data=lambda w: {"rating": "good"},
    ),
    Case("reports:diff", BRANCH_A_READ, kwargs=_two_versions),
    Case("reports:figure", BRANCH_A_READ, kwargs=_figure),
    Case("reports:docx", BRANCH_A_READ, kwargs=_draft),
    Case("reports:print", BRANCH_A_READ, kwargs=_draft),
    Case(
        "reports:district_zip",
        DISTRICT_1_REVIEW,
        kwargs=lambda w: {"pk": w.district1.pk, "year": 2021},
    ),
]

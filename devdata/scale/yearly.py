"""Yearly reports of every branch, in every review state, with their versions and comments.

Years before last are approved (some after a return); last year's reports are spread over every
state, round-robin so even a tiny province has each one; this year's are drafts at most.
"""

import datetime

from branches.periods import PeriodType
from reports.models import Report, ReportVersion, ReviewComment

WORK = (
    "全年召开支部党员大会{gm}次、支委会{cm}次，落实“三会一课”制度。\n"
    "围绕立德树人开展主题党日，组织党员参与志愿服务。\n"
    "按程序做好发展党员和党员教育管理工作。"
)
PROBLEMS = "部分党员理论学习不够深入，联系教学实际不够紧密。\n组织生活形式还比较单一。"
PLANS = "坚持把政治建设摆在首位，完善“三会一课”台账。\n加强青年教师的培养和发展工作。"
LAST_YEAR_STATES = [
    Report.Status.DRAFT,
    Report.Status.SUBMITTED,
    Report.Status.RETURNED,
    Report.Status.RESUBMITTED,
    Report.Status.APPROVED,
    Report.Status.APPROVED,
]
RATINGS = ["good"] * 5 + ["fairly_good"] * 3 + ["fair", "poor"]


class ReportWriter:
    def __init__(self, rng, sink, *, start, today, now):
        self.rng, self.start, self.today, self.now = rng, start, today, now
        common = ["title", "report_date", "section_work", "section_problems", "section_plans"]
        self.reports = sink.table(
            "report",
            Report,
            [
                "id",
                "organization_id",
                "kind",
                "period_type",
                "period_start",
                "period_end",
                "year",
                "committee_id",
                "author_id",
                *common,
                "status",
                "rating",
                "submitted_at",
                "reviewed_at",
                "reviewed_by_id",
                "lock_version",
                "created_at",
                "updated_at",
            ],
        )
        self.versions = sink.table(
            "version",
            ReportVersion,
            ["id", "report_id", "number", "submitted_at", "submitted_by_id", *common],
        )
        self.comments = sink.table(
            "comment",
            ReviewComment,
            ["id", "report_id", "version_id", "section", "text", "author_id", "created_at"],
        )
        self.round_robin = 0

    def branch(self, branch, reviewer_ids):
        for year in range(self.start.year, self.today.year + 1):
            if year < self.today.year - 1:
                status = Report.Status.APPROVED
            elif year == self.today.year - 1:
                status = LAST_YEAR_STATES[self.round_robin % len(LAST_YEAR_STATES)]
                self.round_robin += 1
            elif self.rng.random() < 0.3:
                status = Report.Status.DRAFT
            else:
                continue
            self._report(branch, year, status, self.rng.choice(reviewer_ids))

    def _moment(self, day, hour):
        return datetime.datetime.combine(min(day, self.today), datetime.time(hour), datetime.UTC)

    def _report(self, branch, year, status, reviewer_id):
        rng = self.rng
        report_id = self.reports.new_id()
        report_date = min(datetime.date(year + 1, 1, rng.randint(5, 25)), self.today)
        title = f"{branch.name}{year}年度党建工作总结"
        texts = (
            WORK.format(gm=rng.randint(3, 4), cm=rng.randint(9, 12)),
            PROBLEMS,
            PLANS,
        )
        returned_once = status == Report.Status.RESUBMITTED or (
            status == Report.Status.APPROVED and rng.random() < 0.15
        )
        submissions = 0 if status == Report.Status.DRAFT else 1 + returned_once
        submitted_at = reviewed_at = reviewed_by = None
        moment = self._moment(report_date, 9)
        for number in range(1, submissions + 1):
            version_id = self.versions.new_id()
            submitted_at = moment + datetime.timedelta(days=7 * (number - 1))
            self.versions.add(
                (
                    version_id,
                    report_id,
                    number,
                    submitted_at,
                    branch.secretary_user_id,
                    title,
                    report_date,
                    *texts,
                )
            )
            if number == 1 and (returned_once or status == Report.Status.RETURNED):
                reviewed_at, reviewed_by = submitted_at + datetime.timedelta(days=2), reviewer_id
                self.comments.add(
                    (
                        self.comments.new_id(),
                        report_id,
                        version_id,
                        "problems",
                        "问题分析请结合本支部实际，写具体一些。",
                        reviewer_id,
                        reviewed_at,
                    )
                )
        if status == Report.Status.APPROVED:
            reviewed_at = submitted_at + datetime.timedelta(days=3)
            reviewed_by = reviewer_id
        if status == Report.Status.SUBMITTED:
            reviewed_at = reviewed_by = None
        self.reports.add(
            (
                report_id,
                branch.id,
                Report.Kind.SUMMARY,
                PeriodType.CALENDAR_YEAR,
                datetime.date(year, 1, 1),
                datetime.date(year, 12, 31),
                year,
                None,
                branch.secretary_user_id,
                title,
                report_date,
                *texts,
                status,
                rng.choice(RATINGS) if status == Report.Status.APPROVED else "",
                submitted_at,
                reviewed_at,
                reviewed_by,
                submissions * 2 + 1,
                moment,
                reviewed_at or submitted_at or moment,
            )
        )

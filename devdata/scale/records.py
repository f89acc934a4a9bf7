"""Activity records of every branch for the whole period, with attendance derived from the roster.

The expected attendees follow `branches.models.activities.expected_members` exactly (party members
on the roster that day; the committee in office for 支委会; the group's members for 党小组会; full
members for 民主评议; the pair for 谈心谈话), so the generated rows look as if filed through the
service. Months are missed now and then, and a few branch-years fall silent for a season.
"""

import datetime
from decimal import Decimal

from branches.models import Activity, AgendaItem, AppraisalResult, Attendance
from branches.models.activities import Kind

TOPICS = {
    Kind.GENERAL_MEETING: ["学习贯彻全会精神", "讨论年度党建工作计划", "接收预备党员", "评议党员"],
    Kind.COMMITTEE_MEETING: ["研究本月党建工作", "讨论发展党员工作", "部署主题党日活动"],
    Kind.GROUP_MEETING: ["学习党章党规", "交流师德师风建设", "讨论教学工作中的党员作用"],
    Kind.LECTURE: ["书记讲党课：立德树人", "党史专题党课", "廉洁从教专题党课"],
    Kind.THEME_DAY: ["重温入党誓词", "参观红色教育基地", "党员先锋岗志愿服务", "学习身边榜样"],
    Kind.LIFE_MEETING: ["年度组织生活会"],
    Kind.APPRAISAL: ["年度民主评议党员"],
    Kind.TALK: ["谈心谈话"],
    Kind.STUDY: ["集中学习党的创新理论", "学习教育法律法规", "参观学习先进学校"],
    Kind.VOLUNTEER: ["社区双报到志愿服务", "交通文明志愿服务", "关爱留守儿童"],
}
PLACES = ["学校会议室", "党员活动室", "图书馆报告厅", "多功能厅"]
REASONS = ["sick", "personal", "official", "other"]
GRADES = ["excellent"] * 20 + ["qualified"] * 78 + ["basic"] * 2


def _month_days(year, month):
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


class RecordWriter:
    def __init__(self, rng, sink, *, start, today, now):
        self.rng, self.sink, self.start, self.today, self.now = rng, sink, start, today, now
        self.activities = sink.table(
            "activity",
            Activity,
            [
                "id",
                "organization_id",
                "kind",
                "status",
                "group_id",
                "date",
                "end_date",
                "start_time",
                "place",
                "host",
                "recorder",
                "topic",
                "lecturer",
                "talker_id",
                "talkee_id",
                "hours",
                "content",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
        )
        self.attendance = sink.table(
            "attendance",
            Attendance,
            ["id", "activity_id", "member_id", "present", "absence_reason", "can_vote"],
        )
        self.agenda = sink.table(
            "agenda",
            AgendaItem,
            [
                "id",
                "activity_id",
                "position",
                "title",
                "decision",
                "result",
                "is_election",
                "votes_for",
                "votes_against",
                "votes_abstain",
            ],
        )
        self.appraisals = sink.table(
            "appraisal", AppraisalResult, ["id", "activity_id", "member_id", "grade"]
        )

    # -- one branch -------------------------------------------------------------------------------

    def branch(self, branch):
        rng = self.rng
        theme_day = rng.randint(5, 20)
        end = self.today + datetime.timedelta(days=60)
        year, month = self.start.year, self.start.month
        quiet = set()  # (year, month) of a silent season
        while datetime.date(year, month, 1) <= end:
            if month == 1 and rng.random() < 0.04:
                first = rng.randint(2, 9)
                quiet.update((year, m) for m in range(first, first + rng.randint(2, 4)))
            if (year, month) not in quiet:
                self._month(branch, year, month, theme_day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        self.sink.maybe_flush()

    def _month(self, branch, year, month, theme_day):
        rng = self.rng
        last_day = _month_days(year, month)

        def day(low=1, high=last_day):
            return datetime.date(year, month, rng.randint(low, min(high, last_day)))

        if rng.random() > 0.1:
            self._record(
                branch, Kind.THEME_DAY, datetime.date(year, month, min(theme_day, last_day))
            )
        when = day(1, 10)
        if branch.committee_on(when) and rng.random() > 0.08:
            self._record(branch, Kind.COMMITTEE_MEETING, when)
        for group_id in branch.group_ids:
            if rng.random() > 0.15:
                self._record(branch, Kind.GROUP_MEETING, day(), group_id=group_id)
        if month % 3 == 1:
            if rng.random() > 0.1:
                self._record(branch, Kind.GENERAL_MEETING, day())
            if rng.random() > 0.12:
                self._record(branch, Kind.LECTURE, day())
        if month == 12 and rng.random() > 0.05:
            when = day(15, 28)
            self._record(branch, Kind.LIFE_MEETING, when)
            self._record(branch, Kind.APPRAISAL, when)
        if rng.random() < 0.4:
            self._record(branch, Kind.TALK, day())
        if rng.random() < 0.6:
            self._record(branch, Kind.STUDY, day(), hours=rng.choice(["2.0", "3.0", "4.0", "4.5"]))
        if rng.random() < 0.25:
            self._record(branch, Kind.VOLUNTEER, day(), hours=rng.choice(["2.0", "3.0", "4.0"]))

    # -- one record --------------------------------------------------------------------------------

    def _record(self, branch, kind, date, *, group_id=None, hours=None):
        rng = self.rng
        held = date <= self.today
        if not held and (date - self.today).days > 60:
            return
        party = [p for p in branch.people if p.party_member_on(date)]
        if not party:
            return
        talker = talkee = None
        if kind == Kind.TALK:
            if len(party) < 2:
                return
            talker, talkee = rng.sample(party, 2)
            expected = [talker, talkee]
        elif kind == Kind.COMMITTEE_MEETING:
            term = branch.committee_on(date)
            ids = set(term.member_ids) if term else set()
            expected = [p for p in party if p.id in ids]
        elif kind == Kind.GROUP_MEETING:
            expected = [p for p in party if p.group_id == group_id]
        elif kind == Kind.APPRAISAL:
            expected = [p for p in party if p.full_on(date)]
        else:
            expected = party
        activity_id = self.activities.new_id()
        host = party[0].name
        created = datetime.datetime.combine(
            min(date, self.today), datetime.time(18, 0), tzinfo=datetime.UTC
        )
        self.activities.add(
            (
                activity_id,
                branch.id,
                kind.value,
                "held" if held else "planned",
                group_id,
                date,
                None,
                datetime.time(15, 30) if kind != Kind.TALK else None,
                rng.choice(PLACES),
                host,
                party[-1].name,
                rng.choice(TOPICS[kind]),
                host if kind == Kind.LECTURE else "",
                talker.id if talker else None,
                talkee.id if talkee else None,
                Decimal(hours) if hours else None,
                "",
                branch.secretary_user_id,
                created,
                created,
            )
        )
        if not held:
            return
        voluntary = kind == Kind.VOLUNTEER
        due_voters = present_voters = 0
        for person in expected:
            present = rng.random() < (0.55 if voluntary else 0.9)
            can_vote = person.full_on(date)
            due_voters += can_vote
            present_voters += can_vote and present
            self.attendance.add(
                (
                    self.attendance.new_id(),
                    activity_id,
                    person.id,
                    present,
                    "" if present else rng.choice(REASONS),
                    can_vote,
                )
            )
            if kind == Kind.APPRAISAL:
                self.appraisals.add(
                    (self.appraisals.new_id(), activity_id, person.id, rng.choice(GRADES))
                )
        if kind in (Kind.GENERAL_MEETING, Kind.COMMITTEE_MEETING):
            self._agenda(activity_id, kind, due_voters, present_voters, len(expected))

    def _agenda(self, activity_id, kind, due_voters, present_voters, expected):
        """One or two items; sometimes a vote, recorded only when it meets the quorum rules."""
        rng = self.rng
        for position in range(1, rng.choice([1, 1, 2]) + 1):
            due = expected if kind == Kind.COMMITTEE_MEETING else due_voters
            voted = due and present_voters * 2 > due and rng.random() < 0.3
            self.agenda.add(
                (
                    self.agenda.new_id(),
                    activity_id,
                    position,
                    rng.choice(TOPICS[kind]),
                    "会议同意。",
                    "passed" if voted else "",
                    False,
                    present_voters if voted else None,
                    0 if voted else None,
                    0 if voted else None,
                )
            )

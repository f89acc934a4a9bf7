"""Demo activity records for every demo branch, built from the facts of the seed reports.

Runs after the organisations and the roster demo (it uses whatever members exist). Each record is
looked up by its natural key (organisation, kind, date, group, topic) before it is filed, so a
second run changes nothing. Texts are written for the demo; only facts come from the seeds:
- seed 004 (嘉泽中心小学, 2011–2013): the visit to 上海幸福四平小学 on 2011-03-01, the study trip to
  无锡天一中学 and 常熟沙家浜 on 2011-05-21/22, the film in the meeting room on 2012-10-27, the
  大别山 trip on 2013-08-06~08, 民主评议 at the end of June and of January, lectures by 钱志林,
  赵伟琴 and 庄国锋, talks between committee members and every member each term;
- seed 002 (大坪小学): 送教下乡 by the first group, the 爱心妈妈-style care for pupils, the
  micro-lecture 《论英雄，做先锋》 by group leader 张敏;
- seed 003 (枣庄市中区实验小学): 双报到 community service, 爱心妈妈 pairing with children.
Ordinary monthly, quarterly and yearly records are generated for 2024 to today with a few gaps,
so the compliance calendar shows both kept and missed months.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from branches.models import Activity, Committee, Member, Organization
from branches.models.activities import Kind, expected_members
from branches.services.activities import AgendaEntry, Filing, file_activity
from devdata.demo.accounts import MEMBER_ACCOUNTS, SCHOOLS

FIRST_YEAR = 2024
# Earlier years for the branches whose seed reports cover them (the demo reports of those periods
# are drafted from these records): 龙虎塘 2019学年度 (its branch was founded in December 2019),
# 新华 the calendar year 2021.
EARLIER_YEARS = {
    "龙虎塘第二实验小学党支部": (2020,),
    "新华实验小学党支部": (2021,),
    "市中区实验小学党支部": (2021,),
    "嘉泽中心小学党支部": (2011, 2012, 2013),
}
REASONS = ["sick", "personal", "official", "personal", "official"]
PLACES = ["党员活动室", "学校会议室", "三楼会议室", "图书馆报告厅"]

THEME_TOPICS = [
    "重温入党誓词，交纳党费",
    "学习身边的优秀党员教师事迹",
    "党员先锋岗：帮扶学困生",
    "走进社区开展文明宣传",
    "学习新修订的纪律处分条例",
    "“戴党徽、亮身份”课堂展示",
    "参观红色教育基地",
    "党员教师读书分享会",
    "清廉校园建设主题讨论",
    "师德师风承诺践诺",
    "学习贯彻全会精神",
    "年终回顾与党员承诺",
]
LECTURE_TOPICS = [
    "坚定理想信念，做“四有”好老师",
    "从党史中汲取奋进力量",
    "全面从严治党与师德建设",
    "新时代教育强国建设的使命担当",
]
COMMITTEE_TOPICS = [
    ("研究本月主题党日安排", "确定主题党日内容和分工"),
    ("讨论入党积极分子培养情况", "同意继续培养，指定培养联系人"),
    ("研究党员教育学习计划", "通过本学期集中学习安排"),
    ("听取党小组工作汇报", "各党小组按计划开展活动"),
]


def _rng(*parts):
    return random.Random("|".join(str(p) for p in parts))


def _exists(organization, kind, day, topic, group=None):
    return Activity.objects.filter(
        organization=organization, kind=kind, date=day, topic=topic, group=group
    ).exists()


def _file(organization, kind, day, topic, *, today, absent=0, agenda=(), **values):
    """File one record unless it is already there; `absent` members are picked at random.

    The absentees come from a generator seeded by the record itself, so a rerun that skips
    existing records draws the same numbers for the rest.
    """
    group = values.get("group")
    if day > today and values.get("status") != Activity.Status.PLANNED:
        return None
    if _exists(organization, kind, day, topic, group):
        return None
    absences = {}
    if absent and values.get("status") != Activity.Status.PLANNED:
        rng = _rng(organization.name, kind, day, group.name if group else "")
        pool = list(
            expected_members(
                organization=organization,
                kind=kind,
                on=day,
                group=group,
                talker=values.get("talker"),
                talkee=values.get("talkee"),
            ).order_by("id")
        )
        for person in rng.sample(pool, min(absent, max(len(pool) // 3, 0))):
            absences[person.id] = rng.choice(REASONS)
    values.setdefault("status", Activity.Status.HELD)
    values.setdefault("place", PLACES[0])
    return file_activity(
        actor=None,
        organization=organization,
        kind=kind,
        values={**values, "date": day, "topic": topic},
        filing=Filing(absences=absences, agenda=list(agenda)),
        today=today,
    )


def _people(organization, today):
    members = list(Member.objects.filter(organization=organization).party_members(today))
    names = [m.name for m in members]
    return members, names


def _committee_names(organization, day):
    committee = (
        Committee.objects.in_office(day)
        .filter(organization=organization)
        .prefetch_related("posts__member")
        .first()
    )
    if committee is None:
        return []
    return [post.member.name for post in committee.posts.all()]


def _year(organization, year, today, secretary):
    rng = _rng(organization.name, year)
    last_month = 12 if year < today.year else today.month
    members, names = _people(organization, datetime.date(year, 6, 30))
    host = secretary or (names[0] if names else "")
    recorder = names[1] if len(names) > 1 else host
    groups = list(organization.groups.all())
    # Months left out on purpose (summer holiday, and a few random misses) -> 缺 on the calendar.
    skipped = {8} | {m for m in range(1, 13) if rng.random() < 0.12}
    common = {"host": host, "recorder": recorder, "start_time": datetime.time(15, 40)}
    for month in range(1, last_month + 1):
        if month in skipped:
            continue
        day = datetime.date(year, month, 10 + rng.randint(0, 12))
        _file(
            organization,
            Kind.THEME_DAY,
            day,
            THEME_TOPICS[month - 1],
            today=today,
            absent=rng.randint(0, 2),
            **common,
        )
        if _committee_names(organization, day) and rng.random() > 0.1:
            title, decision = COMMITTEE_TOPICS[month % len(COMMITTEE_TOPICS)]
            _file(
                organization,
                Kind.COMMITTEE_MEETING,
                day - datetime.timedelta(days=5),
                title,
                today=today,
                absent=rng.randint(0, 1),
                agenda=[AgendaEntry(title=title, decision=decision)],
                place="书记办公室",
                **common,
            )
        for group in groups:
            if rng.random() < 0.15:
                continue
            _file(
                organization,
                Kind.GROUP_MEETING,
                day + datetime.timedelta(days=3),
                "学习交流：本月主题党日心得",
                today=today,
                absent=1,
                group=group,
                place="年级组办公室",
                start_time=datetime.time(12, 30),
            )
    for quarter in range(4):
        month = quarter * 3 + 2
        if month > last_month:
            break
        day = datetime.date(year, month, 25)
        if rng.random() > 0.15:
            _file(
                organization,
                Kind.GENERAL_MEETING,
                day,
                "通报上季度支部工作",
                today=today,
                absent=1,
                agenda=[
                    AgendaEntry(
                        title="通报上季度支部工作和下季度计划",
                        decision="与会党员无异议",
                    )
                ],
                **common,
            )
        if rng.random() > 0.2:
            _file(
                organization,
                Kind.LECTURE,
                day + datetime.timedelta(days=2),
                LECTURE_TOPICS[quarter],
                today=today,
                absent=rng.randint(0, 2),
                lecturer=host if quarter % 2 == 0 else (names[2] if len(names) > 2 else host),
                **common,
            )
    for session in range(8):
        month = 1 + session * 3 // 2
        if month > last_month or month == 8:
            continue
        _file(
            organization,
            Kind.STUDY,
            datetime.date(year, month, 5 + session),
            f"集中学习（第{session + 1}次）：党的创新理论与教育法规",
            today=today,
            absent=rng.randint(0, 2),
            hours=Decimal("4"),
            place="学校会议室",
            **common,
        )
    june_appraisal = organization.activities.filter(
        kind=Kind.APPRAISAL, date__year=year, date__month=6
    ).exists()
    if last_month >= 6 and not june_appraisal:
        _file(
            organization,
            Kind.APPRAISAL,
            datetime.date(year, 6, 26),
            f"{year}年上半年民主评议党员",
            today=today,
            **common,
        )
    if last_month == 12:
        _file(
            organization,
            Kind.LIFE_MEETING,
            datetime.date(year, 12, 20),
            f"{year}年度组织生活会",
            today=today,
            absent=1,
            agenda=[AgendaEntry(title="对照检查，开展批评与自我批评", decision="形成整改清单")],
            **common,
        )
    if members and last_month >= 10:
        # The secretary talks with every member each year; this year two are still to come.
        talker = next((m for m in members if m.name == host), members[0])
        others = [m for m in members if m != talker]
        if year == today.year:
            others = others[:-2]
        for number, other in enumerate(others):
            day = datetime.date(year, 9 + number % 3, 8 + number % 15)
            if not (talker.is_party_member_on(day) and other.is_party_member_on(day)):
                continue  # joined or left between mid-year and the talk
            _file(
                organization,
                Kind.TALK,
                day,
                f"与{other.name}谈心谈话",
                today=today,
                talker=talker,
                talkee=other,
                place="书记办公室",
            )


def _current_plans(organization, today, secretary):
    """Planned meetings after today, so the calendar and the to-do show them."""
    nxt = today + datetime.timedelta(days=6)
    _file(
        organization,
        Kind.THEME_DAY,
        nxt,
        "学习宪法，弘扬法治精神",
        today=today,
        status=Activity.Status.PLANNED,
        host=secretary,
    )
    _file(
        organization,
        Kind.LIFE_MEETING,
        datetime.date(today.year, 12, 18),
        f"{today.year}年度组织生活会",
        today=today,
        status=Activity.Status.PLANNED,
        host=secretary,
    )


def _jiaze_history(organization, today):
    """Seed 004: dated activities of 嘉泽中心小学, 2011–2013."""
    trips = [
        (
            datetime.date(2011, 3, 1),
            None,
            "参观上海幸福四平小学，考察小班化教学",
            "上海幸福四平小学",
            8,
        ),
        (
            datetime.date(2011, 5, 21),
            datetime.date(2011, 5, 22),
            "赴无锡天一中学考察学习，到常熟沙家浜接受革命传统教育",
            "无锡天一中学、常熟沙家浜",
            12,
        ),
        (datetime.date(2012, 10, 27), None, "全体党员观看电影《秋之白华》", "学校会议室", 3),
        (
            datetime.date(2013, 8, 6),
            datetime.date(2013, 8, 8),
            "“挺进大别山 探寻红军路”考察学习",
            "大别山革命老区",
            20,
        ),
    ]
    for day, end, topic, place, hours in trips:
        _file(
            organization,
            Kind.STUDY,
            day,
            topic,
            today=today,
            end_date=end,
            place=place,
            hours=Decimal(hours),
            host="钱志林",
        )
    for day in (
        datetime.date(2011, 6, 28),
        datetime.date(2012, 1, 18),
        datetime.date(2012, 6, 27),
        datetime.date(2013, 1, 23),
        datetime.date(2013, 6, 26),
    ):
        half = "上半年" if day.month == 6 else "下半年"
        year = day.year if day.month == 6 else day.year - 1
        _file(
            organization,
            Kind.APPRAISAL,
            day,
            f"{year}年{half}民主评议党员",
            today=today,
            host="钱志林",
            recorder="卞亮平",
        )
    for day, lecturer, topic in (
        (datetime.date(2011, 4, 22), "钱志林", "加强党性修养，争做学习型党员"),
        (datetime.date(2012, 4, 20), "赵伟琴", "学习道德模范，涵养师德师风"),
        (datetime.date(2012, 11, 23), "庄国锋", "学习贯彻党的十八大精神"),
        (datetime.date(2013, 5, 24), "钱志林", "办好百年老校，党员走在前列"),
    ):
        _file(organization, Kind.LECTURE, day, topic, today=today, lecturer=lecturer, host="钱志林")


def _volunteer(organization, today, items):
    for day, topic, place, hours in items:
        _file(
            organization,
            Kind.VOLUNTEER,
            day,
            topic,
            today=today,
            absent=3,
            place=place,
            hours=Decimal(hours),
        )


VOLUNTEER = {
    "市中区实验小学党支部": [
        (datetime.date(2021, 3, 20), "“双报到”社区环境整治", "社区", 3),
        (datetime.date(2021, 6, 1), "“爱心妈妈”陪伴留守儿童过六一", "齐村镇", 4),
        (datetime.date(2021, 10, 16), "“双报到”文明交通劝导", "社区路口", 2),
        (datetime.date(2024, 4, 13), "“双报到”社区环境整治志愿行动", "社区", 3),
        (datetime.date(2024, 6, 1), "“爱心妈妈”陪伴困难儿童过六一", "齐村镇", 4),
        (datetime.date(2025, 3, 12), "“双报到”护绿主题志愿服务", "社区公园", 2),
        (datetime.date(2025, 11, 15), "家庭教育微课堂进社区", "社区活动中心", 2),
        (datetime.date(2026, 5, 16), "“双报到”文明宣讲进社区", "社区", 3),
    ],
    "新华实验小学党支部": [
        (datetime.date(2021, 3, 5), "“爱生”志愿者：学雷锋日校门口护学", "学校门口", 2),
        (datetime.date(2021, 9, 18), "社区共建：党员教师进社区辅导作业", "新华社区", 3),
        (datetime.date(2024, 4, 20), "“双报到”社区科普小课堂", "新华社区", 2),
        (datetime.date(2024, 10, 26), "“双报到”社区环境整治", "新华社区", 2),
    ],
    "大坪小学第一党支部": [
        (datetime.date(2024, 3, 21), "“帮扶暖心”：党员教师与学困生一对一结对助学", "学校", 2),
        (datetime.date(2024, 5, 16), "“帮扶暖心”：到红岩小学结对帮扶、上示范课", "红岩小学", 4),
        (datetime.date(2024, 10, 17), "送教下乡：到四川邻水开展示范课", "四川邻水", 8),
        (datetime.date(2025, 5, 22), "送教下乡：到涪陵送课交流", "涪陵", 8),
        (datetime.date(2026, 4, 9), "“帮扶暖心”结对学困生家访", "学生家庭", 3),
    ],
    "大坪小学第二党支部": [
        (datetime.date(2025, 4, 18), "微党课《论英雄，做先锋》进社区", "大坪街道社区", 2),
    ],
}


# Records of the kind 其他 (a branch's own activity that is none of the standard kinds).
OTHER = {
    "龙虎塘第二实验小学党支部": [
        (
            datetime.date(2025, 6, 30),
            datetime.date(2025, 7, 1),
            "庆祝建党104周年党史知识竞赛",
            "学校报告厅",
        ),
    ],
}


def _other(organization, today, items):
    for day, end, topic, place in items:
        _file(organization, Kind.OTHER, day, topic, today=today, end_date=end, place=place)


@transaction.atomic
def load(stdout=None, today=None):
    """Create the demo records; returns how many were added (0 on a second run)."""
    today = today or datetime.date.today()
    before = Activity.objects.count()
    secretaries = {org: name for _u, name, org, role in MEMBER_ACCOUNTS if role == "secretary"}
    branches = Organization.objects.branches().filter(name__in=_demo_branch_names())
    for organization in branches.order_by("id"):
        secretary = secretaries.get(organization.name, "")
        years = set(EARLIER_YEARS.get(organization.name, ())) | set(
            range(FIRST_YEAR, today.year + 1)
        )
        if organization.name == "嘉泽中心小学党支部":
            _jiaze_history(organization, today)
        for year in sorted(years):
            _year(organization, year, today, secretary)
        _current_plans(organization, today, secretary)
        _volunteer(organization, today, VOLUNTEER.get(organization.name, []))
        _other(organization, today, OTHER.get(organization.name, []))
    added = Activity.objects.count() - before
    if stdout is not None:
        stdout.write(f"活动记录：新增 {added} 条\n")
    return added


def _demo_branch_names():
    return [name for *_place, orgs in SCHOOLS for name, kind, _p, _g in orgs if kind == "branch"]

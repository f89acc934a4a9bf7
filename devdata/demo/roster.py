"""Demo rosters, committees and honours for the five seed schools (see devdata/demo/accounts.py).

Facts from the seeds: 嘉泽中心小学 has 21 members (one probationary, 申月娥), five of them from
嘉泽中心幼儿园 (吴娟萍 is a district party congress delegate), a committee of three (钱志林 书记,
卞亮平 组织兼纪检, 严国俊 宣传; 严国俊 came from 成章小学 in 2012, 卞亮平 from 夏溪小学 in 2013) and
members honoured as 镇优秀共产党员; 枣庄市中区实验小学 has 24 members and five committee members;
大坪小学's 党委 has three branches with six groups and the honours of 2021; 龙虎塘第二实验小学's
branch was founded in December 2019 (secretary 钱丽美); 新华实验小学's secretary is 陈建锋. Other
names, birth dates, phone and ID numbers are invented (ID numbers carry a valid check digit).

Safe to run again: members are looked up by (organisation, name), committees by (organisation,
term start), honours by (organisation, title, year, member); nothing is updated on a second run.
"""

import datetime
import random

from django.db import transaction

from branches.models import (
    Committee,
    CommitteePost,
    Honour,
    Member,
    Movement,
    Organization,
    OrganizationRole,
    PartyGroup,
)
from branches.models.committees import default_term_end
from branches.models.members import add_months
from branches.services.roster import record_movement
from branches.validators import id_check_char

D = datetime.date
Post = CommitteePost.Post
Level = Honour.Level

REGIONS = {"新北区": "320411", "武进区": "320412", "渝中区": "500103", "市中区": "370402"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = [
    "丽华", "建国", "敏", "静", "晓燕", "海燕", "志强", "秀英", "春梅", "文华", "国平", "红霞",
    "雪芳", "俊", "玉兰", "晓东", "燕", "建华", "美玲", "卫东", "小红", "立新", "伟", "芳",
    "亚男", "慧敏", "晨", "佳怡", "思远", "雨欣", "志刚", "淑贞", "国庆", "明", "莉", "浩",
]  # fmt: skip


def _rng(*parts):
    return random.Random("|".join(str(part) for part in parts))


def invented_names(seed, count, taken):
    rng = _rng("names", seed)
    names = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in taken and name not in names:
            names.append(name)
    return names


def _id_number(region, birth, rng, gender):
    order = rng.randint(10, 99) * 10 + (
        rng.choice([1, 3, 5, 7, 9]) if gender == "M" else rng.choice([0, 2, 4, 6, 8])
    )
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_char(first17)


class RosterBuilder:
    """Creates one organisation's members once; a second run finds them and changes nothing."""

    def __init__(self, organization, today, unit):
        self.organization = organization
        self.today = today
        self.unit = unit
        self.region = REGIONS.get(organization.school.district.name, "320400")
        self.members = {}

    def member(self, name, *, stage="full", group=None, unit=None, gender=None, post="", delegate=False, admitted=None, joined=None, admitted_by=None):  # fmt: skip
        """`admitted_by`: the latest admission date (a full member by a given period)."""
        existing = Member.objects.filter(organization=self.organization, name=name).first()
        if existing:
            self.members[name] = existing
            return existing
        rng = _rng(self.organization.name, name)
        gender = gender or rng.choice("MF")
        birth = D(rng.randint(1966, 1994), rng.randint(1, 12), rng.randint(1, 28))
        latest = admitted or admitted_by
        if latest and add_months(birth, 12 * 22) > latest:
            birth = birth.replace(year=latest.year - rng.randint(24, 34))
        fields = {
            "organization": self.organization,
            "name": name,
            "gender": gender,
            "birth_date": birth,
            "education": rng.choice(["bachelor", "bachelor", "postgraduate", "college"]),
            "work_unit": unit or self.unit,
            "post": post
            or rng.choice(["语文", "数学", "英语", "科学", "音乐", "体育", "美术", "道德与法治"]),
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            "id_number": _id_number(self.region, birth, rng, gender),
            "is_delegate": delegate,
            "group": group,
        }
        fields.update(self._stage_dates(stage, birth, rng, admitted, admitted_by))
        member = Member.objects.create(**fields)
        if joined:
            record_movement(
                member=member, kind=Movement.Kind.TRANSFER_IN, date=joined[0], reason=joined[1]
            )
        self.members[name] = member
        return member

    def _stage_dates(self, stage, birth, rng, admitted, admitted_by=None):
        today = self.today
        if stage == "applicant":
            return {"application_date": today - datetime.timedelta(days=rng.randint(60, 200))}
        if stage == "activist":
            activist = today - datetime.timedelta(days=rng.randint(200, 330))
            return {"application_date": add_months(activist, -8), "activist_date": activist}
        if stage == "candidate":
            candidate = today - datetime.timedelta(days=rng.randint(60, 150))
            activist = add_months(candidate, -14)
            return {
                "application_date": add_months(activist, -6),
                "activist_date": activist,
                "candidate_date": candidate,
            }
        if admitted is None:
            latest = min(admitted_by or D(2020, 12, 31), add_months(birth, 12 * 40))
            earliest = add_months(birth, 12 * 22)
            admitted = earliest + datetime.timedelta(
                days=rng.randint(0, max((latest - earliest).days, 1))
            )
        candidate = add_months(admitted, -rng.randint(3, 8))
        activist = add_months(candidate, -rng.randint(12, 20))
        dates = {
            "application_date": add_months(activist, -rng.randint(3, 9)),
            "activist_date": activist,
            "candidate_date": candidate,
            "admission_date": admitted,
        }
        if stage == "full":
            dates["full_date"] = add_months(admitted, 12)
        return dates

    def leave(self, name, date, reason):
        member = self.members[name]
        if member.left_on is None and date <= self.today:
            record_movement(
                member=member, kind=Movement.Kind.TRANSFER_OUT, date=date, reason=reason
            )

    def committee(self, term_start, posts, ended_on=None):
        if term_start > self.today:
            return None
        committee, created = Committee.objects.get_or_create(
            organization=self.organization,
            term_start=term_start,
            defaults={"term_end": default_term_end(term_start), "ended_on": ended_on},
        )
        if created:
            for name, post, *by_election in posts:
                CommitteePost.objects.create(
                    committee=committee,
                    member=self.members[name],
                    post=post,
                    elected_on=by_election[0] if by_election else None,
                )
        return committee

    def honour(self, title, level, year, awarded_by, recipient="organization", member=None):
        Honour.objects.get_or_create(
            organization=self.organization,
            title=title,
            year=year,
            member=self.members[member] if member else None,
            defaults={
                "level": level,
                "awarded_by": awarded_by,
                "recipient": "member" if member else recipient,
            },
        )


# Seed 004's term report is read as of this day: 21 party members (20 full, 申月娥 probationary),
# five of them from the kindergarten, a committee of three. Today's roster follows from it through
# dated movements and admissions.
JIAZE_REPORT_DAY = D(2013, 12, 28)
JIAZE_TERM_START = D(2011, 1, 7)


def _jiaze(org, today):
    roster = RosterBuilder(org, today, "嘉泽中心小学")
    # Full members before the term began (admitted by mid-2010 at the latest).
    by = D(2010, 6, 30)
    roster.member("钱志林", gender="M", post="校长", admitted_by=D(1999, 6, 30))
    roster.member(
        "陈建伟",
        gender="M",
        post="副校长",
        admitted_by=by,
        joined=(D(2009, 8, 25), "湟里中心小学党支部"),
    )
    roster.member(
        "严国俊",
        gender="M",
        post="副校长",
        admitted_by=by,
        joined=(D(2012, 8, 27), "成章小学党支部"),
    )
    roster.member(
        "卞亮平",
        gender="M",
        post="副校长",
        admitted_by=by,
        joined=(D(2013, 8, 20), "夏溪小学党支部"),
    )
    for name in [
        "赵伟琴",
        "庄国锋",
        "蒋娟芳",
        "尤菊明",
        "秦娟",
        "刘伟星",
        "蒋微云",
        "黄小青",
        "蔡文娟",
        "刘亚莲",
        "吴和平",
    ]:
        roster.member(name, admitted_by=by)
    kindergarten = "嘉泽中心幼儿园"
    roster.member(
        "吴娟萍", gender="F", unit=kindergarten, post="园长", delegate=True, admitted_by=by
    )
    for name in ["杨春燕", "许丽华", "王晓红", "顾敏"]:
        roster.member(name, gender="F", unit=kindergarten, post="幼儿教师", admitted_by=by)
    # The probationary member of the term report: admitted in June 2013, full a year later.
    roster.member("申月娥", gender="F", admitted=D(2013, 6, 21))
    # After the term: a vice-principal rotated in and out again, another rotated away, and a
    # young teacher admitted eleven months ago (so the due list shows her probation ending).
    roster.member(
        "周建新",
        gender="M",
        post="副校长",
        admitted_by=by,
        joined=(D(2016, 8, 29), "礼嘉中心小学党支部"),
    )
    roster.leave("周建新", D(2024, 8, 30), "交流到湟里中心小学")
    roster.leave("陈建伟", D(2018, 8, 28), "交流到武进区洛阳中心小学")
    roster.member(
        "朱晓彤",
        stage="probationary",
        gender="F",
        admitted=add_months(today, -11) + datetime.timedelta(days=5),
    )
    # People in development (not party members).
    roster.member("朱瑶池", stage="activist", gender="F")
    roster.member("宋鲜平", stage="applicant", gender="M")

    secretary, organizer, propaganda = "钱志林", "卞亮平", "严国俊"
    # The 2011–2013 term: 严国俊 and 卞亮平 joined it by by-election (补选) after they arrived.
    roster.committee(
        JIAZE_TERM_START,
        [
            (secretary, Post.SECRETARY),
            (propaganda, Post.PROPAGANDA, D(2012, 9, 14)),
            (organizer, Post.ORGANIZATION, D(2013, 9, 13)),
            (organizer, Post.DISCIPLINE, D(2013, 9, 13)),
        ],
        ended_on=JIAZE_REPORT_DAY,
    )
    committee_posts = [(secretary, Post.SECRETARY), (organizer, Post.ORGANIZATION), (organizer, Post.DISCIPLINE), (propaganda, Post.PROPAGANDA)]  # fmt: skip
    roster.committee(JIAZE_REPORT_DAY, committee_posts, ended_on=D(2016, 12, 23))
    roster.committee(D(2016, 12, 23), committee_posts, ended_on=D(2019, 12, 20))
    roster.committee(D(2019, 12, 20), committee_posts, ended_on=D(2021, 12, 30))
    roster.committee(D(2021, 12, 30), committee_posts, ended_on=D(2024, 12, 27))
    roster.committee(D(2024, 12, 27), committee_posts)

    for name in ["蒋娟芳", "尤菊明", "秦娟", "刘伟星", "吴娟萍"]:
        roster.honour(
            "镇优秀共产党员",
            Level.TOWN,
            2013 if name in ("秦娟", "吴娟萍") else 2012,
            "中共嘉泽镇委员会",
            member=name,
        )
    roster.honour("效能建设先进单位", Level.TOWN, 2013, "中共嘉泽镇委员会")
    roster.honour("江苏省平安学校", Level.PROVINCE, 2012, "江苏省教育厅", recipient="school")
    roster.honour("常州市生态园林单位", Level.CITY, 2012, "常州市人民政府", recipient="school")
    roster.honour(
        "2011~2012年度区文明单位", Level.DISTRICT, 2012, "武进区委、区政府", recipient="school"
    )


def _shizhong(org, today):
    roster = RosterBuilder(org, today, "市中区实验小学")
    # Seed 003 (2021): 24 members, full members by then, and a committee of five.
    roster.member("孙立新", gender="M", post="校长", admitted_by=D(2015, 6, 30))
    names = invented_names(org.name, 23, {"孙立新"})
    for name in names:
        roster.member(name, admitted_by=D(2019, 6, 30))
    roster.member(invented_names(org.name + "发展", 1, set(names))[0], stage="candidate")
    posts = [
        ("孙立新", Post.SECRETARY),
        (names[0], Post.DEPUTY),
        (names[1], Post.ORGANIZATION),
        (names[2], Post.PROPAGANDA),
        (names[3], Post.DISCIPLINE),
    ]  # fmt: skip
    roster.committee(D(2020, 6, 28), posts, ended_on=D(2023, 6, 28))
    roster.committee(D(2023, 6, 28), posts)
    roster.honour("枣庄市先进基层党组织", Level.CITY, 2021, "中共枣庄市委")
    roster.honour("枣庄市基层党建示范点", Level.CITY, 2020, "中共枣庄市委组织部")
    roster.honour("市中区十佳基层党建示范点", Level.DISTRICT, 2019, "中共枣庄市市中区委组织部")


DAPING_BRANCHES = {
    "大坪小学第一党支部": {
        "第一党小组": ["周文静", "李雪梅", "袁懿", "张玺"],
        "第二党小组": ["冉菁", "熊绪杨", "张宗信"],
    },
    "大坪小学第二党支部": {
        "第三党小组": ["张敏", "张月", "刘琼蔚"],
        "第四党小组": ["曾昕", "尹雪", "唐春", "郑殷青立"],
    },
    "大坪小学第三党支部": {
        "第五党小组": ["许若黎", "刘燕怡"],
        "第六党小组": ["喻书丹", "徐帆"],
    },
}


def _daping(organizations, today):
    committee_org = organizations["大坪小学党委"]
    taken = {
        name for groups in DAPING_BRANCHES.values() for names in groups.values() for name in names
    }
    for index, (branch_name, groups) in enumerate(DAPING_BRANCHES.items()):
        org = organizations[branch_name]
        roster = RosterBuilder(org, today, "大坪小学")
        branch_members = []
        for group_name, named in groups.items():
            group = PartyGroup.objects.get(organization=org, name=group_name)
            extra = invented_names(group_name, 8 - len(named), taken)
            taken.update(extra)
            for name in named + extra:
                roster.member(name, group=group, post="党委书记、校长" if name == "李雪梅" else "")
                branch_members.append(name)
        # Younger members in groups 3 and 4: two probationary, one candidate.
        if index == 1:
            group = PartyGroup.objects.get(organization=org, name="第三党小组")
            for offset, name in enumerate(invented_names("大坪预备", 2, taken)):
                taken.add(name)
                roster.member(
                    name,
                    stage="probationary",
                    group=group,
                    admitted=add_months(today, -6 - 4 * offset),
                )
            name = invented_names("大坪发展", 1, taken)[0]
            taken.add(name)
            roster.member(name, stage="candidate", group=group)
        secretary = branch_members[0]
        posts = [(secretary, Post.SECRETARY), (branch_members[1 if index else 2], Post.ORGANIZATION), (branch_members[3], Post.PROPAGANDA)]  # fmt: skip
        if index == 2:
            # The third branch's term ends within 90 days: the committee page warns.
            # Its start depends on the day of the first run, so later runs keep the first one.
            if not Committee.objects.filter(organization=org).exists():
                roster.committee(add_months(today, -36) + datetime.timedelta(days=45), posts)
        else:
            roster.committee(D(2023, 4, 20), posts)
    second = RosterBuilder(organizations["大坪小学第二党支部"], today, "大坪小学")
    second.members["郑殷青立"] = Member.objects.get(
        organization=second.organization, name="郑殷青立"
    )
    second.honour("渝中区最美教师", Level.DISTRICT, 2022, "渝中区教育工委", member="郑殷青立")
    top = RosterBuilder(committee_org, today, "大坪小学")
    top.honour("重庆市教育系统先进基层党组织", Level.PROVINCE, 2021, "中共重庆市委教育工委")
    top.honour("渝中区教育系统建党100周年先进基层党组织", Level.DISTRICT, 2021, "渝中区教育工委")
    top.honour("渝中区先进基层党组织", Level.DISTRICT, 2023, "中共重庆市渝中区委")


def _longhutang(org, today):
    if org.founded_on is None:
        Organization.objects.filter(pk=org.pk, founded_on__isnull=True).update(
            founded_on=D(2019, 12, 20)
        )
    roster = RosterBuilder(org, today, "龙虎塘第二实验小学")
    founded = (D(2019, 12, 20), "龙虎塘实验小学党支部（两校分设）")
    named = ["钱丽美", "陆志坚", "王丽先", "许华章", "徐彩芬", "王燕"]
    names = named + invented_names(org.name, 12, set(named))
    for name in names:
        roster.member(name, joined=founded, post="校长" if name == "钱丽美" else "")
    roster.member(
        invented_names(org.name + "调入", 1, set(names))[0],
        joined=(D(2024, 9, 1), "新北区百草园小学党支部"),
    )
    roster.member(invented_names(org.name + "积极", 1, set(names))[0], stage="activist")
    roster.member(invented_names(org.name + "申请", 1, set(names))[0], stage="applicant")
    posts = [("钱丽美", Post.SECRETARY), ("陆志坚", Post.ORGANIZATION), ("许华章", Post.PROPAGANDA)]
    roster.committee(D(2019, 12, 20), posts, ended_on=D(2022, 12, 23))
    roster.committee(D(2022, 12, 23), posts, ended_on=D(2025, 12, 26))
    roster.committee(D(2025, 12, 26), posts)


def _xinhua(org, today):
    roster = RosterBuilder(org, today, "新华实验小学")
    roster.member("陈建锋", gender="M", post="校长")
    names = invented_names(org.name, 19, {"陈建锋"})
    for name in names:
        roster.member(name)
    roster.member(
        invented_names(org.name + "调入", 1, set(names))[0],
        joined=(D(2024, 9, 1), "新北区三井实验小学党支部"),
    )
    roster.leave(names[-1], D(2025, 8, 28), "交流到新北区薛家实验小学")
    roster.member(invented_names(org.name + "申请", 1, set(names))[0], stage="applicant")
    roster.committee(
        D(2022, 11, 25),
        [
            ("陈建锋", Post.SECRETARY),
            (names[0], Post.DEPUTY),
            (names[1], Post.ORGANIZATION),
            (names[2], Post.PROPAGANDA),
            (names[3], Post.DISCIPLINE),
        ],  # fmt: skip
    )


@transaction.atomic
def load_roster(organizations, today=None):
    """Fill the rosters of the demo organisations ({name: Organization}) and let their
    secretaries and committee members keep the roster in /admin/."""
    today = today or datetime.date.today()
    _jiaze(organizations["嘉泽中心小学党支部"], today)
    _shizhong(organizations["市中区实验小学党支部"], today)
    _daping(organizations, today)
    _longhutang(organizations["龙虎塘第二实验小学党支部"], today)
    _xinhua(organizations["新华实验小学党支部"], today)
    roles = OrganizationRole.objects.filter(organization__in=organizations.values()).select_related(
        "user"
    )
    for role in roles:
        # Link each account to its holder's row on the roster (the 组织委员 reveals numbers by it).
        own_row = Member.objects.filter(
            organization=role.organization, name=role.user.display_name
        ).first()
        if own_row is not None and role.member_id != own_row.pk:
            role.member = own_row
            role.save(update_fields=["member"])

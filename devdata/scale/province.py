"""The people and organisations of a synthetic province: districts, schools, party organisations,
groups, members with stage dates and movements, committee terms, honours and accounts.

Everything is drawn from one `random.Random(seed)`, so the same options give the same province.
Rows go to the sink; the in-memory `Branch`/`Person` objects are what the record generator reads.
"""

import datetime
from dataclasses import dataclass, field

from branches.models import (
    Committee,
    CommitteePost,
    District,
    DistrictReviewer,
    Honour,
    Member,
    Movement,
    Organization,
    OrganizationRole,
    PartyGroup,
    School,
)
from branches.models.members import was_party_member
from branches.validators import id_check_char
from portal.dates import years_later
from portal.models import User

# Generated districts are marked by this suffix of their city; --reset removes exactly those.
CITY_SUFFIX = "（仿真）"
USERNAME_PREFIX = "scale_"

CITIES = ["南京", "苏州", "无锡", "常州", "镇江", "扬州", "泰州", "南通", "盐城", "淮安", "徐州"]
SCHOOL_TYPES = ["小学", "实验小学", "中学", "初级中学", "高级中学", "实验学校", "中心小学"]
PLACES = ["城东", "城西", "滨湖", "新桥", "龙潭", "清水", "红星", "青山", "长江", "友谊", "光明"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蒋蔡余杜叶程苏魏吕丁"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文红梅玲燕雪峰海波志宏春兰晓东亮慧颖婷"
UNITS = ["本校", "本校", "本校", "本校", "附属幼儿园"]
SUBJECTS = [
    "语文",
    "数学",
    "英语",
    "物理",
    "化学",
    "道德与法治",
    "体育",
    "音乐",
    "美术",
    "信息技术",
]
GROUP_NAMES = ["第一党小组", "第二党小组", "第三党小组", "第四党小组"]
HONOURS = [
    ("先进基层党组织", Honour.Level.DISTRICT),
    ("五星级党支部", Honour.Level.CITY),
    ("优秀共产党员", Honour.Level.DISTRICT),
    ("优秀党务工作者", Honour.Level.DISTRICT),
    ("师德标兵", Honour.Level.SCHOOL),
    ("文明校园", Honour.Level.CITY),
]
POSTS = [
    CommitteePost.Post.SECRETARY,
    CommitteePost.Post.ORGANIZATION,
    CommitteePost.Post.PROPAGANDA,
    CommitteePost.Post.DISCIPLINE,
    CommitteePost.Post.DEPUTY,
]


@dataclass(slots=True)
class Person:
    id: int
    name: str
    group_id: int | None
    joined: datetime.date | None
    left: datetime.date | None
    admission: datetime.date | None
    full: datetime.date | None

    def party_member_on(self, day):
        return was_party_member(self.joined, self.left, self.admission, day)

    def full_on(self, day):
        return self.full is not None and self.full <= day


@dataclass
class Term:
    id: int
    start: datetime.date
    end: datetime.date
    ended: datetime.date | None
    member_ids: list

    def in_office(self, day):
        return self.start <= day and (self.ended is None or self.ended > day)


@dataclass
class Branch:
    id: int
    name: str
    district_index: int
    school_id: int
    secretary_user_id: int
    people: list = field(default_factory=list)
    group_ids: list = field(default_factory=list)
    terms: list = field(default_factory=list)

    def committee_on(self, day):
        for term in self.terms:
            if term.in_office(day):
                return term
        return None


@dataclass
class Province:
    districts: list = field(default_factory=list)  # (id, name)
    branches: list = field(default_factory=list)
    organizations: int = 0
    reviewer_ids: dict = field(default_factory=dict)  # district index -> [user ids]


def _days(rng, start, end):
    """A random day in [start, end]."""
    span = (end - start).days
    return start + datetime.timedelta(days=rng.randint(0, max(span, 0)))


def _school_counts(rng, sizes):
    """Schools per district; the first district is 1.75 times the others (the 'large district')."""
    weights = [1.75] + [1.0] * (sizes.districts - 1)
    total = sum(weights)
    counts = [max(1, int(sizes.schools * w / total)) for w in weights]
    counts[-1] += sizes.schools - sum(counts)
    return counts


def _organisation_plan(rng, school_total, organization_total):
    """Per school: (branches, with a parent?): a lone 党支部, or a 党总支/党委 with its branches."""
    plan = [(1, False)] * school_total
    extra = organization_total - school_total
    order = list(range(school_total))
    rng.shuffle(order)
    last = None
    for index in order:
        if extra < 2:
            break
        branches = min(rng.choice([2, 2, 3, 3, 4, 5]), extra)
        plan[index] = (branches, True)
        extra -= branches
        last = index
    if extra == 1:  # one organisation left over: one more branch under the last parent
        if last is None:  # or a parent over the first school's branch
            plan[order[0]] = (1, True)
        else:
            plan[last] = (plan[last][0] + 1, True)
    return plan


def _member_sizes(rng, branch_total, member_total):
    weights = [rng.lognormvariate(0, 0.55) for _ in range(branch_total)]
    total = sum(weights)
    sizes = [max(4, min(60, round(member_total * w / total))) for w in weights]
    # Settle the rounding so the total is exact.
    index = 0
    while sum(sizes) != member_total:
        step = 1 if sum(sizes) < member_total else -1
        if 4 <= sizes[index] + step <= 60:
            sizes[index] += step
        index = (index + 1) % branch_total
    return sizes


def _id_number(rng, birth, male, serial):
    area = rng.choice(["320402", "320411", "320106", "500103", "370102"])
    sequence = f"{(serial % 450) * 2 + (1 if male else 0):03d}"
    first17 = f"{area}{birth:%Y%m%d}{sequence}"
    return first17 + id_check_char(first17)


def build(rng, sink, sizes, *, start, today, password_hash, now):
    """Write the province's organisations, people and accounts; return the in-memory Province."""
    province = Province()
    districts = sink.table("district", District, ["id", "city", "name"])
    schools = sink.table("school", School, ["id", "district_id", "name"])
    orgs = sink.table(
        "organization",
        Organization,
        ["id", "school_id", "parent_id", "kind", "name", "founded_on"],
    )
    users = sink.table(
        "user",
        User,
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "display_name",
        ],
    )
    roles = sink.table("role", OrganizationRole, ["id", "user_id", "organization_id", "role"])
    reviewers = sink.table("reviewer", DistrictReviewer, ["id", "user_id", "district_id"])
    groups = sink.table("group", PartyGroup, ["id", "organization_id", "name"])
    members = sink.table(
        "member",
        Member,
        [
            "id",
            "organization_id",
            "group_id",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "education",
            "work_unit",
            "post",
            "phone",
            "id_number",
            "is_delegate",
            "notes",
            "application_date",
            "activist_date",
            "candidate_date",
            "admission_date",
            "full_date",
            "probation_extension_months",
            "joined_on",
            "left_on",
        ],
    )
    movements = sink.table("movement", Movement, ["id", "member_id", "kind", "date", "reason"])
    committees = sink.table(
        "committee", Committee, ["id", "organization_id", "term_start", "term_end", "ended_on"]
    )
    posts = sink.table("post", CommitteePost, ["id", "committee_id", "member_id", "post"])
    honours = sink.table(
        "honour",
        Honour,
        [
            "id",
            "organization_id",
            "recipient",
            "member_id",
            "title",
            "level",
            "year",
            "awarded_by",
            "notes",
        ],
    )

    def user(name, display):
        user_id = users.new_id()
        users.add((user_id, password_hash, False, name, "", "", "", False, True, now, display))
        return user_id

    # -- districts, schools, organisations ------------------------------------------------------
    school_counts = _school_counts(rng, sizes)
    plan = _organisation_plan(rng, sizes.schools, sizes.organizations)
    branch_specs = []  # (org id, name, district index, school id)
    school_index = 0
    for d in range(sizes.districts):
        district_id = districts.new_id()
        city = CITIES[d % len(CITIES)] + "市" + CITY_SUFFIX
        name = f"仿真{d + 1:02d}区"
        districts.add((district_id, city, name))
        province.districts.append((district_id, city + name))
        province.reviewer_ids[d] = [
            user(f"{USERNAME_PREFIX}rev_{d + 1}_{n}", f"{name}审阅{n}") for n in (1, 2)
        ]
        for reviewer_id in province.reviewer_ids[d]:
            reviewers.add((reviewers.new_id(), reviewer_id, district_id))
        for k in range(school_counts[d]):
            school_id = schools.new_id()
            school_name = f"{rng.choice(PLACES)}第{k + 1}{rng.choice(SCHOOL_TYPES)}"
            schools.add((school_id, district_id, school_name))
            branch_count, with_parent = plan[school_index]
            school_index += 1
            founded = datetime.date(rng.randint(1980, 2010), rng.randint(1, 12), 1)
            parent_id = None
            if with_parent:
                parent_id = orgs.new_id()
                kind = Organization.Kind.COMMITTEE if branch_count >= 4 else "general_branch"
                label = "党委" if branch_count >= 4 else "党总支"
                orgs.add((parent_id, school_id, None, kind, school_name + label, founded))
                province.organizations += 1
                roles.add(
                    (
                        roles.new_id(),
                        user(f"{USERNAME_PREFIX}sec_{parent_id}", f"{school_name}{label}书记"),
                        parent_id,
                        OrganizationRole.Role.SECRETARY,
                    )
                )
            for n in range(branch_count):
                org_id = orgs.new_id()
                org_name = school_name + (f"第{n + 1}党支部" if with_parent else "党支部")
                orgs.add((org_id, school_id, parent_id, "branch", org_name, founded))
                province.organizations += 1
                branch_specs.append((org_id, org_name, d, school_id))

    # -- members, groups, committees per branch ------------------------------------------------------
    member_sizes = _member_sizes(rng, len(branch_specs), sizes.members)
    serial = 0
    for (org_id, org_name, d, school_id), size in zip(branch_specs, member_sizes, strict=True):
        secretary_id = user(f"{USERNAME_PREFIX}sec_{org_id}", f"{org_name}书记")
        roles.add((roles.new_id(), secretary_id, org_id, OrganizationRole.Role.SECRETARY))
        if rng.random() < 0.2:
            helper = user(f"{USERNAME_PREFIX}com_{org_id}", f"{org_name}支委")
            roles.add((roles.new_id(), helper, org_id, OrganizationRole.Role.COMMITTEE))
        branch = Branch(org_id, org_name, d, school_id, secretary_id)
        group_count = 0 if size < 12 else (2 if size < 30 else 3)
        for g in range(group_count):
            group_id = groups.new_id()
            groups.add((group_id, org_id, GROUP_NAMES[g]))
            branch.group_ids.append(group_id)
        for i in range(size):
            serial += 1
            branch.people.append(
                _person(rng, members, movements, branch, i, serial, start=start, today=today)
            )
        _committees(rng, committees, posts, branch, start=start, today=today)
        for year in range(start.year, today.year + 1):
            if rng.random() < 0.3:
                title, level = rng.choice(HONOURS)
                member_ids = [p.id for p in branch.people if p.party_member_on(today)]
                if level == Honour.Level.SCHOOL or title.startswith("优秀") and member_ids:
                    recipient, member_id = "member", rng.choice(member_ids) if member_ids else None
                else:
                    recipient, member_id = "organization", None
                if member_id is None:
                    recipient = "organization"
                honours.add(
                    (
                        honours.new_id(),
                        org_id,
                        recipient,
                        member_id,
                        title,
                        level,
                        year,
                        "区教育局工委",
                        "",
                    )
                )
        province.branches.append(branch)
        sink.maybe_flush()
    return province


def _person(rng, members, movements, branch, index, serial, *, start, today):
    """One person with stage dates and movements; most are veteran members on the roster throughout."""
    person_id = members.new_id()
    male = rng.random() < 0.4
    birth = datetime.date(rng.randint(1962, 1998), rng.randint(1, 12), rng.randint(1, 28))
    roll = rng.random()
    application = activist = candidate = admission = full = None
    if roll < 0.72:  # veteran: a full member before the records start
        admission = _days(rng, years_later(birth, 22), years_later(start, -1))
    elif roll < 0.9:  # developed during the period
        admission = _days(rng, start, today - datetime.timedelta(days=30))
    else:  # in development now
        application = _days(rng, years_later(today, -3), today - datetime.timedelta(days=200))
        if roll > 0.93:
            activist = application + datetime.timedelta(days=rng.randint(60, 150))
        if roll > 0.97:
            candidate = activist + datetime.timedelta(days=rng.randint(370, 420))
            candidate = min(candidate, today)
    if admission:
        candidate = admission - datetime.timedelta(days=rng.randint(90, 200))
        activist = candidate - datetime.timedelta(days=rng.randint(370, 500))
        application = activist - datetime.timedelta(days=rng.randint(60, 200))
        full = years_later(admission, 1)
        if full > today:
            full = None
    joined = left = None
    moves = []
    if admission and rng.random() < 0.08:  # transferred in during the period
        joined = _days(rng, max(start, admission), today - datetime.timedelta(days=10))
        moves.append((Movement.Kind.TRANSFER_IN, joined, "从外校转入"))
    if rng.random() < 0.07:  # left during the period
        first = max(start, joined or start, admission or start) + datetime.timedelta(days=20)
        if first < today:
            left = _days(rng, first, today - datetime.timedelta(days=1))
            if rng.random() < 0.9:
                moves.append((Movement.Kind.TRANSFER_OUT, left, "调往其他学校"))
            else:
                moves.append((Movement.Kind.DEATH, left, ""))
    group_id = rng.choice(branch.group_ids) if branch.group_ids else None
    name = (
        rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    )
    phone = f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"
    members.add(
        (
            person_id,
            branch.id,
            group_id,
            name,
            "M" if male else "F",
            "汉族",
            birth,
            rng.choice(["bachelor", "bachelor", "postgraduate", "college"]),
            rng.choice(UNITS),
            rng.choice(SUBJECTS) + "教师",
            phone,
            _id_number(rng, birth, male, index),
            rng.random() < 0.02,
            "",
            application,
            activist,
            candidate,
            admission,
            full,
            0,
            joined,
            left,
        )
    )
    for kind, day, reason in moves:
        movements.add((movements.new_id(), person_id, kind, day, reason))
    return Person(person_id, name, group_id, joined, left, admission, full)


def _committees(rng, committees, posts, branch, *, start, today):
    """Terms of three years from before the records start; some branches let the last one lapse."""
    veterans = [p for p in branch.people if p.full and p.full < start and p.joined is None]
    if len(veterans) < 7:
        return
    term_start = _days(rng, years_later(start, -3), start)
    lapses = rng.random() < 0.1
    while term_start <= today:
        term_end = years_later(term_start, 3)
        next_start = term_end + datetime.timedelta(days=rng.randint(-30, 45))
        last = next_start > today or (lapses and term_end > years_later(today, -1))
        ended = None if last else next_start
        committee_id = committees.new_id()
        committees.add((committee_id, branch.id, term_start, term_end, ended))
        eligible = [p for p in veterans if p.left is None or p.left > term_start]
        chosen = rng.sample(eligible, min(len(eligible), rng.choice([3, 5, 5])))
        for post, person in zip(POSTS, chosen, strict=False):
            posts.add((posts.new_id(), committee_id, person.id, post))
        branch.terms.append(Term(committee_id, term_start, term_end, ended, [p.id for p in chosen]))
        if last:
            break
        term_start = next_start

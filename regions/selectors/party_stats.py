"""党内统计 derived from the roster: the party members of an area (an organisation and those under
it, a district, a city, a province) as of a day, the year's flows, and the party organisations.

Rules (shown on the page, one definition each):
- A party member on day D: `party_member_q` (on the roster on D and admitted by D); 正式 when
  converted by D, else 预备.
- Age and 党龄 in full years on D; 党龄 counts from conversion (`Member.party_years`), so 预备党员
  have none yet.
- 职业/岗位 from what the roster holds: 离退休 when the member's 党费 base in force on D is of the
  离退休 category (dues.DuesBase) or the post or work unit says 退休; 管理人员 when the post names a leading or administrative post
  (ADMIN_WORDS); 专任教师 for any other post; 未填 when there is none.
- The year's flows run from 1 January of D's year to D: 发展 = `developed_between`, 转正 =
  conversion dates, 转入/转出/去世/其他 = roster movements of people admitted by the movement's day.

Queries are constant: members, flows (one per kind), organisations, committees in office.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils.translation import gettext as _

from branches.models import Committee, Member, Movement, Organization
from branches.models.members import developed_between
from dues.models import DuesBase
from dues.rules import Category

# Age bands (upper bound inclusive; None: and over) and 党龄 bands, as the yearly tables ask.
AGE_BANDS = [(30, "30岁及以下"), (35, "31—35岁"), (40, "36—40岁"), (45, "41—45岁"),
             (50, "46—50岁"), (55, "51—55岁"), (60, "56—60岁"), (None, "61岁及以上")]  # fmt: skip
PARTY_YEAR_BANDS = [(5, "5年及以下"), (10, "6—10年"), (20, "11—20年"), (30, "21—30年"),
                    (40, "31—40年"), (50, "41—50年"), (None, "51年及以上")]  # fmt: skip
ADMIN_WORDS = ("书记", "校长", "园长", "主任", "处长", "科长", "干事", "会计", "行政", "主管")
RETIRED_WORD = "退休"
UNKNOWN = "unknown"
UNKNOWN_LABEL = "未填"

MEMBER_FIELDS = (
    "id", "name", "gender", "ethnicity", "birth_date", "education", "post", "work_unit",
    "admission_date", "full_date", "joined_on", "left_on", "organization", "id_number",
)  # fmt: skip


def full_years(start, on):
    """Whole years from `start` to `on` (a birthday on `on` counts)."""
    years = on.year - start.year
    return years - 1 if (on.month, on.day) < (start.month, start.day) else years


def band(value, bands):
    for upper, label in bands:
        if upper is None or value <= upper:
            return label
    raise AssertionError("the last band is open")


def occupation(member):
    text = f"{member.post} {member.work_unit}"
    if getattr(member, "dues_category", "") == Category.RETIRED or RETIRED_WORD in text:
        return "retired"
    if not member.post.strip():
        return UNKNOWN
    if any(word in member.post for word in ADMIN_WORDS):
        return "admin"
    return "teacher"


OCCUPATIONS = [("teacher", "专任教师"), ("admin", "管理人员"), ("retired", "离退休"),
               (UNKNOWN, UNKNOWN_LABEL)]  # fmt: skip


def _age(member, on):
    if not member.birth_date:
        return UNKNOWN
    return band(full_years(member.birth_date, on), [(u, label) for u, label in AGE_BANDS])


def _party_years(member, on):
    years = member.party_years(on)
    return "probationary" if years is None else band(years, PARTY_YEAR_BANDS)


# Each people table: key, title, classify(member, on) -> cell key, [(cell key, label)].
PEOPLE_TABLES = [
    (
        "gender",
        "性别",
        lambda m, on: m.gender or UNKNOWN,
        [*Member.Gender.choices, (UNKNOWN, UNKNOWN_LABEL)],
    ),
    (
        "ethnicity",
        "民族",
        lambda m, on: (
            UNKNOWN if not m.ethnicity else ("han" if m.ethnicity == "汉族" else "minority")
        ),
        [("han", "汉族"), ("minority", "少数民族"), (UNKNOWN, UNKNOWN_LABEL)],
    ),
    (
        "age",
        "年龄",
        _age,
        [(label, label) for _u, label in AGE_BANDS] + [(UNKNOWN, "出生日期未填")],
    ),
    (
        "education",
        "学历",
        lambda m, on: m.education or UNKNOWN,
        [*Member.Education.choices, (UNKNOWN, UNKNOWN_LABEL)],
    ),
    (
        "party_years",
        "党龄",
        _party_years,
        [(label, label) for _u, label in PARTY_YEAR_BANDS]
        + [("probationary", "预备党员（未计党龄）")],
    ),
    (
        "status",
        "正式党员与预备党员",
        lambda m, on: "full" if m.full_date and m.full_date <= on else "probationary",
        [("full", "正式党员"), ("probationary", "预备党员")],
    ),
    ("occupation", "职业（岗位）", lambda m, on: occupation(m), OCCUPATIONS),
]
PEOPLE_TABLE_KEYS = {key: (title, classify, cells) for key, title, classify, cells in PEOPLE_TABLES}

FLOWS = [
    ("developed", "发展党员（接收预备党员）"),
    ("converted", "预备党员转正"),
    (Movement.Kind.TRANSFER_IN.value, "组织关系转入"),
    (Movement.Kind.TRANSFER_OUT.value, "组织关系转出"),
    (Movement.Kind.DEATH.value, "去世"),
    (Movement.Kind.OTHER.value, "出党、停止党籍等"),
]
ORGANIZATION_TABLES = ("org_kind", "committees", "elections")


@dataclass
class Cell:
    key: str
    label: str
    count: int


@dataclass
class Table:
    key: str
    title: str
    cells: list
    unit: str = "人"
    # The figure the cells must add up to (the roster's count), None for tables that don't.
    expected: int | None = None
    note: str = ""

    @property
    def total(self):
        return sum(cell.count for cell in self.cells)

    @property
    def checked(self):
        return self.expected is None or self.total == self.expected


@dataclass
class PartyStatistics:
    on: datetime.date
    year_start: datetime.date
    members: int
    full: int
    probationary: int
    tables: list = field(default_factory=list)
    balance: dict = field(default_factory=dict)

    @property
    def all_checked(self):
        return all(table.checked for table in self.tables) and self.balance["checked"]

    def table(self, key):
        return next(table for table in self.tables if table.key == key)


def party_members(organizations, on):
    """The area's party members on `on` (the roster's rule), with what the tables read and
    `dues_category`, the category of their 党费 base in force on `on` ("" without one)."""
    members = list(
        Member.objects.filter(organization__in=organizations)
        .party_members(on)
        .select_related("organization")
        .only(*MEMBER_FIELDS, "organization__name")
        .order_by("organization__name", "name", "id")
    )
    categories = {}
    bases = DuesBase.objects.filter(
        member__organization__in=organizations, effective_month__lte=on
    ).order_by("effective_month", "id")
    for member_id, category in bases.values_list("member_id", "category"):
        categories[member_id] = category  # the latest in force wins
    for member in members:
        member.dues_category = categories.get(member.id, "")
    return members


def flow_members(organizations, on, key):
    """The people behind one flow of the year up to `on`."""
    start = datetime.date(on.year, 1, 1)
    people = Member.objects.filter(organization__in=organizations)
    if key == "developed":
        return people.filter(developed_between(start, on))
    if key == "converted":
        return people.filter(full_date__range=(start, on))
    movements = Movement.objects.filter(
        kind=key, date__range=(start, on), member__admission_date__lte=F("date")
    )
    return people.filter(movements__in=movements).distinct()


def flow_counts(organizations, on):
    return {key: flow_members(organizations, on, key).count() for key, _label in FLOWS}


def organization_rows(organizations, on):
    """The area's organisations existing on `on` with `committee` (the one in office, or None)."""
    orgs = list(
        organizations.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=on))
        .select_related("school")
        .order_by("school__name", "kind", "name")
    )
    in_office = {}
    for committee in (
        Committee.objects.in_office(on).filter(organization__in=orgs).order_by("term_start")
    ):
        in_office[committee.organization_id] = committee
    for org in orgs:
        org.committee = in_office.get(org.id)
    return orgs


def org_cell(table, org, on):
    """Which cell of an organisation table an organisation falls in (None: not in this table)."""
    if table == "org_kind":
        return org.kind
    if table == "committees":
        if not org.is_branch:
            return None
        return "with" if org.committee else "without"
    if table == "elections":
        if org.committee is None:
            return None
        return org.committee.status_on(on)
    raise KeyError(table)


ORG_CELLS = {
    "org_kind": Organization.Kind.choices,
    "committees": [("with", "已建立支委会"), ("without", "未建立支委会")],
    "elections": [
        (Committee.Status.IN_OFFICE.value, "在任"),
        (Committee.Status.ENDING.value, "90天内届满，应准备换届"),
        (Committee.Status.OVERDUE.value, "已届满，应换届"),
    ],
}


def build_statistics(organizations, on):
    """Every table of the page and the export (see the module docstring for the rules)."""
    members = party_members(organizations, on)
    full = sum(1 for m in members if m.full_date and m.full_date <= on)
    stats = PartyStatistics(
        on, datetime.date(on.year, 1, 1), len(members), full, len(members) - full
    )
    for key, title, classify, cells in PEOPLE_TABLES:
        counts = {}
        for member in members:
            cell = classify(member, on)
            counts[cell] = counts.get(cell, 0) + 1
        stats.tables.append(
            Table(
                key,
                _(title),
                [Cell(k, _(label), counts.get(k, 0)) for k, label in cells],
                expected=len(members),
            )  # fmt: skip
        )
    flows = flow_counts(organizations, on)
    stats.tables.append(
        Table(
            "flows",
            _("年内党员变动（%(start)s 至 %(on)s）") % {"start": stats.year_start, "on": on},
            [Cell(key, _(label), flows[key]) for key, label in FLOWS],
        )
    )
    stats.balance = _balance(organizations, on, flows, len(members))
    orgs = organization_rows(organizations, on)
    titles = {
        "org_kind": _("党组织（按类型）"),
        "committees": _("党支部设立支委会情况"),
        "elections": _("支委会（党委、总支委员会）换届情况"),
    }
    for key in ORGANIZATION_TABLES:
        counts = {}
        for org in orgs:
            cell = org_cell(key, org, on)
            counts[cell] = counts.get(cell, 0) + 1
        expected = {
            "org_kind": len(orgs),
            "committees": sum(1 for org in orgs if org.is_branch),
            "elections": sum(1 for org in orgs if org.committee),
        }[key]
        stats.tables.append(
            Table(
                key,
                titles[key],
                [Cell(k, str(label), counts.get(k, 0)) for k, label in ORG_CELLS[key]],
                unit=_("个"),
                expected=expected,
            )  # fmt: skip
        )
    return stats


def _balance(organizations, on, flows, members_on):
    """年初 + 发展 + 转入 − 转出 − 去世 − 其他 = 统计日: a check of the roster's dates."""
    before = datetime.date(on.year, 1, 1) - datetime.timedelta(days=1)
    start = Member.objects.filter(organization__in=organizations).party_members(before).count()
    gained = flows["developed"] + flows[Movement.Kind.TRANSFER_IN]
    lost = sum(flows[k] for k in Movement.LEAVING_KINDS)
    return {
        "start": start,
        "gained": gained,
        "lost": lost,
        "end": members_on,
        "computed": start + gained - lost,
        "checked": start + gained - lost == members_on,
        "before": before,
    }


def people_for(organizations, on, table, cell):
    """(title, members) behind one cell of a people table or of the flows."""
    if table == "flows":
        labels = dict(FLOWS)
        if cell not in labels:
            raise KeyError(cell)
        people = flow_members(organizations, on, cell).select_related("organization__school")
        return _(labels[cell]), list(people.order_by("organization__school__name", "name", "id"))
    title, classify, cells = PEOPLE_TABLE_KEYS[table]
    labels = dict(cells)
    if cell not in labels:
        raise KeyError(cell)
    members = [m for m in party_members(organizations, on) if classify(m, on) == cell]
    return f"{_(title)}：{_(labels[cell])}", members


def organizations_for(organizations, on, table, cell):
    """(title, organisations) behind one cell of an organisation table."""
    labels = dict(ORG_CELLS[table])
    if cell not in labels:
        raise KeyError(cell)
    orgs = [org for org in organization_rows(organizations, on) if org_cell(table, org, on) == cell]
    return str(labels[cell]), orgs

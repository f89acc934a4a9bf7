"""Every builder the tests share: factory-boy factories for the organisation tree, accounts and the
roster, and small functions that file records and write reports through the services, as a user
would. The fixed cast (`world`) is built in tests/conftest.py from these.
"""

import datetime
import io
from decimal import Decimal

import factory
import openpyxl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from branches.models import (
    Committee,
    CommitteePost,
    District,
    DistrictAdministrator,
    DistrictReviewer,
    Honour,
    Member,
    Organization,
    OrganizationRole,
    PartyGroup,
    School,
)
from branches.periods import calendar_year
from branches.services.activities import Filing, Upload, add_attachment, file_activity
from branches.validators import id_check_char
from dues.models import DuesBase
from reports.models import Report
from reports.services.reports import create_report, submit_report
from selfservice.models import MemberAccount
from tests.clock import TODAY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password("pass-for-tests-2026")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    city = "常州市"
    name = factory.Sequence(lambda n: f"测试{n}区")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试第{n}小学")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    school = factory.SubFactory(SchoolFactory)
    kind = Organization.Kind.BRANCH
    name = factory.LazyAttributeSequence(lambda o, n: f"{o.school.name}党支部{n}")


class PartyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyGroup

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"第{n}党小组")


class OrganizationRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationRole

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = OrganizationRole.Role.SECRETARY


class DistrictAdministratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictAdministrator

    user = factory.SubFactory(UserFactory)
    district = factory.SubFactory(DistrictFactory)


class DistrictReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictReviewer

    user = factory.SubFactory(UserFactory)
    district = factory.SubFactory(DistrictFactory)


# -- the roster -------------------------------------------------------------------------------


def make_id_number(birth, region="320411", sequence=123, male=True):
    """A valid 18-digit 身份证号 for a birth date (GB 11643 check digit)."""
    order = sequence * 10 % 1000 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_char(first17)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
    gender = Member.Gender.FEMALE
    birth_date = datetime.date(1980, 5, 1)
    admission_date = datetime.date(2005, 7, 1)
    full_date = datetime.date(2006, 7, 1)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    organization = factory.SubFactory(OrganizationFactory)
    term_start = datetime.date(2024, 1, 10)
    term_end = datetime.date(2027, 1, 10)


class CommitteePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteePost

    committee = factory.SubFactory(CommitteeFactory)
    member = factory.SubFactory(
        MemberFactory, organization=factory.SelfAttribute("..committee.organization")
    )
    post = CommitteePost.Post.SECRETARY


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    organization = factory.SubFactory(OrganizationFactory)
    recipient = Honour.Recipient.ORGANIZATION
    title = "先进基层党组织"
    level = Honour.Level.DISTRICT
    year = 2021
    awarded_by = "区委教育工委"


LONG_AGO = datetime.date(2000, 1, 1)


def member(organization, name, *, full=LONG_AGO, admitted=None, group=None, **fields):
    """A party member on the roster since 2000 (full member unless full=None)."""
    return Member.objects.create(
        organization=organization,
        name=name,
        group=group,
        admission_date=admitted or (full - datetime.timedelta(days=366) if full else LONG_AGO),
        full_date=full,
        **fields,
    )


def committee(organization, members, start=datetime.date(2020, 1, 1)):
    """A committee in office for three years from `start`, its posts held by `members` in order
    (书记, 组织委员, 宣传委员, 纪检委员, 其他)."""
    term = Committee.objects.create(
        organization=organization, term_start=start, term_end=start.replace(year=start.year + 3)
    )
    posts = ["secretary", "organization", "propaganda", "discipline", "other"]
    for person, post in zip(members, posts, strict=False):
        CommitteePost.objects.create(committee=term, member=person, post=post)
    return term


# -- roster import workbooks (the columns of the admin's import) ----------------------------

IMPORT_HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "工作单位",
    "党小组",
    "联系电话",
    "身份证号",
    "接收为预备党员日期",
    "转为正式党员日期",
    "党代表",
]


def workbook(rows, headers=IMPORT_HEADERS):
    """A roster workbook (.xlsx, named 名册.xlsx) with a header row and `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "名册.xlsx"
    return buffer


def good_rows():
    """Three valid rows in the formats people type: dates as dates, text and 2001年7月1日."""
    return [
        [
            "钱志林",
            "男",
            datetime.datetime(1968, 3, 5),
            "嘉泽中心小学",
            "第一党小组",
            "13806120001",
            make_id_number(datetime.date(1968, 3, 5), region="320483", sequence=1),
            datetime.date(1990, 6, 1),
            datetime.date(1991, 6, 1),
            "否",
        ],
        [
            "吴娟萍",
            "女",
            "1975/8/19",
            "嘉泽中心幼儿园",
            "",
            "0519-86123456",
            make_id_number(datetime.date(1975, 8, 19), region="320483", sequence=2, male=False),
            "2000-07-01",
            "2001年7月1日",
            "是",
        ],
        [
            "申月娥",
            "女",
            "1990-01-12",
            "嘉泽中心小学",
            "第一党小组",
            13806120003,
            make_id_number(datetime.date(1990, 1, 12), region="320483", sequence=3, male=False),
            datetime.date(2013, 6, 28),
            None,
            None,
        ],
    ]


def good_row(n):
    """A valid row for member number `n` (a distinct name, birth date and 身份证号)."""
    birth = datetime.date(1970 + n, 3, 5)
    return [
        f"导入{n}号",
        "男",
        birth,
        "嘉泽中心小学",
        "第一党小组",
        "13806120001",
        make_id_number(birth, region="320483", sequence=n + 1),
        datetime.date(1995 + n, 6, 1),
        datetime.date(1996 + n, 6, 1),
        "否",
    ]


# -- activity records -------------------------------------------------------------------------


def record(organization, kind="theme_day", day=datetime.date(2026, 3, 10), absences=None, **values):
    """A record filed through the service (held unless `status` says otherwise); everyone on the
    roster of `day` is expected, `absences` ({member id: reason}) were absent."""
    values.setdefault("topic", "学习新修订的党章")
    values.setdefault("status", "held")
    values["date"] = day
    return file_activity(
        actor=None,
        organization=organization,
        kind=kind,
        values=values,
        filing=Filing(absences=absences or {}),
        today=TODAY,
    )


def held(organization, kind, day, **values):
    """A record of an activity held on `day`, nobody absent (the browser journeys use dates
    relative to today, so they keep working in later years)."""
    return record(organization, kind, day, **values)


def attachment(activity, name="scan.pdf"):
    """A small PDF scan attached to `activity` (needs the `media` fixture's MEDIA_ROOT)."""
    upload = SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")
    return add_attachment(
        actor=None,
        activity=activity,
        upload=Upload(upload, "application/pdf", name, upload.size),
    )


# -- the district overview --------------------------------------------------------------------

PAST_YEAR = 2025  # a past year: every compliance window is over, so each slot is kept or missing


def second_branch(world, school_name="新华实验小学"):
    """Another school of district 1 with its branch."""
    school = SchoolFactory(district=world.district1, name=school_name)
    return OrganizationFactory(school=school, name=f"{school_name}党支部")


def keep_up(branch, months, *, absent=0, study_hours=None, volunteer_hours=None, year=PAST_YEAR):
    """Three members; a theme day (with `absent` absentees) in each of `months`."""
    people = list(branch.members.order_by("id")) or [
        member(branch, f"{branch.name[:3]}党员{i}") for i in range(3)
    ]
    for month in months:
        absences = {person.id: "sick" for person in people[:absent]}
        record(branch, "theme_day", datetime.date(year, month, 10), absences=absences)
    if study_hours:
        record(branch, "study", datetime.date(year, 3, 20), hours=Decimal(study_hours))
    if volunteer_hours:
        record(
            branch,
            "volunteer",
            datetime.date(year, 4, 20),
            hours=Decimal(volunteer_hours),
            absences={people[0].id: "personal"},
        )
    return people


# -- reports ----------------------------------------------------------------------------------

WORK = "1、全年召开支部党员大会4次。\n2、开展主题党日12次。"
PROBLEMS = "1、学习形式比较单一。"
PLANS = "1、每月固定主题党日。"


def make_report(organization, actor, *, year=2021, kind=Report.Kind.SUMMARY, written=True):
    """A draft for the calendar year, its three sections written unless `written=False`."""
    report = create_report(
        organization=organization, kind=kind, period=calendar_year(year), actor=actor
    )
    if written:
        report.save_text(
            by=actor,
            expected_version=report.lock_version,
            section_work=WORK,
            section_problems=PROBLEMS,
            section_plans=PLANS,
            report_date=datetime.date(year, 12, 15),
        )
    return report


def submitted(world, **kwargs):
    """Branch A's report, submitted by its secretary."""
    report = make_report(world.branch_a, world.secretary_a, **kwargs)
    submit_report(report=report, actor=world.secretary_a)
    return report


def returned(world, **kwargs):
    """Branch A's report, returned by district 1's reviewer with a comment on section 二."""
    report = submitted(world, **kwargs)
    report.return_for_changes(by=world.reviewer_d1, comments=[("problems", "请结合台账分析原因。")])
    return report


def approved(world, **kwargs):
    """Branch A's report, approved 好 by district 1's reviewer."""
    report = submitted(world, **kwargs)
    report.approve(by=world.reviewer_d1, rating=Report.Rating.GOOD)
    return report


# -- party dues ---------------------------------------------------------------------------------


def dues_base(person, wage, month=datetime.date(2026, 1, 1), category="employed"):
    """A dues base of `wage` yuan for a member from `month` on."""
    return DuesBase.objects.create(
        member=person, wage=Decimal(str(wage)), effective_month=month, category=category
    )


def dues_branch(organization, size, *, wage=4000, month=datetime.date(2026, 1, 1)):
    """`size` full members of the organisation, each with a dues base of `wage` from `month`."""
    people = [member(organization, f"党费{n:02d}") for n in range(1, size + 1)]
    for person in people:
        dues_base(person, wage, month)
    return people


# -- member accounts (selfservice) ------------------------------------------------------------


def member_account(person, *, username=None):
    """A member's own account (password "pass-for-tests-2026"), linked to their roster row."""
    user = UserFactory(username=username or f"m{person.pk}", display_name=person.name)
    return MemberAccount.objects.create(user=user, member=person)

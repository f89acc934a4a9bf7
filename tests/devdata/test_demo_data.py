"""The demo data (`manage.py load_demo`): the seed facts, every role's view of them, and a second run
that changes nothing.

Loading the demo takes a while, so this module loads it ONCE inside a transaction that is rolled
back when the module ends; each test runs in a savepoint on top of it.
"""

import datetime
import io
import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from branches.models import (
    Activity,
    Committee,
    CommitteePost,
    District,
    Honour,
    Member,
    Organization,
    PartyGroup,
    School,
)
from branches.selectors.compliance import State, compliance_for
from branches.selectors.roster import committee_warnings, roster_counts
from devdata.demo import reports as demo_reports
from development.selectors import due_rows
from dues.models import DuesBase, Remittance
from dues.selectors.bills import arrears_book, year_summary
from projects.models import Project
from projects.selectors.figures import figures_for
from reports.models import Report
from reports.selectors import statistics
from tests.clock import TODAY


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module; returns what load_demo printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    return demo


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"portal", "branches", "dues", "development", "reports", "selfservice", "projects"}
    }


def counts(name):
    return roster_counts([Organization.objects.get(name=name)], TODAY)


def login(client, username):
    # Through the login form: django-axes needs the request that client.login() does not pass.
    response = client.post(reverse("login"), {"username": username, "password": "demo2026"})
    assert response.status_code == 302, username


# -- organisations and accounts -------------------------------------------------------------------


def test_demo_builds_the_seed_districts_schools_and_organisations(demo_db):
    assert District.objects.count() == 4
    assert School.objects.count() == 5
    assert set(School.objects.filter(district__name="新北区").values_list("name", flat=True)) == {
        "龙虎塘第二实验小学",
        "新华实验小学",
    }
    daping = Organization.objects.get(name="大坪小学党委")
    assert daping.kind == Organization.Kind.COMMITTEE
    assert daping.children.count() == 3
    assert PartyGroup.objects.filter(organization__parent=daping).count() == 6


def test_load_demo_prints_the_accounts(demo_db):
    for username in ("admin", "sec_jiaze", "reviewer_xinbei", "sec_daping", "member_jiaze1"):
        assert username in demo_db
    assert "demo2026" in demo_db


def test_demo_accounts_log_in_and_see_only_their_scope(demo_db, client):
    login(client, "reviewer_xinbei")
    body = client.get(reverse("home")).content.decode()
    assert "新华实验小学" in body and "嘉泽中心小学" not in body
    client.logout()
    login(client, "sec_daping")
    committee = Organization.objects.get(name="大坪小学党委")
    branch = committee.children.first()
    # A 党委 secretary also reads its branches, but nothing of another school.
    assert client.get(reverse("branches:organization", args=[branch.pk])).status_code == 200
    other = Organization.objects.get(name="嘉泽中心小学党支部")
    assert client.get(reverse("branches:organization", args=[other.pk])).status_code == 404


def test_demo_district_admin_opens_xinbei_and_no_other_district(demo_db, client):
    assert "admin_xinbei" in demo_db
    login(client, "admin_xinbei")
    xinbei = District.objects.get(city="常州市", name="新北区")
    wujin = District.objects.get(city="常州市", name="武进区")
    page = client.get(reverse("onboarding:district", args=[xinbei.pk])).content.decode()
    assert "新华实验小学党支部" in page and "嘉泽中心小学" not in page
    assert client.get(reverse("onboarding:district", args=[wujin.pk])).status_code == 404
    branch = Organization.objects.get(name="新华实验小学党支部")
    assert client.get(reverse("branches:organization", args=[branch.pk])).status_code == 404


# -- roster ----------------------------------------------------------------------------------------


def test_seed_004_roster_as_of_its_term_report(demo_db):
    # 嘉泽 on 2013-12-28: 21 members, 20 full, 申月娥 the one probationary, five from the
    # kindergarten, 吴娟萍 a delegate, a committee of three in office (卞亮平 组织 and 纪检).
    day = datetime.date(2013, 12, 28)
    org = Organization.objects.get(name="嘉泽中心小学党支部")
    jiaze = roster_counts([org], day)
    assert (jiaze.party_members, jiaze.probationary) == (21, 1)
    assert org.members.full_members(day).count() == 20
    assert dict(jiaze.by_unit)["嘉泽中心幼儿园"] == 5
    assert org.members.probationary(day).get().name == "申月娥"
    assert Member.objects.get(organization=org, name="吴娟萍").is_delegate
    term = Committee.objects.filter(organization=org).in_office(datetime.date(2013, 12, 27)).get()
    assert (term.term_start.year, term.ended_on) == (2011, day)
    posts = sorted((p.member.name, p.get_post_display()) for p in term.posts.all())
    assert posts == [
        ("严国俊", "宣传委员"),
        ("卞亮平", "纪检委员"),
        ("卞亮平", "组织委员"),
        ("钱志林", "书记"),
    ]
    # Everyone holding a post was a full member on the roster the day they were elected.
    for post in CommitteePost.objects.filter(committee__organization=org).select_related(
        "committee", "member"
    ):
        assert post.committee.candidate_problem(post.member, on=post.elected_on) is None, post


def test_seed_004_today_follows_from_2013_through_dated_movements(demo_db):
    org = Organization.objects.get(name="嘉泽中心小学党支部")
    day = datetime.date(2013, 12, 28)
    then = set(org.members.party_members(day).values_list("id", flat=True))
    now = set(org.members.party_members(TODAY).values_list("id", flat=True))
    for person in Member.objects.filter(id__in=then - now):
        assert person.left_on and day < person.left_on <= TODAY, person
    for person in Member.objects.filter(id__in=now - then):
        assert (person.joined_on and person.joined_on > day) or person.admission_date > day
    assert then - now and now - then  # people left and came: not a copy
    assert Member.objects.get(organization=org, name="申月娥").party_years(TODAY) >= 1
    committee = Committee.objects.filter(organization=org).in_office(TODAY).get()
    assert {p.member.name for p in committee.posts.all()} == {"钱志林", "卞亮平", "严国俊"}


def test_demo_rosters_committees_and_honours_follow_the_seeds(demo_db):
    # 枣庄: 24 members and a five-person committee.
    assert counts("市中区实验小学党支部").party_members == 24
    for shizhong in Committee.objects.filter(organization__name="市中区实验小学党支部"):
        assert shizhong.posts.values("member").distinct().count() == 5
    # 大坪: members in all three branches and six groups.
    daping = Organization.objects.get(name="大坪小学党委")
    assert all(counts(b.name).party_members >= 16 for b in daping.children.all())
    assert len(roster_counts(Organization.objects.subtree_ids(daping), TODAY).by_group) == 6
    # Honours from the seeds.
    titles = set(Honour.objects.values_list("title", flat=True))
    assert {"重庆市教育系统先进基层党组织", "枣庄市先进基层党组织", "镇优秀共产党员"} <= titles
    assert Honour.objects.filter(title="镇优秀共产党员", member__name="吴娟萍").exists()
    longhutang = Organization.objects.get(name="龙虎塘第二实验小学党支部")
    assert longhutang.founded_on == datetime.date(2019, 12, 20)


def test_demo_has_movements_development_warnings_and_admin_secretaries(demo_db):
    assert Member.objects.filter(left_on__isnull=False).exists()
    assert Member.objects.filter(movements__kind="in", joined_on__year=2024).exists()
    assert Member.objects.filter(admission_date__isnull=True, activist_date__isnull=False).exists()
    organizations = Organization.objects.all()
    assert due_rows({org.id for org in organizations}, TODAY)
    assert committee_warnings(organizations, TODAY)
    for member in Member.objects.all():
        member.full_clean()
        assert not [w for w in member.warnings() if "不足一年" in w or "18 周岁" in w], member
    user = get_user_model().objects.get(username="sec_jiaze")
    # A role is enough (branches.backends): no staff flag, the role brings the roster permissions.
    assert user.has_perm("branches.change_member") and not user.is_superuser
    assert not user.is_staff and not user.groups.exists()


def test_demo_organizer_reveals_numbers_and_the_party_committee_secretary_does_not(demo_db, client):
    """cm_jiaze (卞亮平) is the 组织委员 of 嘉泽's committee in office; sec_daping keeps 大坪小学党委,
    not its branches' rosters."""
    from branches.access import may_see_personal_data

    users = get_user_model().objects
    jiaze = Organization.objects.get(name="嘉泽中心小学党支部")
    daping1 = Organization.objects.get(name="大坪小学第一党支部")
    assert may_see_personal_data(users.get(username="cm_jiaze"), jiaze)
    assert may_see_personal_data(users.get(username="sec_daping1"), daping1)
    assert not may_see_personal_data(users.get(username="sec_daping"), daping1)
    member = Member.objects.filter(organization=jiaze).exclude(id_number="").first()
    login(client, "cm_jiaze")
    url = reverse("branches:member_reveal", args=[member.pk, "id_number"])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and member.id_number in response.content.decode()


# -- records ---------------------------------------------------------------------------------------


def test_demo_records_hold_the_seed_facts_and_kept_and_missed_months(demo_db):
    for branch in Organization.objects.branches():
        assert branch.activities.exists(), branch
    # Seed 004: dated activities of 嘉泽中心小学, lectures by three people, appraisals twice a year.
    jiaze = Organization.objects.get(name="嘉泽中心小学党支部")
    days = set(jiaze.activities.values_list("date", flat=True))
    for day in ("2011-03-01", "2011-05-21", "2012-10-27", "2013-08-06"):
        assert datetime.date.fromisoformat(day) in days
    lecturers = set(jiaze.activities.filter(kind="lecture").values_list("lecturer", flat=True))
    assert {"钱志林", "赵伟琴", "庄国锋"} <= lecturers
    assert jiaze.activities.filter(kind="appraisal", date__month=1).exists()
    assert jiaze.activities.filter(kind="appraisal", date__month=6).exists()
    # Seeds 002/003: volunteer work.
    assert Activity.objects.filter(kind="volunteer", topic__contains="双报到").exists()
    assert Activity.objects.filter(kind="volunteer", topic__contains="送教下乡").exists()
    # The recent year (this one, or last year in the first weeks of January): the calendar shows
    # kept and missed months, and plans ahead.
    branch = Organization.objects.get(name="龙虎塘第二实验小学党支部")
    recent_year = (TODAY - datetime.timedelta(days=45)).year
    result = compliance_for([branch], year=recent_year, today=TODAY)[branch.id]
    states = {slot.state for row in result.months for slot in row.slots}
    assert State.KEPT in states and State.MISSING in states
    assert Activity.objects.filter(organization=branch, status="planned").exists()


# -- reports ---------------------------------------------------------------------------------------


def test_demo_reports_cover_every_review_state(demo_db):
    states = dict(Report.objects.values_list("title", "status"))
    assert states["龙虎塘第二实验小学党支部2019学年度党建工作总结"] == Report.Status.APPROVED
    assert states["龙虎塘第二实验小学党支部2024学年度党建工作总结"] == Report.Status.RETURNED
    assert states["新华实验小学党支部2021年度书记抓基层党建工作述职报告"] == Report.Status.APPROVED
    assert states["新华实验小学党支部2024年度党建工作总结"] == Report.Status.SUBMITTED
    jiaze = Report.objects.get(organization__name="嘉泽中心小学党支部")
    assert (jiaze.period_start.year, jiaze.period_end.year) == (2011, 2013)
    assert jiaze.status == Report.Status.APPROVED
    assert Report.objects.filter(status=Report.Status.DRAFT).exists()


# Digits a template may type by hand: dates, years, periods and list numbers; never a count.
HAND_DIGITS_ALLOWED = re.compile(
    r"\d{4}年(\d{1,2}月(\d{1,2}日)?)?|\d{1,2}月(\d{1,2}日)?(底)?|\d{4}[~—-]\d{4}|^\d+、|\n\d+、"
)
# Phrases of the drafted facts (reports/selectors/drafts.py) and the figure each count names.
DRAFTED_COUNTS = [
    (r"期初党员 (\d+) 名，期末 (\d+) 名", ("members_start", "members_end")),
    (r"（其中预备党员 (\d+) 名）", ("probationary_end",)),
    (r"发展党员 (\d+) 名", ("developed",)),
    (r"预备党员转正 (\d+) 名", ("converted",)),
    (r"转入 (\d+) 名", ("transferred_in",)),
    (r"转出 (\d+) 名", ("transferred_out",)),
    (r"获得表彰 (\d+) 项", ("honours",)),
    (r"合计 ([\d.]+) 学时，人均 ([\d.]+) 学时", ("study_hours", "study_hours_per_member")),
    (r"(\d+) 人次参加，合计服务 ([\d.]+) 小时", ("volunteer_participants", "volunteer_hours")),
]


def _template_regex(template):
    parts = demo_reports.PLACEHOLDER.split(template)
    # split() alternates literal text and placeholder names.
    pattern = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part.replace('-', '_')}>[\\d.]+)"
        for index, part in enumerate(parts)
    )
    return re.compile(pattern)


def test_every_count_in_a_demo_report_equals_the_figure_it_names(demo_db):
    reports = Report.objects.exclude(section_work="").select_related("organization")
    assert reports.count() >= 7
    for report in reports:
        template = demo_reports.TEMPLATES[(report.organization.name, report.period_start)]
        facts = demo_reports.report_facts(report.organization, report.period)
        own, _mark, drafted = report.section_work.partition(demo_reports.GENERATED_MARK)
        texts = {"work": own, "problems": report.section_problems, "plans": report.section_plans}
        for section, text in texts.items():
            literal = demo_reports.PLACEHOLDER.sub("", template[section])
            hand = HAND_DIGITS_ALLOWED.sub("", literal)
            assert not re.search(r"\d", hand), (report.title, section, hand)
            match = _template_regex(template[section]).fullmatch(text)
            assert match, (report.title, section)
            for name in demo_reports.PLACEHOLDER.findall(template[section]):
                assert match.group(name.replace("-", "_")) == facts[name], (report.title, name)
        stats = statistics.compute(report.organization, report.period).by_key()
        for kind in statistics.ACTIVITY_KINDS:
            for found in re.findall(rf"{kind.label}：共开展 (\d+) 次", drafted):
                assert int(found) == stats[f"kind-{kind.value}"].value, (report.title, kind)
        for phrase, keys in DRAFTED_COUNTS:
            for found in re.findall(phrase, drafted):
                found = found if isinstance(found, tuple) else (found,)
                for value, key in zip(found, keys, strict=True):
                    assert value == facts[key], (report.title, key)


def test_demo_texts_name_volunteer_service_only_with_volunteer_records(demo_db):
    for report in Report.objects.exclude(section_work=""):
        if "志愿" in report.section_work:
            assert statistics.compute(report.organization, report.period).value("kind-volunteer"), (
                report.title
            )


def test_demo_record_titles_are_not_doubled(demo_db):
    for kind in Activity.Kind:
        assert not Activity.objects.filter(kind=kind, topic__startswith=kind.label).exists(), kind


def test_demo_report_figures_in_the_text_match_the_records(demo_db):
    for report in Report.objects.exclude(status=Report.Status.DRAFT):
        stats = statistics.compute(report.organization, report.period).by_key()
        assert f"期末 {stats['members_end'].value} 名" in report.section_work
        meetings = stats["kind-general_meeting"].value
        if meetings:
            assert f"支部党员大会：共开展 {meetings} 次" in report.section_work
    for title in (
        "新华实验小学党支部2024年度党建工作总结",
        "龙虎塘第二实验小学党支部2019学年度党建工作总结",
    ):
        report = Report.objects.get(title=title)
        assert statistics.compute(report.organization, report.period).value("kind-theme_day") > 0


def test_demo_accounts_see_their_side_of_the_report_loop(demo_db, client):
    users = get_user_model().objects
    client.force_login(users.get(username="sec_longhutang"))
    assert "被退回修改" in client.get(reverse("home")).content.decode()
    client.force_login(users.get(username="reviewer_xinbei"))
    assert "1 份报告等待审阅" in client.get(reverse("home")).content.decode()
    approved = Report.objects.get(title="龙虎塘第二实验小学党支部2019学年度党建工作总结")
    diff = client.get(reverse("reports:diff", args=[approved.pk])).content.decode()
    assert "<ins>" in diff


# -- district overview -----------------------------------------------------------------------------


def test_xinbei_reviewer_clicks_from_a_missing_cell_to_the_branch_calendar(demo_db, client):
    """Issue 6's acceptance walk: both schools' compliance for a year, a missing cell leads to the
    branch's calendar, and the Excel export matches the page."""
    client.force_login(get_user_model().objects.get(username="reviewer_xinbei"))
    response = client.get(reverse("overview:home"), {"year": 2025}, follow=True)
    overview = response.context["overview"]
    assert {row.organization.school.name for row in overview.rows} == {
        "龙虎塘第二实验小学",
        "新华实验小学",
    }
    assert all(row.rate is not None for row in overview.rows)
    cell = next(
        cell for row in overview.rows for cell in row.cells if cell.state in ("missing", "partial")
    )
    calendar = client.get(cell.url)
    assert calendar.status_code == 200
    assert calendar.context["period"].year == 2025
    assert any(slot.is_missing for slot in calendar.context["result"].slots)

    export = client.get(reverse("overview:export", args=[overview.district.pk]), {"year": 2025})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content)))["合规矩阵"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == [row.organization.name for row in overview.rows]
    assert [list(row[3:20]) for row in rows] == [
        [cell.text for cell in row.cells] for row in overview.rows
    ]


# -- a second run ----------------------------------------------------------------------------------


def test_a_second_demo_run_changes_nothing(demo_db):
    def snapshot():
        return (
            row_counts(),
            list(
                Member.objects.order_by("pk").values_list(
                    "name", "joined_on", "left_on", "full_date"
                )
            ),
            dict(Report.objects.values_list("title", "status")),
        )

    before = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == before


def test_demo_dues_have_brackets_retirees_a_raise_arrears_and_remittances(demo_db):
    jiaze = Organization.objects.get(name="嘉泽中心小学党支部")
    party = Member.objects.filter(organization=jiaze, admission_date__isnull=False)
    assert DuesBase.objects.filter(member__in=party).values("member").distinct().count() == (
        party.count()
    )
    assert DuesBase.objects.filter(member__organization=jiaze, category="retired").count() == 2
    raised = DuesBase.objects.filter(member__name="钱志林").order_by("effective_month")
    assert [base.standard for base in raised] == ["1%", "1.5%"]
    found = {a.member.name: a for a in arrears_book({jiaze.id}, TODAY).arrears(TODAY)}
    assert set(found) == {"申月娥", "卞亮平"}
    assert found["卞亮平"].flagged and not found["申月娥"].flagged
    remittances = Remittance.objects.filter(organization=jiaze)
    assert remittances.count() >= 3
    for remittance in remittances:
        _book, _months, quarters = year_summary(jiaze, remittance.year)
        assert quarters[remittance.quarter - 1].totals.collected == remittance.amount


def test_demo_development_pipelines_cover_every_stage_and_the_special_cases(demo_db):
    from development.models import Pipeline
    from development.selectors import pipelines_of

    jiaze = Organization.objects.get(name="嘉泽中心小学党支部")
    rows = {row.member.name: row for row in pipelines_of({jiaze.id}, TODAY)}
    assert any(d.overdue and d.title == "派人谈话" for d in rows["许若涵"].due)
    assert rows["蒋一帆"].pipeline.status == Pipeline.Status.WITHDRAWN
    assert rows["陆思远"].pipeline.extension_months == 6
    assert rows["陆思远"].member.probation_extension_months == 6
    stages = {
        row.stage
        for row in pipelines_of(set(Organization.objects.values_list("id", flat=True)), TODAY)
    }
    assert {"applicant", "activist", "candidate", "probationary"} <= stages


def test_demo_pipelines_link_their_meetings_and_show_no_meeting_warning(demo_db):
    """Every 支委会 / 党员大会 step of the demo links the branch's record and its passed agenda
    item: the pipeline pages show no "未关联会议记录" and no vote or quorum warning."""
    from development import rules
    from development.models import Pipeline
    from development.selectors import person_pipeline
    from development.steps import BY_NUMBER

    pipelines = list(Pipeline.objects.select_related("member__organization"))
    assert len(pipelines) >= 10
    linked = 0
    for pipeline in pipelines:
        view = person_pipeline(pipeline.member, TODAY)
        for _label, lines in view.stages:
            for line in lines:
                if not line.definition.meeting:
                    continue
                for step, warnings, voters in line.rows:
                    name = f"{pipeline.member.name} {step.number}"
                    assert step.meeting.organization_id == pipeline.member.organization_id, name
                    assert step.meeting.kind == BY_NUMBER[step.number].meeting, name
                    assert step.agenda_item.activity_id == step.meeting_id, name
                    assert pipeline.member.name in step.agenda_item.title, name
                    assert not rules.meeting_warnings(step, voters), (name, warnings)
                    assert not [w for w in warnings if "会议" in w], (name, warnings)
                    linked += 1
    assert linked >= 20


def test_demo_member_accounts_see_their_own_records_only(demo_db, client):
    login(client, "member_jiaze1")
    page = client.get(reverse("selfservice:mine"))
    assert page.status_code == 200
    assert page.context["page"].member.name == "赵伟琴"
    assert {row.member.name for row in page.context["page"].attendance} <= {"赵伟琴"}
    jiaze = Organization.objects.get(name="嘉泽中心小学党支部")
    assert client.get(reverse("branches:members", args=[jiaze.pk])).status_code == 404


def test_demo_projects_follow_the_seeds_and_have_their_records(demo_db):
    projects = {p.title: p for p in Project.objects.select_related("organization", "group")}
    assert {"新校建设项目组", "两校分设家校团", "168爱生志愿者", "帮扶暖心", "学习+成长"} <= set(
        projects
    )
    assert projects["两校分设家校团"].partners.startswith("家委会")
    assert projects["帮扶暖心"].group.name == "第一党小组"
    figures = figures_for(list(projects.values()))
    for project in projects.values():
        tagged = Activity.objects.filter(project_links__project=project)
        assert tagged.exists(), project.title
        assert figures[project.pk].records == tagged.held().count()
        for activity in tagged:
            assert project.covers(activity.date), (project.title, activity)
            assert activity.organization_id == project.organization_id

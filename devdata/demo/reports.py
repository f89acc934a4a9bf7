"""Demo reports of the seed schools, in several review states (see README).

The text is written for the demo from the seeds' facts; section 一 ends with the factual summary
drafted from the demo records, so its figures equal the ledger's. Safe to run again: a report
that exists (organisation, kind, period) is left as it is.
"""

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from branches.models import Committee, CommitteePost, Member, Organization
from branches.periods import calendar_year, committee_term, school_year, term
from reports.models import Report
from reports.selectors import statistics
from reports.selectors.drafts import draft_work_section
from reports.services.reports import create_report, submit_report

D = datetime.date

# The texts are templates: every count is a {placeholder} filled, when the report is drafted,
# from the figures of its period (report_facts); no number is typed by hand. Dates and list
# numbers are the only digits of the templates (checked by tests/devdata/test_demo_data.py).
LONGHUTANG_2019 = {
    "work": (
        "（一）新校建设项目组：支部书记带领陆志坚、王丽先等老党员参与新校舍设计论证和工地例会，"
        "从建筑、景观到弱电和校园文化逐项把关，新校区于2019年8月建成启用。\n"
        "（二）两校分设家校团：分设前分年级召开家长会，组织学区划分听证会和问卷调查，绝大多数家长"
        "表示支持；党员干部逐一联系有顾虑的家长，分设平稳完成。\n"
        "（三）名师工作室：许华章、徐彩芬、王燕等党员教师领衔名师工作室，书记担任区骨干校长"
        "成长营导师，带动青年教师成长。\n"
        "（四）新支部建设：2019年12月两校分设，{transferred_in}名党员的组织关系转入新支部；"
        "此后召开支部党员大会{kind-general_meeting}次，开展主题党日{kind-theme_day}次。"
    ),
    "problems": (
        "1、党建与业务统筹不够，抓党建的时间偏少，督查和跟踪落实的力度不足。\n"
        "2、集体学习的组织方式单一，对党员思想动态了解不够，谈心谈话偏少。"
    ),
    "plans": (
        "1、新支部于2019年12月选出支部委员会，下一步配齐党建工作人员，建立专人负责的工作制度。\n"
        "2、落实“三会一课”、主题党日和谈心谈话，学习情况按月在台账中登记。\n"
        "3、建设党建工作室，培养一支稳定的入党积极分子队伍。"
    ),
}
LONGHUTANG_2019_FIRST = dict(LONGHUTANG_2019, problems="1、对党建工作重视不够。")
LONGHUTANG_2024 = {
    "work": (
        "1、支部按月固定主题党日，本学年开展{kind-theme_day}次，围绕“诗意教育”办学理念组织党员"
        "教师承担课程建设任务。\n"
        "2、名师工作室继续由党员教师领衔，青年教师结对成长。"
    ),
    "problems": "1、部分活动记录只有主题，缺少议题和决议。",
    "plans": "1、继续完善支部工作制度。",
}
XINHUA_2021 = {
    "work": (
        "1、筑思想：以“学习强国”为主要抓手组织党员学习，集中学习{kind-study}次、"
        "人均{study_hours_per_member}学时。\n"
        "2、聚合力：坚持“三重一大”和教代会票决制度，党建带工建，推动党群工作一体化。\n"
        "3、保底线：每月开展安全检查，定期组织逃生演练。\n"
        "4、宣品牌：党员教师担任“爱生”志愿者、家校共育引领者和社区共建服务者，"
        "全年志愿服务{volunteer_participants}人次、{volunteer_hours}小时。"
    ),
    "problems": (
        "1、党建工作整体规划不足，与办学结合不够紧密。\n"
        "2、部分青年党员教师专业发展不均衡，示范作用不够明显。\n"
        "3、申报常州市“一校一品”党建文化品牌未获通过，品牌特色还不鲜明。\n"
        "主要原因：学习缺少系统安排，书记与党员谈心谈话偏少；校本培训体系有待完善。"
    ),
    "plans": (
        "1、把党建工作纳入学校整体规划，推进支部工作标准化规范化。\n"
        "2、压实党风廉政建设责任，把师德师风建设与教师发展结合起来。\n"
        "3、以“儿童自然科学院”为平台建设课程基地，打造党建品牌。"
    ),
}
XINHUA_2024 = {
    "work": (
        "1、以党建带工建，坚持教代会重大事项票决制度。\n"
        "2、党员教师参加社区“双报到”志愿服务{volunteer_participants}人次，结合“儿童自然科学院”"
        "开展科普进社区。"
    ),
    "problems": (
        "1、党小组活动开展不均衡，个别月份没有记录。\n"
        "2、青年党员参与理论学习的主动性有待提高。\n"
        "主要原因：活动安排与教学检查时间冲突时，往往先让位于教学。"
    ),
    "plans": (
        "1、年初排定全年主题党日和党小组会时间，按月登记。\n"
        "2、青年党员每人每学期在支部学习中交流一次。"
    ),
}
JIAZE_TERM = {
    "work": (
        "1、基本情况：任期末支部有党员{members_end}名（含预备党员{probationary_end}名），其中"
        "{kindergarten_members}名是嘉泽中心幼儿园的党员；支委{committee_members}名，钱志林任书记，"
        "卞亮平任组织、纪检委员，严国俊任宣传委员。\n"
        "2、随校长交流保持支部稳定：2012年严国俊、2013年卞亮平先后交流到校，经补选进入支委，"
        "分工及时调整；任期内转入党员{transferred_in}名，发展党员{developed}名。\n"
        "3、坚持“三会一课”：书记和党员骨干为全体党员上党课{kind-lecture}次；每年6月底和1月底"
        "开展民主评议党员，任期内共{kind-appraisal}次；书记与党员个别谈心{kind-talk}次。\n"
        "4、外出考察和参观学习{kind-study}次，人均{study_hours_per_member}学时。\n"
        "5、2013年10月19日举办百年校庆，校友返校共话发展，成立嘉小教育基金会。"
    ),
    "problems": (
        "1、党员学习以集中学习为主，读书交流的成果总结不够。\n"
        "2、支委调整较频繁，新任支委熟悉支部工作需要时间。"
    ),
    "plans": (
        "1、做好换届选举，保持支委会结构合理。\n"
        "2、围绕2014年常州市优质学校复评，发挥党员骨干作用。\n"
        "3、继续开展“党员读好书”活动，每学期组织一次交流。"
    ),
}
SHIZHONG_2021 = {
    "work": (
        "1、支部有党员{members_end}名，支委{committee_members}名，按月开展主题党日"
        "{kind-theme_day}次。\n"
        "2、党员到社区“双报到”，开展“爱心妈妈”结对和社区志愿服务{kind-volunteer}次，"
        "{volunteer_participants}人次参加、合计{volunteer_hours}小时。\n"
        "3、集中学习{kind-study}次，人均{study_hours_per_member}学时。"
    ),
    "problems": "1、志愿服务以学校周边社区为主，与家庭教育指导结合还不够。",
    "plans": "1、把“爱心妈妈”结对延伸到寒暑假，按月登记服务记录。",
}
DAPING_2024 = {
    "work": (
        "1、党委下设党支部，各党小组领办微项目：第一、二党小组的“帮扶暖心”项目结对帮扶学困生、"
        "到集团成员校上示范课、送教下乡，第二党支部开设微党课。\n"
        "2、全年志愿服务{kind-volunteer}次、{volunteer_participants}人次参加，合计{volunteer_hours}小时。\n"
        "3、期末党员{members_end}名，其中预备党员{probationary_end}名。"
    ),
    "problems": "1、各支部微项目进展不均衡，成果总结不够。",
    "plans": "1、每个党小组确定一个微项目，按季度在党委会上交流。",
}

# Which template each demo report was drafted from: (organisation, period start) -> text.
TEMPLATES = {
    ("龙虎塘第二实验小学党支部", D(2019, 9, 1)): LONGHUTANG_2019,
    ("龙虎塘第二实验小学党支部", D(2024, 9, 1)): LONGHUTANG_2024,
    ("新华实验小学党支部", D(2021, 1, 1)): XINHUA_2021,
    ("新华实验小学党支部", D(2024, 1, 1)): XINHUA_2024,
    ("嘉泽中心小学党支部", D(2011, 1, 7)): JIAZE_TERM,
    ("市中区实验小学党支部", D(2021, 1, 1)): SHIZHONG_2021,
    ("大坪小学党委", D(2024, 1, 1)): DAPING_2024,
}
PLACEHOLDER = re.compile(r"\{([\w-]+)\}")
GENERATED_MARK = "\n（以下根据台账记录生成）\n"


def _number(value):
    text = f"{value}"
    return text[:-2] if text.endswith(".0") else text


def report_facts(organization, period):
    """{name: text} of every figure a template may name, computed from the records now: the
    report's statistics, the kindergarten members and the committee members at the period end."""
    facts = {
        key: _number(figure.value)
        for key, figure in statistics.compute(organization, period).by_key().items()
    }
    end = period.end
    org_ids = Organization.objects.subtree_ids(organization)
    facts["kindergarten_members"] = str(
        Member.objects.filter(organization_id__in=org_ids, work_unit__contains="幼儿园")
        .party_members(end)
        .count()
    )
    facts["committee_members"] = str(
        CommitteePost.objects.filter(
            committee__in=Committee.objects.in_office(end).filter(organization=organization)
        )
        .filter(Q(elected_on__isnull=True) | Q(elected_on__lte=end))
        .values("member")
        .distinct()
        .count()
    )
    return facts


def fill(template, facts):
    return PLACEHOLDER.sub(lambda match: facts[match.group(1)], template)


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _org(name):
    return Organization.objects.select_related("school__district").filter(name=name).first()


def _write(report, author, text, day, *, generated=True):
    facts = report_facts(report.organization, report.period)
    work = fill(text["work"], facts)
    if generated:
        drafted = draft_work_section(report.organization, report.period)
        work = f"{work}{GENERATED_MARK}{drafted}" if work else drafted
    report.save_text(
        by=author,
        expected_version=report.lock_version,
        section_work=work,
        section_problems=fill(text["problems"], facts),
        section_plans=fill(text["plans"], facts),
        report_date=day,
    )


def _report(org_name, author_name, kind, period, *, committee=None):
    """The report of the period, or None when it exists already (or its accounts are missing)."""
    organization, author = _org(org_name), _user(author_name)
    if organization is None or author is None:
        return None, None
    if Report.objects.filter(
        organization=organization, kind=kind, period_start=period.start, period_end=period.end
    ).exists():
        return None, None
    report = create_report(
        organization=organization, kind=kind, period=period, actor=author, committee=committee
    )
    return report, author


def _jiaze_period():
    committee = (
        Committee.objects.filter(organization__name="嘉泽中心小学党支部", term_start__year=2011)
        .order_by("term_start")
        .first()
    )
    if committee:
        return committee_term(committee), committee
    return term(D(2011, 1, 1), D(2013, 12, 31)), None


@transaction.atomic
def load(stdout=None):
    xinbei, wujin = _user("reviewer_xinbei"), _user("reviewer_wujin")
    if xinbei is None or wujin is None:  # devdata.demo.accounts makes them first
        return
    made = []

    # 龙虎塘第二实验小学 2019学年度: returned once, revised, approved 好.
    report, author = _report(
        "龙虎塘第二实验小学党支部", "sec_longhutang", Report.Kind.SUMMARY, school_year(2019)
    )
    if report:
        _write(report, author, LONGHUTANG_2019_FIRST, D(2020, 8, 28))
        submit_report(report=report, actor=author)
        report.return_for_changes(
            by=xinbei,
            comments=[("problems", "问题写得太笼统，请结合学习和谈心谈话的实际情况分析原因。")],
        )
        _write(report, author, LONGHUTANG_2019, D(2020, 8, 31))
        submit_report(report=report, actor=author)
        report.approve(by=xinbei, rating=Report.Rating.GOOD, comment="亮点突出，问题分析具体。")
        made.append(report)

    # 龙虎塘第二实验小学 2024学年度: returned with comments, waiting for the secretary.
    report, author = _report(
        "龙虎塘第二实验小学党支部", "sec_longhutang", Report.Kind.SUMMARY, school_year(2024)
    )
    if report:
        _write(report, author, LONGHUTANG_2024, D(2025, 8, 29))
        submit_report(report=report, actor=author)
        report.return_for_changes(
            by=xinbei,
            comments=[
                ("", "请对照下方台账统计，说明未达到要求的组织生活次数。"),
                ("problems", "只列了一条问题，请分析原因。"),
                ("plans", "举措请写得具体、可检查。"),
            ],
        )
        made.append(report)

    # 新华实验小学 2021: the secretary's 述职报告 (seed 001), approved 较好.
    report, author = _report(
        "新华实验小学党支部", "sec_xinhua", Report.Kind.DUTY, calendar_year(2021)
    )
    if report:
        _write(report, author, XINHUA_2021, D(2021, 12, 15))
        submit_report(report=report, actor=author)
        report.approve(by=xinbei, rating=Report.Rating.FAIRLY_GOOD)
        made.append(report)

    # 新华实验小学 2024: submitted and waiting for 新北区.
    report, author = _report(
        "新华实验小学党支部", "sec_xinhua", Report.Kind.SUMMARY, calendar_year(2024)
    )
    if report:
        _write(report, author, XINHUA_2024, D(2024, 12, 20))
        submit_report(report=report, actor=author)
        made.append(report)

    # 嘉泽中心小学 2011–2013 term report: approved 好 by 武进区.
    period, committee = _jiaze_period()
    report, author = _report(
        "嘉泽中心小学党支部", "sec_jiaze", Report.Kind.SUMMARY, period, committee=committee
    )
    if report:
        _write(report, author, JIAZE_TERM, D(2013, 12, 28))
        submit_report(report=report, actor=author)
        report.approve(by=wujin, rating=Report.Rating.GOOD)
        made.append(report)

    # 市中区实验小学 2021 (seed 003): approved 好 by 市中区.
    shizhong = _user("reviewer_shizhong")
    report, author = _report(
        "市中区实验小学党支部", "sec_shizhong", Report.Kind.SUMMARY, calendar_year(2021)
    )
    if report and shizhong:
        _write(report, author, SHIZHONG_2021, D(2021, 12, 24))
        submit_report(report=report, actor=author)
        report.approve(by=shizhong, rating=Report.Rating.GOOD)
        made.append(report)

    # 大坪小学党委 2024 (seed 002): submitted to 渝中区.
    report, author = _report("大坪小学党委", "sec_daping", Report.Kind.SUMMARY, calendar_year(2024))
    if report:
        _write(report, author, DAPING_2024, D(2024, 12, 26))
        submit_report(report=report, actor=author)
        made.append(report)

    # 大坪小学第一党支部 2025: a fresh draft, for trying "根据台账生成第一部分".
    report, author = _report(
        "大坪小学第一党支部", "sec_daping1", Report.Kind.SUMMARY, calendar_year(2025)
    )
    if report:
        made.append(report)

    if stdout is not None and made:
        stdout.write(f"年度报告：新建 {len(made)} 份演示报告。")

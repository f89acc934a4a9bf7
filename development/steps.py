"""The 25 steps of developing a party member (发展党员工作流程), in five stages.

Each step says what it records: people (the talker, 培养联系人, 入党介绍人), a meeting record (支委会
or 支部党员大会, whose vote and quorum come from the record), a document number (备案), a period
(公示, 集中培训), and which of the member's stage dates it sets (the roster's dates follow from the
steps, never typed twice)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from branches.models import Stage
from branches.models.activities import Kind


@dataclass(frozen=True)
class StepDef:
    number: int
    stage: str
    title: str
    people: str = ""  # label of the people field ("" = no people)
    max_people: int = 0
    meeting: str = ""  # activity kind of the linked record ("" = none)
    document: bool = False  # a document number (备案 number)
    period: str = ""  # label of the period's end ("" = no period)
    hours: bool = False
    sets: str = ""  # the Member date field this step's date writes
    repeats: bool = False  # recorded more than once (assessments)


STAGES = [
    (Stage.APPLICANT, _("申请入党")),
    (Stage.ACTIVIST, _("入党积极分子的确定和培养教育")),
    (Stage.CANDIDATE, _("发展对象的确定和考察")),
    (Stage.PROBATIONARY, _("预备党员的接收")),
    (Stage.FULL, _("预备党员的教育考察和转正")),
]

A, C, P, F = Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL
COMMITTEE, GENERAL = Kind.COMMITTEE_MEETING, Kind.GENERAL_MEETING

STEPS = [
    StepDef(1, Stage.APPLICANT, _("递交入党申请书"), sets="application_date"),
    StepDef(2, Stage.APPLICANT, _("党组织派人谈话"), people=_("谈话人"), max_people=2),
    StepDef(3, A, _("推荐和确定入党积极分子"), meeting=COMMITTEE, sets="activist_date"),
    StepDef(4, A, _("报上级党委备案（入党积极分子）"), document=True),
    StepDef(5, A, _("指定培养联系人"), people=_("培养联系人"), max_people=2),
    StepDef(6, A, _("培养教育考察（每半年考察一次）"), repeats=True),
    StepDef(7, C, _("确定发展对象"), meeting=COMMITTEE, sets="candidate_date"),
    StepDef(8, C, _("报上级党委备案（发展对象）"), document=True),
    StepDef(9, C, _("确定入党介绍人"), people=_("入党介绍人"), max_people=2),
    StepDef(10, C, _("进行政治审查")),
    StepDef(11, C, _("开展集中培训"), period=_("培训结束日期"), hours=True),
    StepDef(12, P, _("支部委员会审查（公示）"), meeting=COMMITTEE, period=_("公示结束日期")),
    StepDef(13, P, _("上级党委预审"), document=True),
    StepDef(14, P, _("填写入党志愿书")),
    StepDef(15, P, _("支部党员大会讨论接收"), meeting=GENERAL, sets="admission_date"),
    StepDef(16, P, _("上级党委派人谈话"), people=_("谈话人"), max_people=2),
    StepDef(17, P, _("上级党委审批"), document=True),
    StepDef(18, P, _("再上一级党委组织部门备案"), document=True),
    StepDef(19, F, _("编入党支部和党小组")),
    StepDef(20, F, _("入党宣誓")),
    StepDef(21, F, _("继续教育考察（每季度考察一次）"), repeats=True),
    StepDef(22, F, _("提出转正申请")),
    StepDef(23, F, _("支部党员大会讨论转正"), meeting=GENERAL),
    StepDef(24, F, _("上级党委审批转正"), document=True),
    StepDef(25, F, _("材料归档")),
]

BY_NUMBER = {step.number: step for step in STEPS}
REPEATING = [step.number for step in STEPS if step.repeats]
# The steps whose date writes one of the member's stage dates (full_date: see services).
STAGE_STEPS = {step.sets: step.number for step in STEPS if step.sets}
FULL_STEP = 23

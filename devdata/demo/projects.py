"""Demo projects (党建品牌, 微项目) of seeds 000, 001 and 002, with the records that make them real.

Facts from the seeds, texts written for the demo:
- seed 000 (龙虎塘第二实验小学, 2019学年度): the 新校建设项目组 (design reviews and site meetings for
  the new school) and the 两校分设家校团 (parents' committee and 龙虎塘街道 helping the two schools
  split);
- seed 001 (新华实验小学, 2021): the school's brand built on the 儿童自然科学院 and the 168爱生志愿者;
- seed 002 (大坪小学, 2024): the 党委's micro-projects run by party groups: 帮扶暖心 (first and second
  groups), 学习+成长 (third and fourth), 校家社联合教育 (fifth and sixth).
Each project is tagged with held records of its organisation in its period, picked by kind (and
topic words where given). Rows are looked up by their natural keys first: a second run adds nothing.
"""

import datetime

from django.db import transaction

from branches.models import Activity, Member, Organization, PartyGroup
from branches.models.activities import Kind
from projects.models import Milestone, Project, ProjectRecord

D = datetime.date
DONE, PLANNED = Milestone.Status.DONE, Milestone.Status.PLANNED

# organisation, group, title, kind, start, end, leader, partners, goal, result, milestones,
# (record kinds, topic words or None, at most)
PROJECTS = [
    (
        "龙虎塘第二实验小学党支部",
        None,
        "新校建设项目组",
        Project.Kind.BRAND,
        D(2019, 9, 1),
        D(2020, 8, 31),
        "钱丽美",
        "设计单位、施工单位",
        "党员牵头各专项小组，参与新校区设计论证和工地例会，把好建设质量关，完成校园文化布置。",
        "新校区按期启用，党员在设计、材料比选和文化布置中提出的优化意见逐项落实。",
        [
            (D(2019, 10, 15), "校园文化设计方案论证", DONE, D(2019, 10, 30)),
            (D(2020, 6, 30), "专用教室与功能区完善", DONE, D(2020, 7, 10)),
        ],
        ((Kind.STUDY, Kind.LECTURE, Kind.OTHER), None, 4),
    ),
    (
        "龙虎塘第二实验小学党支部",
        None,
        "两校分设家校团",
        Project.Kind.MICRO,
        D(2019, 9, 1),
        D(2020, 8, 31),
        "钱丽美",
        "家委会、龙虎塘街道",
        "党员干部带头与家长沟通，借助家委会和街道的力量，确保两校分设平稳过渡。",
        "",
        [
            (D(2019, 11, 30), "学区划分听证与家委会座谈", DONE, D(2019, 12, 10)),
            (D(2020, 8, 31), "新学年招生与分流平稳完成", PLANNED, None),
        ],
        ((Kind.THEME_DAY, Kind.VOLUNTEER), None, 5),
    ),
    (
        "新华实验小学党支部",
        None,
        "幸福教育·儿童自然科学院",
        Project.Kind.BRAND,
        D(2021, 1, 1),
        D(2021, 12, 31),
        "陈建锋",
        "科普场馆、家委会",
        "以“儿童自然科学院”为平台，把党建品牌与学校课程基地建设结合起来。",
        "课程基地框架初步形成，申报市级党建文化品牌未获通过，需加强整体设计。",
        [
            (D(2021, 4, 30), "品牌方案上报", DONE, D(2021, 5, 20)),
            (D(2021, 11, 30), "课程基地阶段展示", PLANNED, None),
        ],
        ((Kind.STUDY, Kind.THEME_DAY), None, 4),
    ),
    (
        "新华实验小学党支部",
        None,
        "168爱生志愿者",
        Project.Kind.MICRO,
        D(2021, 1, 1),
        D(2021, 12, 31),
        "陈建锋",
        "新华社区",
        "党员教师做爱生志愿者、家校共育引领者和社区共建服务者。",
        "",
        [(D(2021, 9, 30), "社区共建服务队组建", DONE, D(2021, 9, 18))],
        ((Kind.VOLUNTEER,), None, 5),
    ),
    (
        "大坪小学第一党支部",
        "第一党小组",
        "帮扶暖心",
        Project.Kind.MICRO,
        D(2024, 1, 1),
        D(2024, 12, 31),
        None,
        "集团成员校、社区",
        "第一、二党小组结对学困生、到成员校和边远地区送教，塑造服务型组织。",
        "",
        [
            (D(2024, 3, 31), "学困生结对名单确定", DONE, D(2024, 3, 21)),
            (D(2024, 11, 30), "送教下乡完成", DONE, D(2024, 10, 17)),
        ],
        ((Kind.VOLUNTEER,), None, 5),
    ),
    (
        "大坪小学第二党支部",
        "第三党小组",
        "学习+成长",
        Project.Kind.MICRO,
        D(2024, 1, 1),
        D(2024, 12, 31),
        None,
        "",
        "青年党员多的第三、四党小组以讲座、讨论和体验式学习，建设学习型组织。",
        "",
        [(D(2024, 6, 30), "微党课进年级", DONE, D(2024, 6, 20))],
        ((Kind.STUDY, Kind.LECTURE), None, 5),
    ),
    (
        "大坪小学第三党支部",
        "第五党小组",
        "校家社联合教育",
        Project.Kind.MICRO,
        D(2024, 1, 1),
        D(2024, 12, 31),
        None,
        "家长、社区",
        "第五、六党小组与家长、社区干部共同研究联合教育方案，结合心理健康教育开展试点。",
        "",
        [
            (D(2024, 5, 31), "联合教育实施方案", DONE, D(2024, 5, 28)),
            (D(2024, 12, 31), "心理咨询室开放", PLANNED, None),
        ],
        ((Kind.THEME_DAY,), None, 4),
    ),
]


def _records(organization, start, end, kinds, words, limit):
    records = Activity.objects.held().filter(
        organization=organization, kind__in=kinds, date__gte=start, date__lte=end
    )
    if words:
        records = records.filter(topic__contains=words)
    return list(records.order_by("date", "id")[:limit])


@transaction.atomic
def load(stdout=None):
    """Create the demo projects; returns how many were added (0 on a second run)."""
    added = 0
    for (org_name, group_name, title, kind, start, end, leader_name, partners, goal, result,
         milestones, (kinds, words, limit)) in PROJECTS:  # fmt: skip
        organization = Organization.objects.filter(name=org_name).first()
        if organization is None:
            continue
        members = Member.objects.filter(organization=organization).order_by("id")
        leader = members.filter(name=leader_name).first() if leader_name else members.first()
        group = PartyGroup.objects.filter(organization=organization, name=group_name).first()
        project, created = Project.objects.get_or_create(
            organization=organization,
            title=title,
            defaults={
                "group": group,
                "kind": kind,
                "start_date": start,
                "end_date": end,
                "leader": leader,
                "partners": partners,
                "goal": goal,
                "result": result,
            },
        )
        if not created:
            continue
        added += 1
        project.team.set(list(members.exclude(pk=getattr(leader, "pk", None))[:3]))
        for day, name, status, done_on in milestones:
            Milestone.objects.get_or_create(
                project=project,
                title=name,
                defaults={"date": day, "status": status, "done_on": done_on},
            )
        for activity in _records(organization, start, end, kinds, words, limit):
            ProjectRecord.objects.get_or_create(project=project, activity=activity)
    if stdout is not None:
        stdout.write(f"党建项目：新增 {added} 个\n")
    return added

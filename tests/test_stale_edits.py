"""Two people editing the same record: the later save of an older copy is refused (409), with
what the other person changed, and the user's input kept in the form (portal.versioning).

Each case opens an edit page as the branch secretary, lets someone else save the record, then
posts what the page rendered (with the user's own change). Nothing of the stale post is saved;
posting the page that comes back (its version now the latest) applies the user's input.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from branches.models import Activity, Committee, Honour, Member
from branches.services import roster as roster_services
from branches.services.activities import AgendaEntry, Filing, file_activity
from portal.versioning import StaleEdit
from projects.models import Project
from reports.models import Report
from tests.clock import TODAY
from tests.factories import HonourFactory, committee, make_report, member, record
from tests.forms import form_data
from tests.projects.helpers import project_of


def _page(response):
    return response.content.decode()


def _project(world):
    project = project_of(world, records=False)
    return project, reverse("projects:edit", args=[project.pk])


def _project_other(world, project):
    project = Project.objects.get(pk=project.pk)
    project.partners = "龙虎塘街道"
    project.save()


def _milestone(world):
    milestone = project_of(world, records=False).milestones.first()
    return milestone, reverse("projects:milestone_edit", args=[milestone.pk])


def _milestone_other(world, milestone):
    milestone = type(milestone).objects.get(pk=milestone.pk)
    milestone.title = "召开全体家长会"
    milestone.save()


@dataclass
class Case:
    """An edit page: `open` builds the record and returns (record, url); `other` saves it as
    someone else; `mine` is the user's change to the posted form; `kept` tells, from the record
    reloaded, that the other change survived and `applied` that the user's own did."""

    name: str
    open: Callable
    other: Callable
    mine: dict
    shown: tuple  # texts of the conflict: what the other person changed
    kept: Callable
    applied: Callable
    form: str = "lock_version"  # a field that tells the edit form from others on the page


def _member(world):
    person = member(world.branch_a, "王芳", phone="13800001234")
    return person, reverse("branches:member_edit", args=[person.pk])


def _member_other(world, person):
    person = Member.objects.get(pk=person.pk)
    person.post, person.phone = "数学", "13900005678"
    roster_services.update_member(member=person, actor=world.admin)


def _movement(world):
    person = member(world.branch_a, "李强")
    return person, reverse("branches:movement_create", args=[person.pk])


def _movement_other(world, person):
    person = Member.objects.get(pk=person.pk)
    person.work_unit = "湟里中心小学"
    roster_services.update_member(member=person, actor=world.admin)


def _committee(world):
    people = [member(world.branch_a, name) for name in ("钱丽美", "卞亮平", "严冬梅")]
    term = committee(world.branch_a, people)
    return term, reverse("branches:committee_edit", args=[term.pk])


def _committee_other(world, term):
    term = Committee.objects.get(pk=term.pk)
    posts = [(post.member, post.post) for post in term.posts.select_related("member")]
    newcomer = member(world.branch_a, "周文静")
    roster_services.save_committee(
        committee=term, posts=[*posts, (newcomer, "other")], actor=world.admin
    )


def _honour(world):
    honour = HonourFactory(organization=world.branch_a, title="先进基层党组织", year=2021)
    return honour, reverse("branches:honour_edit", args=[honour.pk])


def _honour_other(world, honour):
    honour = Honour.objects.get(pk=honour.pk)
    honour.title = "五星级党支部"
    honour._history_user = world.admin
    honour.save()


def _activity(world):
    for name in ("王芳", "李强", "张敏"):
        member(world.branch_a, name)
    activity = record(world.branch_a, "theme_day", TODAY, topic="学习新修订的党章")
    return activity, reverse("branches:activity_edit", args=[activity.pk])


def _activity_other(world, activity):
    activity = Activity.objects.get(pk=activity.pk)
    activity._history_user = world.admin
    absent = activity.attendances.get(member__name="张敏").member_id
    file_activity(
        actor=world.admin,
        organization=activity.organization,
        kind=activity.kind,
        values={"place": "三楼会议室"},
        filing=Filing(absences={absent: "sick"}, agenda=[AgendaEntry("确定主题党日内容")]),
        activity=activity,
        today=TODAY,
    )


def _activity_kept(activity):
    absent = activity.attendances.get(member__name="张敏")
    return activity.place == "三楼会议室" and not absent.present


def _appraisal(world):
    for name in ("王芳", "李强", "张敏"):
        member(world.branch_a, name)
    activity = record(world.branch_a, "appraisal", TODAY, topic="2026年度民主评议党员")
    return activity, reverse("branches:activity_edit", args=[activity.pk])


def _appraisal_other(world, activity):
    activity = Activity.objects.get(pk=activity.pk)
    activity._history_user = world.admin
    excellent = activity.attendances.get(member__name="张敏").member_id
    file_activity(
        actor=world.admin,
        organization=activity.organization,
        kind=activity.kind,
        values={},
        filing=Filing(grades={excellent: "excellent"}),
        activity=activity,
        today=TODAY,
    )


def _report(world):
    report = make_report(world.branch_a, world.secretary_a)
    return report, reverse("reports:edit", args=[report.pk])


def _report_other(world, report):
    report = Report.objects.get(pk=report.pk)
    report.save_text(
        by=world.secretary_a, expected_version=report.lock_version, title="另一个窗口改的标题"
    )


LEFT_ON = TODAY - datetime.timedelta(days=30)

CASES = [
    Case(
        "member",
        _member,
        _member_other,
        mine={"name": "王芳芳"},
        shown=("管理员", "职务或任教学科", "数学", "联系电话", "****5678"),
        kept=lambda m: m.post == "数学" and m.name == "王芳",
        applied=lambda m: m.name == "王芳芳",
    ),
    Case(
        "movement",
        _movement,
        _movement_other,
        mine={"kind": "out", "date": LEFT_ON.isoformat(), "reason": "交流到成章小学"},
        shown=("管理员", "工作单位", "湟里中心小学"),
        kept=lambda m: m.work_unit == "湟里中心小学" and not m.movements.exists(),
        applied=lambda m: m.left_on == LEFT_ON,
    ),
    Case(
        "committee",
        _committee,
        _committee_other,
        mine={"term_end": "2022-12-31"},
        shown=("管理员", "支委职务", "周文静", "委员"),
        kept=lambda c: (
            c.posts.filter(member__name="周文静").exists()
            and c.term_end == datetime.date(2023, 1, 1)
        ),
        applied=lambda c: c.term_end == datetime.date(2022, 12, 31),
    ),
    Case(
        "honour",
        _honour,
        _honour_other,
        mine={"year": "2022"},
        shown=("管理员", "荣誉称号", "先进基层党组织", "五星级党支部"),
        kept=lambda h: h.title == "五星级党支部" and h.year == 2021,
        applied=lambda h: h.year == 2022,
    ),
    Case(
        "activity",
        _activity,
        _activity_other,
        mine={"topic": "学习党的二十届四中全会精神"},
        shown=(
            "管理员",
            "地点",
            "三楼会议室",
            "出席情况：张敏",
            "病假",
            "议题",
            "确定主题党日内容",
        ),
        kept=_activity_kept,
        applied=lambda a: a.topic == "学习党的二十届四中全会精神",
    ),
    Case(
        "appraisal",
        _appraisal,
        _appraisal_other,
        mine={"content": "对照党章逐条评议。"},
        shown=("民主评议：张敏", "合格", "优秀"),
        kept=lambda a: a.appraisals.get(member__name="张敏").grade == "excellent",
        applied=lambda a: a.content == "对照党章逐条评议。",
    ),
    Case(
        "report",
        _report,
        _report_other,
        mine={"section_plans": "1、我的新举措。"},
        shown=("甲书记", "标题", "另一个窗口改的标题"),
        kept=lambda r: r.title == "另一个窗口改的标题" and "我的新举措" not in r.section_plans,
        applied=lambda r: "我的新举措" in r.section_plans,
        form="section_plans",
    ),
    Case(
        "project",
        _project,
        _project_other,
        mine={"title": "家校共育项目（调整）"},
        shown=("合作方", "龙虎塘街道"),
        kept=lambda p: p.partners == "龙虎塘街道" and p.title == "家校共育微项目",
        applied=lambda p: p.title == "家校共育项目（调整）",
    ),
    Case(
        "milestone",
        _milestone,
        _milestone_other,
        mine={"done_on": "2026-03-06"},
        shown=("里程碑", "召开全体家长会"),
        kept=lambda m: m.title == "召开全体家长会",
        applied=lambda m: m.done_on == datetime.date(2026, 3, 6),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_stale_save_is_refused_with_what_changed_and_the_input_kept(world, client_for, case):
    obj, url = case.open(world)
    client = client_for(world.secretary_a)
    data = {**form_data(client.get(url), field=case.form), **case.mine}
    case.other(world, obj)

    response = client.post(url, data)

    assert response.status_code == 409
    page = _page(response)
    assert "保存失败" in page and 'id="edit-conflict"' in page
    for text in case.shown:
        assert text in page, text
    for value in case.mine.values():
        assert value in page  # the user's input is still in the form
    assert "13900005678" not in page  # personal data stays masked in the conflict
    obj = type(obj).objects.get(pk=obj.pk)
    assert case.kept(obj)

    again = client.post(url, form_data(response, field=case.form))
    assert again.status_code == 302
    assert case.applied(type(obj).objects.get(pk=obj.pk))


def test_a_save_of_the_version_opened_goes_through_and_bumps_it(world, client_for):
    person, url = _member(world)
    client = client_for(world.secretary_a)
    data = {**form_data(client.get(url), field="lock_version"), "name": "王芳芳"}
    assert client.post(url, data).status_code == 302
    person = Member.objects.get(pk=person.pk)
    assert (person.name, person.lock_version) == ("王芳芳", 1)


def test_an_edit_form_without_its_version_is_refused_with_a_message_not_saved(world, client_for):
    person, url = _member(world)
    client = client_for(world.secretary_a)
    data = form_data(client.get(url), field="lock_version")
    data.pop("lock_version")
    response = client.post(url, {**data, "name": "王芳芳"})
    assert response.status_code == 200
    assert "页面已过期或不完整" in _page(response)
    assert Member.objects.get(pk=person.pk).name == "王芳"
    again = client.post(url, form_data(response, field="lock_version"))
    assert again.status_code == 302
    assert Member.objects.get(pk=person.pk).name == "王芳芳"


def test_a_record_deleted_meanwhile_is_not_put_back_by_a_stale_save(world):
    person = member(world.branch_a, "王芳")
    stale = Member.objects.get(pk=person.pk)
    stale.expected_version = stale.lock_version
    person.delete()
    stale.name = "王芳芳"
    with pytest.raises(StaleEdit) as refused:
        stale.save()
    assert refused.value.deleted and "已被删除" in refused.value.messages[0]
    assert not Member.objects.filter(pk=person.pk).exists()


def test_model_refuses_a_copy_older_than_the_row(world):
    person = member(world.branch_a, "王芳")
    first, second = Member.objects.get(pk=person.pk), Member.objects.get(pk=person.pk)
    first.expected_version = second.expected_version = person.lock_version
    first.name = "第一个窗口"
    first.save()
    second.name = "第二个窗口"
    with pytest.raises(StaleEdit) as refused:
        second.save()
    assert Member.objects.get(pk=person.pk).name == "第一个窗口"
    (row,) = refused.value.changes()
    assert [(c.label, c.before, c.after) for c in row.changes] == [("姓名", "王芳", "第一个窗口")]


def test_a_save_without_a_version_to_check_still_bumps_it(world):
    person = member(world.branch_a, "王芳")
    person.name = "导入时改名"
    person.save()
    assert Member.objects.get(pk=person.pk).lock_version == 1


# -- the admin site ----------------------------------------------------------------------------


def test_admin_change_form_of_a_member_refuses_a_stale_save(world, client_for):
    person = member(world.branch_a, "王芳", phone="13800001234")
    url = reverse("admin:branches_member_change", args=[person.pk])
    client = client_for(world.admin)
    data = {**form_data(client.get(url), field="lock_version"), "name": "管理员改名"}
    _member_other(world, person)

    response = client.post(url, data)

    assert response.status_code == 409
    page = _page(response)
    assert "保存失败" in page and "职务或任教学科" in page and "数学" in page
    assert "管理员改名" in page  # the admin's input is kept
    person = Member.objects.get(pk=person.pk)
    assert (person.name, person.post) == ("王芳", "数学")
    again = client.post(url, form_data(response, field="lock_version"))
    assert again.status_code == 302
    assert Member.objects.get(pk=person.pk).name == "管理员改名"


def test_a_secretarys_open_member_form_cannot_overwrite_an_admin_change(world, client_for):
    person, url = _member(world)
    secretary = client_for(world.secretary_a)
    data = {**form_data(secretary.get(url), field="lock_version"), "name": "书记改名"}
    admin_url = reverse("admin:branches_member_change", args=[person.pk])
    admin = client_for(world.admin)
    admin_data = {**form_data(admin.get(admin_url), field="lock_version"), "post": "英语"}
    assert admin.post(admin_url, admin_data).status_code == 302

    secretary = client_for(world.secretary_a)
    response = secretary.post(url, data)
    assert response.status_code == 409
    assert Member.objects.get(pk=person.pk).post == "英语"


def test_admin_still_reverts_a_report_to_an_earlier_version(world, client_for):
    draft_a = make_report(world.branch_a, world.secretary_a)
    first_title = draft_a.title
    draft_a.save_text(by=world.secretary_a, expected_version=draft_a.lock_version, title="改过")
    old = Report.history.filter(id=draft_a.pk, title=first_title).latest("history_date")
    url = reverse("admin:reports_report_simple_history", args=[draft_a.pk, old.history_id])
    client = client_for(world.admin)
    response = client.post(url, form_data(client.get(url), field="lock_version"))
    assert response.status_code == 302
    report = Report.objects.get(pk=draft_a.pk)
    assert report.title == first_title
    assert report.lock_version == draft_a.lock_version + 1  # reverting is a change like any other

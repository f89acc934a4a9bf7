"""Restoring a deleted record when what it refers to was deleted since: never a 500.

These tests commit (transactional database), because a missing foreign key is only caught when
the transaction commits: exactly where a real admin's restore used to fail with IntegrityError.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.models import Activity, Attachment, Attendance, DeletedActivity, Member
from branches.services.activities import Filing, add_attachment, delete_activity, file_activity
from tests.clock import TODAY
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.date(2026, 11, 3)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _file(world, kind, actor=None, **values):
    values = {"date": DAY, "topic": "谈工作与思想", "status": "held", **values}
    return file_activity(
        actor=actor or world.secretary_a,
        organization=world.branch_a,
        kind=kind,
        values=values,
        filing=Filing(),
        today=TODAY,
    )


def _delete(activity, actor=None):
    """Delete the record (keeping its snapshot); returns its id."""
    activity_id = activity.pk
    delete_activity(actor=actor, activity=activity)
    return activity_id


def _restore(world, client_for):
    """Restore the one deleted record from /admin/; returns the page with the messages."""
    deleted = DeletedActivity.objects.get()
    response = client_for(world.admin).post(
        reverse("admin:branches_deletedactivity_changelist"),
        {"action": "restore_selected", "_selected_action": [deleted.pk]},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def _assert_refused(activity_id, body, *reasons):
    assert "无法恢复" in body and "没有恢复任何数据" in body, body
    for reason in reasons:
        assert reason in body
    assert not Activity.objects.filter(pk=activity_id).exists()
    assert not Attendance.objects.filter(activity_id=activity_id).exists()
    assert DeletedActivity.objects.get().restored_at is None


def test_a_group_meeting_whose_group_was_deleted_is_refused_saying_why(world, client_for):
    member(world.branch_a, "王芳", group=world.group_a)
    meeting = _file(world, Activity.Kind.GROUP_MEETING, group=world.group_a)
    meeting_id = _delete(meeting)
    world.group_a.delete()  # the group was dissolved; its members keep their rows
    body = _restore(world, client_for)
    _assert_refused(meeting_id, body, "所属的党小组已被删除", "重新登记")


@pytest.mark.parametrize("status", ["planned", "held"])
@pytest.mark.parametrize("side,label", [("talker", "谈话人"), ("talkee", "谈话对象")])
def test_a_talk_whose_talker_or_talkee_was_deleted_is_refused_naming_them(
    world, client_for, status, side, label
):
    people = {"talker": member(world.branch_a, "王芳"), "talkee": member(world.branch_a, "李强")}
    talk = _file(world, Activity.Kind.TALK, status=status, **people)
    talk_id = _delete(talk)
    gone = people[side]
    Member.objects.filter(pk=gone.pk).delete()  # entered by mistake
    body = _restore(world, client_for)
    _assert_refused(talk_id, body, f"{label}“{gone.name}”已从名册中删除")
    assert "记录涉及的党员" not in body  # named once, as a side of the talk


def test_an_appraisal_whose_member_was_deleted_is_refused_naming_them(world, client_for):
    keep, gone = member(world.branch_a, "王芳"), member(world.branch_a, "赵刚")
    appraisal = _file(world, Activity.Kind.APPRAISAL, topic="年度民主评议")
    assert appraisal.appraisals.filter(member=gone).exists()
    appraisal_id = _delete(appraisal)
    Member.objects.filter(pk=gone.pk).delete()
    body = _restore(world, client_for)
    _assert_refused(appraisal_id, body, "记录涉及的党员“赵刚”已从名册中删除")
    assert Member.objects.filter(pk=keep.pk).exists()


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_record_whose_filer_account_was_deleted_comes_back_with_the_filer_left_empty(
    world, client_for, media
):
    member(world.branch_a, "王芳")
    filer = world.secretary_a
    record = _file(world, Activity.Kind.THEME_DAY, actor=filer, topic="主题党日")
    add_attachment(
        actor=filer,
        activity=record,
        upload=SimpleUploadedFile("合影.png", _png(), content_type="image/png"),
    )
    record_id = _delete(record, actor=world.admin)
    filer.delete()
    body = _restore(world, client_for)
    assert "已恢复 1 条记录" in body and "填报人" in body and "已留空" in body
    restored = Activity.objects.get(pk=record_id)
    assert restored.created_by is None
    assert restored.attendances.get().member.name == "王芳"
    assert Attachment.objects.get(activity=restored).uploaded_by is None


def test_a_record_whose_attachment_file_is_gone_comes_back_without_it_and_says_so(
    world, client_for, media
):
    member(world.branch_a, "王芳")
    record = _file(world, Activity.Kind.THEME_DAY, topic="主题党日")
    kept = add_attachment(
        actor=world.secretary_a,
        activity=record,
        upload=SimpleUploadedFile("签到表.png", _png(), content_type="image/png"),
    )
    lost = add_attachment(
        actor=world.secretary_a,
        activity=record,
        upload=SimpleUploadedFile("合影.png", _png(), content_type="image/png"),
    )
    record_id = _delete(record)
    lost.file.storage.delete(lost.file.name)
    body = _restore(world, client_for)
    assert "已恢复 1 条记录" in body and "附件“合影.png”的文件已不在存储中" in body
    restored = Activity.objects.get(pk=record_id)
    assert [a.pk for a in restored.attachments.all()] == [kept.pk]
    assert restored.attendances.count() == 1


def test_the_deleted_records_admin_page_shows_what_it_held(world, client_for):
    member(world.branch_a, "王芳", group=world.group_a)
    absent = member(world.branch_a, "李强", group=world.group_a)
    meeting = file_activity(
        actor=world.secretary_a,
        organization=world.branch_a,
        kind=Activity.Kind.GROUP_MEETING,
        values={"date": DAY, "topic": "学习党章", "status": "held", "group": world.group_a},
        filing=Filing(absences={absent.pk: "sick"}),
        today=TODAY,
    )
    _delete(meeting)
    world.group_a.delete()
    deleted = DeletedActivity.objects.get()
    url = reverse("admin:branches_deletedactivity_change", args=[deleted.pk])
    body = client_for(world.admin).get(url).content.decode()
    for text in ("党小组会", "学习党章", "2026-11-03", "王芳 出席", "李强 病假", "（已删除）"):
        assert text in body, text

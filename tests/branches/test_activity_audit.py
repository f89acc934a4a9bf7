"""The audit trail of records: who changed what, and deleted records an admin can restore."""

import datetime
import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.models import Activity, Attachment, Attendance, DeletedActivity
from branches.services.activities import (
    AgendaEntry,
    Filing,
    add_attachment,
    file_activity,
)
from branches.services.trash import restore_activity
from tests.clock import TODAY
from tests.factories import committee, member
from tests.utils import get_ok


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def people(world):
    org = world.branch_a
    found = {name: member(org, name) for name in ("王芳", "李强", "张敏")}
    committee(org, list(found.values()))
    return found


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _file_committee_meeting(
    world, people, *, absent=("李强",), activity=None, topic="研究十二月工作"
):
    return file_activity(
        actor=world.secretary_a,
        organization=world.branch_a,
        kind=Activity.Kind.COMMITTEE_MEETING,
        values={"date": datetime.date(2026, 11, 3), "topic": topic, "status": "held"},
        filing=Filing(
            absences={people[name].id: "sick" for name in absent},
            agenda=[AgendaEntry(title="年终考核方案", decision="通过")],
        ),
        activity=activity,
        today=TODAY,
    )


def test_record_page_shows_who_changed_the_topic_and_who_was_marked_absent(
    world, people, client_for
):
    client = client_for(world.secretary_a)
    activity = _file_committee_meeting(world, people)
    url = reverse("branches:activity_edit", args=[activity.pk])
    # Edit through the portal, so the history knows who did it.
    page = client.get(url)
    assert page.status_code == 200
    _file_committee_meeting(
        world, people, absent=("张敏",), activity=activity, topic="研究年终考核"
    )
    body = client.get(reverse("branches:activity", args=[activity.pk])).content.decode()
    assert "修改记录" in body
    assert "研究十二月工作" in body and "研究年终考核" in body  # topic before -> after
    assert "出席情况：张敏" in body and "出席情况：李强" in body


def test_deleting_keeps_a_snapshot_and_the_files(world, people, client_for, media):
    activity = _file_committee_meeting(world, people)
    attachment = add_attachment(
        actor=world.secretary_a,
        activity=activity,
        upload=SimpleUploadedFile("签到表.png", _png(), content_type="image/png"),
    )
    path = attachment.file.path
    response = client_for(world.secretary_a).post(
        reverse("branches:activity_delete", args=[activity.pk])
    )
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    deleted = DeletedActivity.objects.get()
    assert deleted.activity_id == activity.pk and deleted.deleted_by == world.secretary_a
    assert "研究十二月工作" in deleted.label
    with open(path, "rb") as handle:  # the file waits for a restore
        assert handle.read() == _png()


def test_admin_restores_a_deleted_record_with_attendance_agenda_and_files(
    world, people, client_for, media
):
    activity = _file_committee_meeting(world, people)
    add_attachment(
        actor=world.secretary_a,
        activity=activity,
        upload=SimpleUploadedFile("签到表.png", _png(), content_type="image/png"),
    )
    before = list(
        Attendance.objects.filter(activity=activity).values_list(
            "member__name", "present", "absence_reason"
        )
    )
    client_for(world.secretary_a).post(reverse("branches:activity_delete", args=[activity.pk]))
    deleted = DeletedActivity.objects.get()

    admin = client_for(world.admin)
    listing = admin.get(reverse("admin:branches_deletedactivity_changelist"))
    assert "研究十二月工作" in listing.content.decode()
    response = admin.post(
        reverse("admin:branches_deletedactivity_changelist"),
        {"action": "restore_selected", "_selected_action": [deleted.pk]},
        follow=True,
    )
    assert "已恢复 1 条记录" in response.content.decode()

    restored = Activity.objects.get(pk=activity.pk)
    after = list(
        Attendance.objects.filter(activity=restored).values_list(
            "member__name", "present", "absence_reason"
        )
    )
    assert after == before
    assert restored.agenda_items.get().decision == "通过"
    attachment = Attachment.objects.get(activity=restored)
    assert attachment.file.open("rb").read() == _png()
    # The record counts again, and its page says who restored it.
    body = (
        client_for(world.secretary_a)
        .get(reverse("branches:activity", args=[restored.pk]))
        .content.decode()
    )
    assert "从已删除记录恢复" in body
    deleted.refresh_from_db()
    assert deleted.restored_by == world.admin


def test_a_record_cannot_be_restored_twice(world, people, client_for):
    activity = _file_committee_meeting(world, people, absent=())
    client_for(world.secretary_a).post(reverse("branches:activity_delete", args=[activity.pk]))
    deleted = DeletedActivity.objects.get()
    restore_activity(deleted=deleted, actor=world.admin)
    with pytest.raises(ValidationError, match="已经恢复"):
        restore_activity(deleted=deleted, actor=world.admin)


def test_a_record_whose_member_was_deleted_since_is_not_half_restored(world, people, client_for):
    newcomer = member(world.branch_a, "赵刚")
    theme_day = file_activity(
        actor=world.secretary_a,
        organization=world.branch_a,
        kind=Activity.Kind.THEME_DAY,
        values={"date": datetime.date(2026, 11, 5), "topic": "主题党日", "status": "held"},
        filing=Filing(),
        today=TODAY,
    )
    client_for(world.secretary_a).post(reverse("branches:activity_delete", args=[theme_day.pk]))
    newcomer.delete()  # entered by mistake; nothing else refers to them now
    with pytest.raises(ValidationError, match="“赵刚”已从名册中删除"):
        restore_activity(deleted=DeletedActivity.objects.get(), actor=world.admin)
    assert not Activity.objects.filter(pk=theme_day.pk).exists()
    assert not Attendance.objects.filter(activity_id=theme_day.pk).exists()


def test_deleted_records_are_for_admins_only(world, people, client_for):
    response = client_for(world.secretary_a).get(
        reverse("admin:branches_deletedactivity_changelist")
    )
    # Her role lets her into /admin/ (the roster: branches.backends), not to deleted records.
    assert response.status_code == 403


# Session, user, role rows (2), organisations under the user's, the record with organisation,
# school, district, group, talker and talkee, attendance with members, agenda items, appraisals
# with members, attachments, the audit trail: the record's history with who saved it and its
# earlier versions (two), attendance history with members, with who changed it, and earlier
# versions (three); members' own confirmations (selfservice).
RECORD_PAGE_QUERIES = 16


def test_record_page_query_count_does_not_grow_with_its_history(
    world, people, client_for, django_assert_num_queries
):
    activity = _file_committee_meeting(world, people)
    _file_committee_meeting(world, people, absent=("张敏",), activity=activity, topic="改一次")
    client = client_for(world.secretary_a)
    url = reverse("branches:activity", args=[activity.pk])
    with django_assert_num_queries(RECORD_PAGE_QUERIES):
        get_ok(client, url)
    for round_ in range(4):
        absent = ("张敏",) if round_ % 2 else ("李强",)
        _file_committee_meeting(
            world, people, absent=absent, activity=activity, topic=f"第{round_}次修改"
        )
    client = client_for(world.secretary_a)
    with django_assert_num_queries(RECORD_PAGE_QUERIES):
        get_ok(client, url)


def test_purging_a_deleted_record_removes_its_files(
    world, people, client_for, media, django_capture_on_commit_callbacks
):
    activity = _file_committee_meeting(world, people)
    attachment = add_attachment(
        actor=world.secretary_a,
        activity=activity,
        upload=SimpleUploadedFile("签到表.png", _png(), content_type="image/png"),
    )
    path = attachment.file.path
    client_for(world.secretary_a).post(reverse("branches:activity_delete", args=[activity.pk]))
    deleted = DeletedActivity.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.admin).post(
            reverse("admin:branches_deletedactivity_delete", args=[deleted.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not DeletedActivity.objects.exists()
    assert not os.path.exists(path)


def test_saving_the_same_agenda_again_leaves_no_history_and_an_edit_is_one_change(world, people):
    def save(activity=None, decision="同意"):
        return file_activity(
            actor=world.secretary_a,
            organization=world.branch_a,
            kind="committee_meeting",
            values={"status": "held", "date": TODAY, "topic": "支委会"},
            filing=Filing(agenda=[AgendaEntry("确定主题党日内容", decision), AgendaEntry("其他")]),
            activity=activity,
            today=TODAY,
        )

    from branches.models import AgendaItem

    activity = save()
    first = list(activity.agenda_items.values_list("id", flat=True))
    save(Activity.objects.get(pk=activity.pk))
    assert AgendaItem.history.filter(activity_id=activity.pk).count() == 2  # created, no more
    save(Activity.objects.get(pk=activity.pk), decision="同意，由宣传委员负责")
    changed = AgendaItem.history.filter(activity_id=activity.pk, history_type="~").get()
    assert changed.decision == "同意，由宣传委员负责"
    assert list(activity.agenda_items.values_list("id", flat=True)) == first  # kept in place

"""Activity records: who is expected, quorums and votes, filing through the page, attachments."""

import datetime
import io
import os

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.models import (
    Activity,
    Attachment,
    Attendance,
    Committee,
    CommitteePost,
    Member,
    PartyGroup,
)
from branches.services.activities import AgendaEntry, Filing, file_activity
from branches.services.roster import record_movement
from tests import factories
from tests.clock import TODAY
from tests.factories import committee, member, record
from tests.utils import get_ok


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def branch(world):
    """Branch A with five full members, one probationary member and a committee of three."""
    org = world.branch_a
    people = {
        name: member(org, name, group=world.group_a if name in ("王芳", "李强") else None)
        for name in ("王芳", "李强", "张敏", "陈静", "刘洋")
    }
    people["申月娥"] = member(org, "申月娥", full=None, admitted=datetime.date(2025, 6, 1))
    committee(org, [people["王芳"], people["李强"], people["张敏"]])
    return people


def names(queryset):
    return sorted(m.name for m in queryset)


# -- who is expected ------------------------------------------------------------------------------


def test_branch_meetings_expect_every_party_member_including_probationary(world, branch):
    activity = record(world.branch_a, "general_meeting", datetime.date(2026, 3, 10))
    assert activity.attendances.count() == 6
    assert set(activity.attendances.values_list("member__name", flat=True)) == set(branch)


def test_group_meeting_expects_only_the_groups_members(world, branch):
    activity = record(world.branch_a, "group_meeting", group=world.group_a)
    assert names(m.member for m in activity.attendances.select_related("member")) == [
        "李强",
        "王芳",
    ]


def test_committee_meeting_expects_the_committee_in_office_on_that_day(world, branch):
    activity = record(world.branch_a, "committee_meeting")
    assert activity.attendances.count() == 3
    before_term = record(world.branch_a, "committee_meeting", datetime.date(2019, 5, 1))
    assert before_term.attendances.count() == 0


def test_a_member_elected_by_by_election_is_expected_from_that_day(world, branch):
    term = Committee.objects.get(organization=world.branch_a)
    CommitteePost.objects.create(
        committee=term,
        member=branch["陈静"],
        post="discipline",
        elected_on=datetime.date(2026, 4, 1),
    )
    before = record(world.branch_a, "committee_meeting", datetime.date(2026, 3, 20))
    after = record(world.branch_a, "committee_meeting", datetime.date(2026, 4, 20))
    assert (before.attendances.count(), after.attendances.count()) == (3, 4)


def test_appraisal_expects_full_members_only(world, branch):
    activity = record(world.branch_a, "appraisal")
    assert "申月娥" not in activity.attendances.values_list("member__name", flat=True)
    assert activity.attendances.count() == 5
    assert activity.appraisals.count() == 5  # everyone defaults to 合格


def test_member_transferred_out_is_expected_before_the_date_and_not_after(world, branch):
    record_movement(member=branch["刘洋"], kind="out", date=datetime.date(2026, 6, 1))
    before = record(world.branch_a, "theme_day", datetime.date(2026, 5, 20))
    after = record(world.branch_a, "theme_day", datetime.date(2026, 6, 20))
    assert "刘洋" in before.attendances.values_list("member__name", flat=True)
    assert "刘洋" not in after.attendances.values_list("member__name", flat=True)
    assert (before.attendances.count(), after.attendances.count()) == (6, 5)


def test_counts_are_derived_from_rows(world, branch):
    activity = record(
        world.branch_a,
        "theme_day",
        absences={branch["陈静"].id: "sick", branch["刘洋"].id: "personal"},
    )
    annotated = Activity.objects.with_counts().get(pk=activity.pk)
    assert (annotated.expected_count, annotated.present_count) == (6, 4)
    assert Attendance.objects.get(activity=activity, member=branch["陈静"]).absence_reason == "sick"


# -- votes and quorums ----------------------------------------------------------------------------


def _vote(world, kind, absent, votes_for, *, election=False, result="passed"):
    return file_activity(
        actor=None,
        organization=world.branch_a,
        kind=kind,
        values={"topic": "表决", "status": "held", "date": datetime.date(2026, 3, 10)},
        filing=Filing(
            absences={m.id: "personal" for m in absent},
            agenda=[
                AgendaEntry(
                    title="接收预备党员",
                    result=result,
                    is_election=election,
                    votes_for=votes_for,
                    votes_against=0,
                    votes_abstain=0,
                )
            ],
        ),
        today=TODAY,
    )


def test_general_meeting_vote_passes_with_majority_of_members_due(world, branch):
    # 5 full members due (the probationary member has no vote); 3 present, 3 for -> passes.
    activity = _vote(world, "general_meeting", [branch["陈静"], branch["刘洋"]], 3)
    assert activity.agenda_items.get().result == "passed"


def test_passed_vote_needs_more_than_half_of_those_due_not_of_those_present(world, branch):
    # 3 of 5 present, 2 for: a majority of those present, but not more than half of the 5 due.
    with pytest.raises(ValidationError) as error:
        _vote(world, "general_meeting", [branch["陈静"], branch["刘洋"]], 2)
    assert "未超过应到有表决权人数 5 的半数" in str(error.value)
    assert not Activity.objects.exists()  # nothing saved half-way


def test_vote_without_quorum_of_voting_members_is_refused(world, branch):
    absent = [branch["陈静"], branch["刘洋"], branch["张敏"]]
    with pytest.raises(ValidationError) as error:
        _vote(world, "general_meeting", absent, 2)
    assert "到会有表决权党员未超过半数" in str(error.value)


def test_probationary_members_do_not_count_as_voters(world, branch):
    # Absent: two full members. Present: 3 full + the probationary member = 4 of 6 people,
    # but only 3 of 5 voters; 3 votes for is enough, 4 votes cast is more than the voters present.
    with pytest.raises(ValidationError) as error:
        _vote(world, "general_meeting", [branch["陈静"], branch["刘洋"]], 4)
    assert "超过实到有表决权人数 3" in str(error.value)


def test_election_needs_more_than_four_fifths_present(world, branch):
    with pytest.raises(ValidationError) as error:
        _vote(world, "general_meeting", [branch["刘洋"]], 4, election=True)
    assert "五分之四" in str(error.value)
    activity = _vote(world, "general_meeting", [], 5, election=True)
    assert activity.agenda_items.get().is_election


@pytest.fixture
def ten_voters(world):
    """Branch A with ten full members (all with a vote) and one probationary member."""
    people = [member(world.branch_a, f"党员{i:02d}") for i in range(10)]
    member(world.branch_a, "预备甲", full=None, admitted=datetime.date(2025, 6, 1))
    return people


def test_election_at_exactly_four_fifths_attendance_is_refused(world, ten_voters):
    # 8 of 10 present is exactly 4/5, not more than 4/5.
    with pytest.raises(ValidationError) as error:
        _vote(world, "general_meeting", ten_voters[:2], 8, election=True)
    assert "超过五分之四" in str(error.value)
    assert not Activity.objects.exists()


def test_candidate_elected_with_more_than_half_of_voters_present(world, ten_voters):
    # 9 of 10 present; 5 votes for exceed half of the 9 present (not of the 10 due): elected.
    activity = _vote(world, "general_meeting", ten_voters[:1], 5, election=True)
    item = activity.agenda_items.get()
    assert (item.is_election, item.result, item.votes_for) == (True, "passed", 5)


def test_candidate_with_half_of_voters_present_is_not_elected(world, ten_voters):
    # All 10 present: 5 votes for are exactly half of those present, not more: not elected.
    with pytest.raises(ValidationError) as error:
        _vote(world, "general_meeting", [], 5, election=True)
    assert "未超过实到有表决权人数 10 的半数" in str(error.value)


def test_ordinary_motion_still_needs_half_of_those_due(world, ten_voters):
    # The same 5 of 9 present is not enough for an ordinary motion: half of the 10 due.
    with pytest.raises(ValidationError) as error:
        _vote(world, "general_meeting", ten_voters[:1], 5)
    assert "未超过应到有表决权人数 10 的半数" in str(error.value)


def test_committee_decision_needs_more_than_half_of_the_committee(world, branch):
    with pytest.raises(ValidationError) as error:
        _vote(world, "committee_meeting", [branch["李强"], branch["张敏"]], 1)
    assert "到会支委未超过半数" in str(error.value)
    assert _vote(world, "committee_meeting", [branch["张敏"]], 2).pk


def test_rejected_motion_may_be_recorded_with_few_votes_for(world, branch):
    activity = _vote(world, "general_meeting", [], 1, result="rejected")
    assert activity.agenda_items.get().get_result_display() == "未通过"


def test_votes_are_refused_on_kinds_that_do_not_vote(world, branch):
    with pytest.raises(ValidationError):
        _vote(world, "theme_day", [], 5)


def test_committee_meeting_without_quorum_is_saved_with_a_warning(world, branch, client_for):
    activity = record(
        world.branch_a,
        "committee_meeting",
        absences={branch["李强"].id: "sick", branch["张敏"].id: "official"},
    )
    body = (
        client_for(world.secretary_a)
        .get(reverse("branches:activity", args=[activity.pk]))
        .content.decode()
    )
    assert "到会支委未超过半数" in body


# -- filing through the page ---------------------------------------------------------------------


def _form_data(expected, **extra):
    data = {
        "status": "held",
        "date": TODAY.isoformat(),
        "start_time": "16:00",
        "place": "党员活动室",
        "host": "王芳",
        "recorder": "李强",
        "topic": "研究本月主题党日安排",
        "content": "",
        "listed": ",".join(str(m.id) for m in expected),
        "present": [str(m.id) for m in expected],
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "30",
        "agenda-0-title": "确定主题党日内容",
        "agenda-0-decision": "同意开展“学习二十届四中全会精神”主题党日",
    }
    data.update(extra)
    return data


def _committee_branch(world):
    """A committee of five, so that two absentees still leave a quorum."""
    people = [member(world.branch_a, n) for n in ("王芳", "李强", "张敏", "陈静", "刘洋")]
    committee(world.branch_a, people)
    return sorted(people, key=lambda p: p.name)


def test_secretary_files_committee_meeting_with_two_absentees(world, client_for):
    people = _committee_branch(world)
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "committee_meeting"])
    page = client.get(url).content.decode()
    assert page.count('class="form-check-input activity-present"') == 5
    assert page.count(" checked>") == 5  # everyone present by default
    present = [str(p.id) for p in people[2:]]
    data = _form_data(
        people,
        present=present,
        **{f"reason_{people[0].id}": "sick", f"reason_{people[1].id}": "official"},
    )
    response = client.post(url, data)
    assert response.status_code == 302
    activity = Activity.objects.with_counts().get()
    assert (activity.expected_count, activity.present_count) == (5, 3)
    assert activity.agenda_items.get().title == "确定主题党日内容"
    detail = client.get(response["Location"]).content.decode()
    assert "病假" in detail and "公假" in detail


def test_unticked_member_without_reason_is_asked_for_one_and_nothing_is_saved(world, client_for):
    people = _committee_branch(world)
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "committee_meeting"])
    data = _form_data(people, present=[str(p.id) for p in people[1:]])
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"请选择{people[0].name}的缺席原因" in response.content.decode()
    assert "党员活动室" in response.content.decode()  # the other fields stay filled
    assert not Activity.objects.exists()


def test_refused_vote_shows_reason_on_the_form(world, branch, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "general_meeting"])
    expected = sorted(branch.values(), key=lambda p: p.name)
    absent = [branch["陈静"], branch["刘洋"]]
    data = _form_data(
        expected,
        present=[str(p.id) for p in expected if p not in absent],
        **{f"reason_{p.id}": "personal" for p in absent},
        **{
            "agenda-0-result": "passed",
            "agenda-0-votes_for": "2",
            "agenda-0-votes_against": "1",
            "agenda-0-votes_abstain": "0",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "不能记为通过" in response.content.decode()
    assert not Activity.objects.exists()


def test_changing_the_date_recomputes_who_is_expected(world, branch, client_for):
    record_movement(member=branch["刘洋"], kind="out", date=datetime.date(2026, 6, 1))
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    expected_before = sorted(branch.values(), key=lambda p: p.name)
    data = _form_data(expected_before, date="2026-07-01")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "应到人员已按所选日期" in response.content.decode()
    assert not Activity.objects.exists()


def test_held_record_cannot_be_dated_in_the_future_but_a_plan_can(world, branch, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "lecture"])
    future = (TODAY + datetime.timedelta(days=10)).isoformat()
    expected = sorted(branch.values(), key=lambda p: p.name)
    response = client.post(url, _form_data(expected, date=future, lecturer="钱志林"))
    assert "不能晚于今天" in response.content.decode()
    response = client.post(
        url, _form_data(expected, date=future, lecturer="钱志林", status="planned")
    )
    assert response.status_code == 302
    plan = Activity.objects.get()
    assert plan.is_planned and plan.attendances.count() == 0


def test_planned_meeting_is_completed_later(world, branch, client_for):
    plan = record(world.branch_a, "lecture", TODAY, status="planned", lecturer="赵伟琴")
    client = client_for(world.secretary_a)
    page = client.get(reverse("branches:activity_edit", args=[plan.pk]) + "?complete=1")
    assert page.status_code == 200
    expected = sorted(branch.values(), key=lambda p: p.name)
    data = _form_data(expected, date=TODAY.isoformat(), lecturer="赵伟琴")
    data["lock_version"] = plan.lock_version
    response = client.post(reverse("branches:activity_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_held and plan.attendances.count() == 6


def test_copy_from_last_record_prefills_place_and_agenda(world, branch, client_for):
    record(world.branch_a, "committee_meeting", place="三楼会议室", host="王芳", recorder="李强")
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "committee_meeting"])
    body = client.get(url + "?copy=1").content.decode()
    assert 'value="三楼会议室"' in body and 'value="李强"' in body


@pytest.mark.parametrize("query", ["?copy=1&plan=1", "?copy=zzz", "?plan=%00", "?date=not-a-date"])
def test_odd_query_strings_do_not_break_the_form(world, branch, client_for, query):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    assert client.get(url + query).status_code == 200


def test_unknown_kind_is_404(world, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "party"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "field,value",
    [("date", "2026-02-30"), ("date", "1800-01-01"), ("start_time", "25:00"), ("hours", "-1")],
)
def test_bad_input_gives_a_message_not_a_500(world, branch, client_for, field, value):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "study"])
    expected = sorted(branch.values(), key=lambda p: p.name)
    response = client.post(url, _form_data(expected, **{field: value}))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Activity.objects.exists()


def test_garbage_member_ids_are_rejected_politely(world, branch, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    expected = sorted(branch.values(), key=lambda p: p.name)
    response = client.post(url, _form_data(expected, present=["abc", "999999"], listed="x,y"))
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_talk_records_the_pair(world, branch, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "talk"])
    data = _form_data(
        [],
        talker=str(branch["王芳"].id),
        talkee=str(branch["申月娥"].id),
        topic="",
        listed="",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    talk = Activity.objects.get()
    assert (talk.talker.name, talk.talkee.name) == ("王芳", "申月娥")
    assert talk.attendances.count() == 2


def test_talk_edit_page_opens_with_the_pair_selected(world, branch, client_for):
    talk = record(world.branch_a, "talk", talker=branch["王芳"], talkee=branch["申月娥"])
    page = client_for(world.secretary_a).get(reverse("branches:activity_edit", args=[talk.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert f'<option value="{branch["王芳"].id}" selected>' in body
    assert f'<option value="{branch["申月娥"].id}" selected>' in body


def test_talk_dated_before_either_person_was_on_the_roster_is_refused(world, branch, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "talk"])
    data = _form_data(
        [], talker=str(branch["王芳"].id), talkee=str(branch["申月娥"].id), topic="", listed=""
    )
    data["date"] = "1999-01-01"  # a mistyped year: neither was a party member then
    response = client.post(url, data)
    assert response.status_code == 200
    assert "都须在本支部名册中" in response.content.decode()
    assert not Activity.objects.exists()


def test_appraisal_records_grades_per_member(world, branch, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "appraisal"])
    full = sorted((p for n, p in branch.items() if n != "申月娥"), key=lambda p: p.name)
    grades = {f"grade_{p.id}": "qualified" for p in full}
    grades[f"grade_{branch['王芳'].id}"] = "excellent"
    response = client.post(url, _form_data(full, **grades))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.appraisals.get(member=branch["王芳"]).get_grade_display() == "优秀"
    assert activity.appraisals.filter(grade="qualified").count() == 4


# -- attachments ---------------------------------------------------------------------------------


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_photo_upload_is_stored_and_served_only_to_readers(world, branch, client_for, media):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    expected = sorted(branch.values(), key=lambda p: p.name)
    photo = SimpleUploadedFile("合影.png", _png(), content_type="image/png")
    response = client.post(url, {**_form_data(expected), "uploads": [photo]})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    assert str(media) in attachment.file.path
    download = reverse("branches:attachment", args=[attachment.pk])
    assert client.get(download).status_code == 200
    assert client_for(world.secretary_b).get(download).status_code == 404
    assert client_for(world.reviewer_d1).get(download).status_code == 200


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("photo.jpg", b"MZ\x90\x00 this is an exe", "不是 JPEG"),
        ("photo.png", b"\x89PNG\r\n\x1a\n broken", "图片已损坏"),
        ("scan.pdf", b"<html>not a pdf</html>", "不是 JPEG"),
    ],
)
def test_bad_file_gets_a_message_and_the_form_keeps_its_fields(
    world, branch, client_for, media, name, content, message
):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    expected = sorted(branch.values(), key=lambda p: p.name)
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post(url, {**_form_data(expected), "uploads": [upload]})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "研究本月主题党日安排" in body
    assert not Activity.objects.exists() and not Attachment.objects.exists()


def test_too_large_file_is_refused(world, branch, client_for, media, settings):
    from branches.forms import activities as forms_activities

    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    expected = sorted(branch.values(), key=lambda p: p.name)
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * forms_activities.MAX_UPLOAD_BYTES, "application/pdf"
    )
    response = client.post(url, {**_form_data(expected), "uploads": [big]})
    assert "超过 10 MB" in response.content.decode()


def test_missing_attachment_file_is_404_not_500(world, client_for, media):
    pk = factories.attachment(record(world.branch_a)).pk
    Attachment.objects.get(pk=pk).file.delete(save=False)
    response = client_for(world.secretary_a).get(reverse("branches:attachment", args=[pk]))
    assert response.status_code == 404


# -- reviewers read, never edit ------------------------------------------------------------------


def test_reviewer_reads_record_without_edit_buttons(world, branch, client_for):
    activity = record(world.branch_a)
    body = (
        client_for(world.reviewer_d1)
        .get(reverse("branches:activity", args=[activity.pk]))
        .content.decode()
    )
    assert "只读" in body
    assert reverse("branches:activity_edit", args=[activity.pk]) not in body


def test_reviewer_cannot_post_to_edit_url(world, branch, client_for):
    activity = record(world.branch_a)
    response = client_for(world.reviewer_d1).post(
        reverse("branches:activity_edit", args=[activity.pk]), {"topic": "改"}
    )
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.topic == "学习新修订的党章"


# -- query counts --------------------------------------------------------------------------------


# Session, user, role rows (2), organisations under the user's, the record with organisation,
# school, district, group, talker and talkee, attendance with members, agenda items, appraisals
# with members, attachments, the audit trail (the record's history with who saved it, its earlier
# versions, attendance history with members and with who changed it), members' own confirmations
# (selfservice, through branches/record_panels.py).
RECORD_PAGE_QUERIES = 15


def test_record_page_query_count_does_not_grow(world, client_for, media, django_assert_num_queries):
    people = [member(world.branch_a, f"党员{i}") for i in range(2)]
    few_record = record(world.branch_a, "committee_meeting", absences={people[0].id: "sick"})
    client = client_for(world.secretary_a)
    with django_assert_num_queries(RECORD_PAGE_QUERIES):
        get_ok(client, reverse("branches:activity", args=[few_record.pk]))
    people += [member(world.branch_a, f"新党员{i}") for i in range(8)]
    committee(world.branch_a, people)
    many_record = record(
        world.branch_a, "general_meeting", absences={p.id: "sick" for p in people[:4]}
    )
    factories.attachment(record(world.branch_a))
    client = client_for(world.secretary_a)
    with django_assert_num_queries(RECORD_PAGE_QUERIES):
        get_ok(client, reverse("branches:activity", args=[many_record.pk]))


# Session, user, role rows (2), organisations under the user's, the organisation, the members
# expected (the roster as of the day), the last held record of the kind (to copy), a plan of
# the kind in the month of the date (offered to complete), the secretary in office (default
# host), the latest records' recorders and places (defaults and suggestions).
FILING_FORM_QUERIES = 11


def test_filing_form_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "appraisal"])
    member(world.branch_a, "甲")
    client = client_for(world.secretary_a)
    with django_assert_num_queries(FILING_FORM_QUERIES):
        get_ok(client, url)
    for i in range(10):
        member(world.branch_a, f"党员{i}")
    record(world.branch_a, "appraisal")
    client = client_for(world.secretary_a)
    with django_assert_num_queries(FILING_FORM_QUERIES):
        get_ok(client, url)


def test_choose_page_lists_every_kind(world, client_for):
    body = (
        client_for(world.secretary_a)
        .get(reverse("branches:activity_choose", args=[world.branch_a.pk]))
        .content.decode()
    )
    for label in ("支部党员大会", "支部委员会会议", "党小组会", "民主评议党员", "志愿服务"):
        assert label in body


def test_study_without_hours_is_saved_with_a_warning(world, branch, client_for):
    activity = record(world.branch_a, "study", topic="集中学习")
    body = (
        client_for(world.secretary_a)
        .get(reverse("branches:activity", args=[activity.pk]))
        .content.decode()
    )
    assert "不计入个人学时统计" in body


def test_editing_a_record_keeps_its_absentees_unticked(world, branch, client_for):
    activity = record(world.branch_a, "theme_day", absences={branch["陈静"].id: "sick"})
    body = (
        client_for(world.secretary_a)
        .get(reverse("branches:activity_edit", args=[activity.pk]))
        .content.decode()
    )
    assert body.count(" checked>") == 5
    assert 'value="sick" selected' in body


def test_group_meeting_checklist_follows_the_chosen_group(world, branch, client_for):
    from tests import factories

    other = factories.PartyGroupFactory(organization=world.branch_a, name="第二党小组")
    member(world.branch_a, "赵磊", group=other)
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "group_meeting"])
    group_a = [branch["李强"], branch["王芳"]]
    data = _form_data(group_a, group=str(other.pk))
    response = client.post(url, data)
    assert "应到人员已按所选日期和对象重新计算" in response.content.decode()
    data = _form_data(group_a, group=str(world.group_a.pk))
    assert client.post(url, data).status_code == 302
    assert Activity.objects.get().attendances.count() == 2


@pytest.mark.parametrize("kind", [k.value for k in Activity.Kind])
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "??", "date": "x", "present": ["1", "x"], "agenda-TOTAL_FORMS": "x"},
        {"status": "held", "date": "2026-01-01", "topic": "t" * 500, "talker": "x", "group": "0"},
        {"agenda-TOTAL_FORMS": "999", "agenda-INITIAL_FORMS": "0", "agenda-0-votes_for": "-5"},
    ],
    ids=["empty", "garbage", "too-long", "agenda-flood"],
)
def test_no_post_to_any_kind_gives_a_500(world, branch, client_for, kind, data):
    url = reverse("branches:activity_create", args=[world.branch_a.pk, kind])
    response = client_for(world.secretary_a).post(url, data)
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_attendance_list_reloads_for_a_new_date_without_posting(world, branch, client_for):
    # The date and group inputs ask (htmx) for the page again with the new values; the
    # attendance block of that page is computed from the roster of the new date.
    record_movement(member=branch["刘洋"], kind="out", date=datetime.date(2026, 6, 1))
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    page = client.get(url).content.decode()
    assert 'hx-get="' + url + '"' in page and 'id="attendance"' in page
    before = client.get(url + "?date=2026-05-01").content.decode()
    after = client.get(url + "?date=2026-07-01").content.decode()
    assert "刘洋" in before.split('id="attendance"')[1]
    assert "刘洋" not in after.split('id="attendance"')[1].split("</ul>")[0]


def _attendance(body):
    """{name: (ticked, reason)} of the attendance list of a filing page, and the page's notice of
    who dropped out / came in ("" when there is none)."""
    doc = lxml.html.fromstring(body)
    block = doc.get_element_by_id("attendance")
    rows = {}
    for item in block.find_class("activity-attendee"):
        box = item.find_class("activity-present")[0]
        reason = item.xpath(".//select[starts-with(@name, 'reason_')]")
        rows[item.text_content().split()[0]] = (
            "checked" in box.attrib,
            reason[0].value if reason else None,
        )
    notices = block.find_class("activity-roster-change")
    notice = " ".join(" ".join(n.text_content().split()) for n in notices)
    return rows, notice, block.xpath(".//input[@name='listed']")[0].value


def _shown(expected, absences, **extra):
    """The query an htmx reload sends: the new date or group, and the attendance as shown."""
    return {
        "listed": ",".join(str(m.id) for m in expected),
        "present": [str(m.id) for m in expected if m not in absences],
        **{f"reason_{m.id}": reason for m, reason in absences.items()},
        **extra,
    }


@pytest.fixture
def moved(world, branch):
    """刘洋 transferred out on 2026-06-01; 赵新 transferred in on 2026-06-10."""
    record_movement(member=branch["刘洋"], kind="out", date=datetime.date(2026, 6, 1))
    branch["赵新"] = member(world.branch_a, "赵新", joined_on=datetime.date(2026, 6, 10))
    return branch


def test_changing_the_date_keeps_each_persons_attendance_and_names_who_left_and_came(
    world, moved, client_for
):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    before = [p for n, p in sorted(moved.items()) if n != "赵新"]  # listed on 2026-05-20
    absences = {moved["张敏"]: "sick", moved["陈静"]: "personal", moved["刘洋"]: "official"}
    page = client.get(url, _shown(before, absences, date="2026-07-01"), HTTP_HX_REQUEST="true")
    rows, notice, listed = _attendance(page.content.decode())
    assert rows["张敏"] == (False, "sick") and rows["陈静"] == (False, "personal")
    assert rows["王芳"] == (True, "") and rows["申月娥"] == (True, "")
    assert "刘洋" not in rows and rows["赵新"] == (True, "")  # a newcomer is present by default
    assert "按新日期，以下人员不在应到名单：刘洋" in notice and "新增应到" in notice
    assert "赵新" in notice
    assert set(listed.split(",")) == {str(p.id) for n, p in moved.items() if n != "刘洋"}


def test_edit_page_reloaded_for_a_new_date_keeps_the_ticks_shown_not_the_saved_ones(
    world, moved, client_for
):
    activity = record(world.branch_a, "theme_day", datetime.date(2026, 5, 20))
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_edit", args=[activity.pk])
    before = [p for n, p in sorted(moved.items()) if n != "赵新"]
    page = client.get(url, _shown(before, {moved["李强"]: "official"}, date="2026-05-25"))
    rows, notice, _listed = _attendance(page.content.decode())
    assert rows["李强"] == (False, "official") and rows["刘洋"] == (True, "")
    assert notice == ""  # the same people are expected on both days


def test_changing_the_group_of_a_group_meeting_names_both_lists(world, branch, client_for):
    other = PartyGroup.objects.create(organization=world.branch_a, name="第二党小组")
    for name in ("张敏", "陈静"):
        Member.objects.filter(pk=branch[name].pk).update(group=other)
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "group_meeting"])
    first = [branch["李强"], branch["王芳"]]
    shown = _shown(first, {branch["李强"]: "sick"}, group=str(other.pk))
    rows, notice, _listed = _attendance(client.get(url, shown).content.decode())
    assert set(rows) == {"张敏", "陈静"} and all(row == (True, "") for row in rows.values())
    assert "按新的日期和党小组，以下人员不在应到名单：李强、王芳" in notice
    assert "新增应到" in notice and "张敏、陈静" in notice


def test_appraisal_grades_are_kept_when_the_date_changes(world, branch, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "appraisal"])
    full = sorted((p for n, p in branch.items() if n != "申月娥"), key=lambda p: p.name)
    shown = _shown(full, {}, date="2026-10-01", **{f"grade_{branch['陈静'].id}": "excellent"})
    doc = lxml.html.fromstring(client.get(url, shown).content.decode())
    assert doc.get_element_by_id(f"id_grade_{branch['陈静'].id}").value == "excellent"
    assert doc.get_element_by_id(f"id_grade_{branch['王芳'].id}").value == "qualified"


def test_a_save_with_an_outdated_list_is_refused_keeping_what_was_typed(world, moved, client_for):
    # The date was changed without the list being reloaded (say, scripts were off): the page
    # comes back with the absences typed so far, and who left and came; nothing is saved.
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    before = [p for n, p in sorted(moved.items()) if n != "赵新"]
    shown = _shown(before, {moved["张敏"]: "sick", moved["陈静"]: "personal"})
    response = client.post(url, _form_data(before, date="2026-07-01", **shown))
    assert response.status_code == 200 and not Activity.objects.exists()
    body = response.content.decode()
    assert "应到人员已按所选日期和对象重新计算" in body
    rows, notice, listed = _attendance(body)
    assert rows["张敏"] == (False, "sick") and rows["赵新"] == (True, "")
    assert "不在应到名单：刘洋" in notice
    # Saving the page as shown now files those two absences.
    now = [p for n, p in sorted(moved.items()) if n != "刘洋"]
    again = _form_data(
        now, date="2026-07-01", **_shown(now, {moved["张敏"]: "sick", moved["陈静"]: "personal"})
    )
    assert again["listed"] == listed
    assert client.post(url, again).status_code == 302
    absent = Attendance.objects.filter(present=False).values_list("member__name", "absence_reason")
    assert sorted(absent) == [("张敏", "sick"), ("陈静", "personal")]


def test_deleting_a_record_removes_its_rows_and_keeps_files_for_a_restore(
    world, branch, client_for, media, django_capture_on_commit_callbacks
):
    attachment = Attachment.objects.get(pk=factories.attachment(record(world.branch_a)).pk)
    path = attachment.file.path
    client = client_for(world.secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("branches:activity_delete", args=[attachment.activity_id]))
    assert response.status_code == 302
    assert not Activity.objects.exists() and not Attendance.objects.exists()
    # The file waits until an admin purges the deleted record (test_activity_audit.py).
    assert os.path.exists(path)


def test_get_on_delete_url_changes_nothing(world, branch, client_for):
    activity = record(world.branch_a)
    response = client_for(world.secretary_a).get(
        reverse("branches:activity_delete", args=[activity.pk])
    )
    assert response.status_code == 405
    assert Activity.objects.filter(pk=activity.pk).exists()


# -- to-do links, copying the last held record, completing a plan ---------------------------------


def test_each_group_meeting_todo_opens_the_form_for_that_group(world, branch, client_for):
    second = factories.PartyGroupFactory(organization=world.branch_a, name="第二党小组")
    record(
        world.branch_a,
        "group_meeting",
        TODAY.replace(day=1) - datetime.timedelta(days=20),
        group=world.group_a,
        place="一组活动室",
    )
    record(
        world.branch_a,
        "group_meeting",
        TODAY.replace(day=1) - datetime.timedelta(days=10),
        group=second,
        place="二组活动室",
    )
    client = client_for(world.secretary_a)
    body = client.get(reverse("home")).content.decode()
    base = reverse("branches:activity_create", args=[world.branch_a.pk, "group_meeting"])
    first_link = f"{base}?group={world.group_a.pk}&amp;copy=1"
    second_link = f"{base}?group={second.pk}&amp;copy=1"
    assert first_link in body and second_link in body
    form = client.get(f"{base}?group={world.group_a.pk}&copy=1").context["form"]
    assert str(form["group"].value()) == str(world.group_a.pk)
    assert form["place"].value() == "一组活动室"  # that group's last record, not the other's
    form = client.get(f"{base}?group={second.pk}&copy=1").context["form"]
    assert (str(form["group"].value()), form["place"].value()) == (str(second.pk), "二组活动室")


def test_copy_takes_the_last_held_record_never_a_plan(world, branch, client_for):
    record(world.branch_a, "theme_day", datetime.date(2026, 3, 10), place="党员活动室")
    record(
        world.branch_a, "theme_day", datetime.date(2026, 4, 10), status="planned", place="计划地点"
    )
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    response = client_for(world.secretary_a).get(url + "?copy=1")
    assert response.context["form"]["place"].value() == "党员活动室"
    assert "复制上次记录（2026-03-10）" in response.content.decode()


def test_filing_a_held_record_offers_to_complete_the_plan_of_that_month(world, branch, client_for):
    plan = record(world.branch_a, "theme_day", TODAY, status="planned", topic="参观红色教育基地")
    client = client_for(world.secretary_a)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    page = client.get(url).content.decode()
    complete = reverse("branches:activity_edit", args=[plan.pk]) + "?complete=1"
    assert "参观红色教育基地" in page and complete in page
    expected = sorted(branch.values(), key=lambda p: p.name)
    response = client.post(url, _form_data(expected))
    assert response.status_code == 200
    assert complete in response.content.decode()
    assert Activity.objects.count() == 1  # nothing filed yet: the plan is offered first
    response = client.post(url, _form_data(expected, despite_plan="1"))
    assert response.status_code == 302
    assert Activity.objects.count() == 2

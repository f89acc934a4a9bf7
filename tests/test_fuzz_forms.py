"""Bad input never breaks anything: every form and filter of the portal, fed random input.

Each example posts through the real view as the right role (so validation, services and
transactions run) and checks that
- no exception escapes (the test client re-raises it: that would be a 500),
- an invalid submission saves nothing at all (row counts of every affected model and the files
  under MEDIA_ROOT are unchanged, an edited object keeps its values),
- a valid one is saved whole, and the pages that show it afterwards (detail, lists, exports)
  still render.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from branches.models import (
    Activity,
    AgendaItem,
    AppraisalResult,
    Attachment,
    Attendance,
    Committee,
    CommitteePost,
    Honour,
    Member,
    Movement,
)
from dues.models import DuesBase, Payment, Reduction, Remittance
from projects.models import Milestone, Project, ProjectHonour, ProjectRecord
from reports.models import Report, ReviewComment
from reports.services.reports import submit_report
from tests.factories import committee, make_report, member, record
from tests.fuzz import FEW, FUZZ, text
from tests.projects.helpers import project_of

# -- strategies ------------------------------------------------------------------------------------

bad_dates = st.sampled_from(
    [
        "0001-01-01",
        "0000-01-01",
        "9999-12-31",
        "10000-01-01",
        "2026-02-30",
        "2026-13-01",
        "1900-02-29",
        "-2026-01-01",
        "２０２６-０１-０１",
        "2026/1/1",
        "1/1/2026",
        "2026-01-01T00:00",
        "2026-01-01\x00",
        "99999999999",
        "",
    ]
)
date_value = st.one_of(
    bad_dates,
    st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(str),
    st.dates(datetime.date(1990, 1, 1), datetime.date(2026, 11, 1)).map(str),
    text,
)
number = st.one_of(
    st.sampled_from(
        ["-1", "-0", "0", "0.5", "1e309", "-1e309", "NaN", "nan", "inf", "-Infinity", "1,5", "１２"]
    ),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    text,
)
value = st.one_of(text, date_value, number)


def fuzzed(base, strategies):
    """A strategy of POST dicts: the valid `base` with some fields replaced by junk, some left
    out and some sent twice."""

    @st.composite
    def build(draw):
        data = dict(base)
        for name in draw(st.sets(st.sampled_from(sorted(strategies)), max_size=4)):
            data[name] = draw(strategies[name])
        for name in draw(st.sets(st.sampled_from(sorted(data)), max_size=2)):
            del data[name]
        for name in draw(st.sets(st.sampled_from(sorted(data) or ["x"]), max_size=1)):
            if name in data:
                data[name] = [data[name], draw(value)]
        return data

    return build()


# -- bookkeeping -----------------------------------------------------------------------------------

MODELS = (
    Member,
    Movement,
    Committee,
    CommitteePost,
    Honour,
    Activity,
    Attendance,
    AgendaItem,
    AppraisalResult,
    Attachment,
    Report,
    ReviewComment,
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def snapshot(media_root=None):
    counts = {model.__name__: model.objects.count() for model in MODELS}
    if media_root is not None:
        counts["files"] = sorted(str(p) for p in media_root.rglob("*") if p.is_file())
    return counts


def fields_of(obj):
    obj.refresh_from_db()
    return model_to_dict(obj)


def check(response):
    """The view answered (a page with errors, a redirect, a refusal) rather than crashing."""
    assert response.status_code < 500
    return response.status_code


def render_after(client, *urls):
    for url in urls:
        check(client.get(url))


# -- the cast --------------------------------------------------------------------------------------


@pytest.fixture
def branch(world):
    """Branch A with four full members (three on the committee), one probationary member."""
    org = world.branch_a
    people = [
        member(org, name, group=world.group_a if name in ("王芳", "李强") else None)
        for name in ("王芳", "李强", "张敏", "陈静")
    ]
    people.append(member(org, "申月娥", full=None, admitted=datetime.date(2025, 6, 1)))
    committee(org, people[:3], start=datetime.date(2024, 1, 1))
    return people


@pytest.fixture
def secretary(world, client_for, branch, media):
    return client_for(world.secretary_a)


# -- members, movements, committees, honours -------------------------------------------------------

MEMBER_BASE = {
    "name": "赵新",
    "gender": "M",
    "ethnicity": "汉族",
    "birth_date": "1985-04-02",
    "education": "bachelor",
    "work_unit": "龙虎塘第二实验小学",
    "post": "语文教师",
    "phone": "13812345678",
    "id_number": "",
    "group": "",
    "application_date": "2005-03-01",
    "activist_date": "2005-09-01",
    "candidate_date": "2006-03-01",
    "admission_date": "2006-07-01",
    "full_date": "2007-07-01",
    "probation_extension_months": "0",
    "notes": "",
    "joined_on": "",
    "joined_from": "",
}
MEMBER_JUNK = {
    **dict.fromkeys(
        ["name", "ethnicity", "work_unit", "post", "phone", "id_number", "notes", "joined_from"],
        text,
    ),
    **dict.fromkeys(
        [
            "birth_date",
            "application_date",
            "activist_date",
            "candidate_date",
            "admission_date",
            "full_date",
            "joined_on",
        ],
        date_value,
    ),
    "gender": st.one_of(st.sampled_from(["M", "F", "X", "男"]), text),
    "education": st.one_of(st.sampled_from(["bachelor", "phd"]), text),
    "group": st.one_of(st.sampled_from(["-1", "999999", "1.5"]), number),
    "probation_extension_months": number,
    "is_delegate": value,
}


@FUZZ
@given(data=fuzzed(MEMBER_BASE, MEMBER_JUNK))
def test_member_create_survives_any_input(world, secretary, media, data):
    before = snapshot(media)
    url = reverse("branches:member_create", args=[world.branch_a.pk])
    if check(secretary.post(url, data)) == 302:
        created = Member.objects.latest("pk")
        assert created.name == data["name"].strip() if isinstance(data["name"], str) else True
        render_after(
            secretary,
            reverse("branches:member", args=[created.pk]),
            reverse("branches:members", args=[world.branch_a.pk]) + "?status=all",
            reverse("branches:members_export", args=[world.branch_a.pk]),
        )
        Member.objects.filter(pk=created.pk).delete()
        Movement.objects.filter(member_id=created.pk).delete()
    assert snapshot(media) == before


@FUZZ
@given(data=fuzzed(MEMBER_BASE, MEMBER_JUNK))
def test_member_edit_survives_any_input_and_changes_nothing_when_refused(
    world, secretary, branch, data
):
    person = branch[3]
    old, before = fields_of(person), snapshot()
    url = reverse("branches:member_edit", args=[person.pk])
    status = check(secretary.post(url, data))
    if status == 302:
        render_after(
            secretary,
            reverse("branches:member", args=[person.pk]),
            reverse("branches:members_export", args=[world.branch_a.pk]),
        )
        Member.objects.filter(pk=person.pk).update(**{k: v for k, v in old.items() if k != "group"})
    else:
        assert fields_of(person) == old
    assert snapshot() == before


MOVEMENT_JUNK = {
    "kind": st.one_of(st.sampled_from(["in", "out", "death", "other", "nope"]), text),
    "date": date_value,
    "reason": text,
}


@FUZZ
@given(data=fuzzed({"kind": "out", "date": "2026-06-01", "reason": "调往外区"}, MOVEMENT_JUNK))
def test_movement_survives_any_input_and_is_all_or_nothing(world, secretary, branch, data):
    person = branch[3]
    old, before = fields_of(person), snapshot()
    response = secretary.post(reverse("branches:movement_create", args=[person.pk]), data)
    if check(response) == 302:
        assert Movement.objects.count() == before["Movement"] + 1
        render_after(secretary, reverse("branches:member", args=[person.pk]))
        Movement.objects.filter(member=person).delete()
        Member.objects.filter(pk=person.pk).update(joined_on=None, left_on=None)
    else:
        assert snapshot() == before
        assert fields_of(person) == old


def committee_base(people):
    return {
        "term_start": "2026-01-05",
        "term_end": "",
        "ended_on": "",
        "post_secretary": str(people[0].pk),
        "post_deputy": "",
        "post_organization": str(people[1].pk),
        "post_propaganda": "",
        "post_discipline": "",
        "post_other": [str(people[2].pk)],
    }


def committee_junk(people):
    ids = st.sampled_from([str(p.pk) for p in people] + ["0", "-1", "abc", "99999999999999999999"])
    return {
        "term_start": date_value,
        "term_end": date_value,
        "ended_on": date_value,
        "post_secretary": st.one_of(ids, text),
        "post_deputy": ids,
        "post_organization": ids,
        "post_other": st.one_of(st.lists(ids, max_size=5), text),
    }


@pytest.mark.parametrize("editing", [False, True], ids=["create", "edit"])
def test_committee_form_survives_any_input(editing, world, secretary, branch):
    term = Committee.objects.get(organization=world.branch_a)
    if editing:
        url = reverse("branches:committee_edit", args=[term.pk])
    else:
        url = reverse("branches:committee_create", args=[world.branch_a.pk])

    @FUZZ
    @given(data=fuzzed(committee_base(branch), committee_junk(branch)))
    def run(data):
        old_posts = sorted(term.posts.values_list("member_id", "post"))
        old, before = fields_of(term), snapshot()
        if check(secretary.post(url, data)) == 302:
            saved = term if editing else Committee.objects.latest("pk")
            assert saved.posts.filter(post="secretary").count() == 1  # posts saved with the term
            render_after(secretary, reverse("branches:committees", args=[world.branch_a.pk]))
            if editing:
                term.posts.all().delete()
                for member_id, post in old_posts:
                    CommitteePost.objects.create(committee=term, member_id=member_id, post=post)
                Committee.objects.filter(pk=term.pk).update(**old)
            else:
                saved.delete()
        else:
            assert fields_of(term) == old
            assert sorted(term.posts.values_list("member_id", "post")) == old_posts
        assert snapshot() == before

    run()


HONOUR_BASE = {
    "recipient": "organization",
    "member": "",
    "title": "先进基层党组织",
    "level": "district",
    "year": "2021",
    "awarded_by": "区委教育工委",
    "notes": "",
}
HONOUR_JUNK = {
    "recipient": st.one_of(st.sampled_from(["organization", "member", "x"]), text),
    "member": number,
    "title": text,
    "level": st.one_of(st.sampled_from(["district", "national", "galaxy"]), text),
    "year": number,
    "awarded_by": text,
    "notes": text,
}


@pytest.mark.parametrize("editing", [False, True], ids=["create", "edit"])
def test_honour_form_survives_any_input(editing, world, secretary, branch):
    honour = Honour.objects.create(organization=world.branch_a, **{**HONOUR_BASE, "member": None})
    if editing:
        url = reverse("branches:honour_edit", args=[honour.pk])
    else:
        url = reverse("branches:honour_create", args=[world.branch_a.pk])

    @FUZZ
    @given(data=fuzzed(HONOUR_BASE, HONOUR_JUNK))
    def run(data):
        old, before = fields_of(honour), snapshot()
        if check(secretary.post(url, data)) == 302:
            render_after(secretary, reverse("branches:honours", args=[world.branch_a.pk]))
            if editing:
                Honour.objects.filter(pk=honour.pk).update(**{**old, "member": None})
            else:
                Honour.objects.exclude(pk=honour.pk).delete()
        else:
            assert fields_of(honour) == old
        assert snapshot() == before

    run()


# -- activity records ------------------------------------------------------------------------------

ACTIVITY_COMMON = {
    "status": "held",
    "date": "2026-03-10",
    "start_time": "14:30",
    "place": "会议室",
    "host": "王芳",
    "recorder": "李强",
    "topic": "学习党章",
    "content": "",
}


def activity_base(kind, people, expected):
    data = dict(ACTIVITY_COMMON)
    absent = expected[-1]
    data["listed"] = ",".join(str(p.pk) for p in expected)
    data["present"] = [str(p.pk) for p in expected if p != absent]
    data[f"reason_{absent.pk}"] = "sick"
    if kind in ("general_meeting", "committee_meeting", "theme_day", "appraisal"):
        data.update(
            {
                "agenda-TOTAL_FORMS": "2",
                "agenda-INITIAL_FORMS": "0",
                "agenda-MIN_NUM_FORMS": "0",
                "agenda-MAX_NUM_FORMS": "30",
                "agenda-0-title": "讨论发展对象",
                "agenda-0-decision": "同意",
                "agenda-0-result": "passed",
                "agenda-0-votes_for": "2",
                "agenda-0-votes_against": "0",
                "agenda-0-votes_abstain": "0",
            }
        )
    if kind == "appraisal":
        data.update({f"grade_{p.pk}": "excellent" for p in expected})
    if kind == "talk":
        data.update({"talker": str(people[0].pk), "talkee": str(people[3].pk)})
        for name in ("listed", "present", f"reason_{absent.pk}"):
            data.pop(name)
    if kind in ("study", "volunteer"):
        data.update({"end_date": "2026-03-11", "hours": "3.5", f"hours_{expected[0].pk}": "2"})
    return data


def activity_junk(kind, people, expected):
    ids = st.sampled_from([str(p.pk) for p in people] + ["0", "-1", "x", "1" * 30])
    junk = dict.fromkeys(("place", "host", "recorder", "topic", "content"), text)
    junk.update(
        {
            "status": st.one_of(st.sampled_from(["held", "planned", "cancelled"]), text),
            "date": date_value,
            "start_time": st.one_of(st.sampled_from(["25:00", "12:60", "-1:00", "noon"]), text),
            "listed": st.one_of(
                st.lists(ids, max_size=6).map(",".join), st.just(",".join([str(people[0].pk)]))
            ),
            "present": st.one_of(st.lists(ids, max_size=6), text),
            f"reason_{expected[-1].pk}": st.one_of(st.sampled_from(["sick", "x", ""]), text),
            "agenda-TOTAL_FORMS": st.one_of(st.sampled_from(["-1", "31", "1000", "2"]), number),
            "agenda-0-title": text,
            "agenda-0-decision": text,
            "agenda-0-result": st.one_of(st.sampled_from(["passed", "failed", "?"]), text),
            "agenda-0-is_election": value,
            "agenda-0-votes_for": number,
            "agenda-0-votes_against": number,
            "agenda-1-title": text,
            "agenda-1-votes_for": number,
            f"grade_{expected[0].pk}": st.one_of(st.sampled_from(["excellent", "bad"]), text),
            "talker": ids,
            "talkee": ids,
            "end_date": date_value,
            "hours": number,
            f"hours_{expected[0].pk}": number,
            "lecturer": text,
            "group": number,
        }
    )
    return junk


KINDS = ["committee_meeting", "general_meeting", "appraisal", "talk", "study", "volunteer"]


def expected_for(kind, people):
    if kind == "committee_meeting":
        return people[:3]
    if kind == "appraisal":
        return people[:4]
    return people


@pytest.mark.parametrize("kind", KINDS)
def test_activity_filing_survives_any_input_and_is_all_or_nothing(kind, world, secretary, branch):
    url = reverse("branches:activity_create", args=[world.branch_a.pk, kind])
    expected = sorted(expected_for(kind, branch), key=lambda p: (p.name, p.pk))
    base = activity_base(kind, branch, expected)

    @FUZZ
    @given(data=fuzzed(base, activity_junk(kind, branch, expected)))
    def run(data):
        before = snapshot()
        if check(secretary.post(url, data)) == 302:
            saved = Activity.objects.latest("pk")
            rows = saved.attendances.count()
            if saved.status == Activity.Status.PLANNED:
                assert rows == 0
            else:  # one row per expected member (the talk: its two people), none missing
                assert rows == (2 if kind == "talk" else len(expected))
            render_after(
                secretary,
                reverse("branches:activity", args=[saved.pk]),
                reverse("branches:ledger", args=[world.branch_a.pk]),
                reverse("branches:ledger_export", args=[world.branch_a.pk, "xlsx"]),
            )
            saved.delete()
        assert snapshot() == before

    run()


def test_a_valid_filing_is_saved_whole(world, secretary, branch):
    expected = sorted(branch[:3], key=lambda p: (p.name, p.pk))
    data = activity_base("committee_meeting", branch, expected)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "committee_meeting"])
    response = secretary.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    saved = Activity.objects.get()
    assert saved.attendances.count() == 3
    assert saved.attendances.filter(present=False, absence_reason="sick").count() == 1
    assert saved.agenda_items.get().votes_for == 2


@pytest.mark.parametrize("kind", ["committee_meeting", "appraisal"])
def test_activity_edit_survives_any_input_and_keeps_the_record_when_refused(
    kind, world, secretary, branch
):
    activity = record(world.branch_a, kind)
    url = reverse("branches:activity_edit", args=[activity.pk])
    expected = sorted(expected_for(kind, branch), key=lambda p: (p.name, p.pk))
    base = activity_base(kind, branch, expected)

    @FUZZ
    @given(data=fuzzed(base, activity_junk(kind, branch, expected)))
    def run(data):
        old = fields_of(activity)
        rows = sorted(activity.attendances.values_list("member_id", "present", "absence_reason"))
        before = snapshot()
        if check(secretary.post(url, data)) == 302:
            render_after(secretary, reverse("branches:activity", args=[activity.pk]))
            assert activity.attendances.count() == len(expected)
        else:
            assert fields_of(activity) == old
            assert (
                sorted(activity.attendances.values_list("member_id", "present", "absence_reason"))
                == rows
            )
            assert snapshot() == before

    run()


upload_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda b: b"%PDF-" + b, st.binary(max_size=500)),
    st.builds(lambda b: b"\x89PNG\r\n\x1a\n" + b, st.binary(max_size=500)),
    st.builds(lambda b: b"\xff\xd8\xff" + b, st.binary(max_size=500)),
    st.builds(lambda b: b"RIFF\x00\x00\x00\x00WEBP" + b, st.binary(max_size=500)),
)
upload_name = st.one_of(
    st.sampled_from(["scan.pdf", "照片.jpg", ".png", "a" * 300 + ".pdf", "../../etc/passwd"]),
    # Any characters after a first letter: Django's upload parser drops a file whose name is
    # left empty once it strips unprintable characters (no error, the form never sees it).
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters='/\\"'), max_size=40).map(
        lambda name: "f" + name
    ),
)


@FUZZ
@given(files=st.lists(st.tuples(upload_name, upload_bytes), min_size=1, max_size=3))
def test_attachment_upload_of_random_bytes_keeps_no_file_when_refused(
    world, secretary, branch, media, files
):
    expected = sorted(branch[:3], key=lambda p: (p.name, p.pk))
    data = activity_base("committee_meeting", branch, expected)
    data["uploads"] = [SimpleUploadedFile(name, content) for name, content in files]
    before = snapshot(media)
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "committee_meeting"])
    if check(secretary.post(url, data)) == 302:
        saved = Activity.objects.latest("pk")
        assert saved.attachments.count() == len(files)
        for attachment in saved.attachments.all():
            check(secretary.get(reverse("branches:attachment", args=[attachment.pk])))
            attachment.file.delete(save=False)
        render_after(secretary, reverse("branches:activity", args=[saved.pk]))
        saved.delete()
    assert snapshot(media) == before


# -- reports ---------------------------------------------------------------------------------------

REPORT_CREATE_JUNK = {
    "kind": st.one_of(st.sampled_from(["summary", "plan", "x"]), text),
    "period_type": st.one_of(st.sampled_from(["calendar_year", "school_year", "term", "?"]), text),
    "year": number,
    "committee": number,
}


@FUZZ
@given(
    data=fuzzed(
        {"kind": "summary", "period_type": "calendar_year", "year": "2024", "committee": ""},
        REPORT_CREATE_JUNK,
    )
)
def test_report_create_survives_any_input(world, secretary, data):
    before = snapshot()
    url = reverse("reports:create", args=[world.branch_a.pk])
    if check(secretary.post(url, data)) == 302:
        saved = Report.objects.latest("pk")
        render_after(secretary, reverse("reports:detail", args=[saved.pk]))
        saved.delete()
    assert snapshot() == before


REPORT_TEXT_JUNK = {
    "title": text,
    "report_date": date_value,
    "section_work": text,
    "section_problems": text,
    "section_plans": text,
    "lock_version": number,
    "replace": value,
}


@FUZZ
@given(
    data=fuzzed(
        {
            "title": "2021年度工作总结",
            "report_date": "2021-12-15",
            "section_work": "1、召开党员大会4次。",
            "section_problems": "",
            "section_plans": "",
            "lock_version": "1",
        },
        REPORT_TEXT_JUNK,
    ),
    action=st.sampled_from(["edit", "draft"]),
)
def test_report_edit_and_draft_survive_any_input(world, secretary, data, action):
    report = Report.objects.filter(organization=world.branch_a).first() or make_report(
        world.branch_a, world.secretary_a
    )
    if "lock_version" in data and data["lock_version"] == "1":
        data["lock_version"] = str(report.lock_version)
    old, before = fields_of(report), snapshot()
    if check(secretary.post(reverse(f"reports:{action}", args=[report.pk]), data)) == 302:
        render_after(
            secretary,
            reverse("reports:detail", args=[report.pk]),
            reverse("reports:docx", args=[report.pk]),
            reverse("reports:print", args=[report.pk]),
        )
        report.delete()
    else:
        assert fields_of(report) == old
        assert snapshot() == before


REVIEW_JUNK = dict.fromkeys(("general", "work", "problems", "plans", "comment"), text) | {
    "rating": st.one_of(st.sampled_from(["good", "fair", "great"]), text)
}


@FUZZ
@given(
    data=fuzzed({"general": "请补充数据。", "rating": "good", "comment": ""}, REVIEW_JUNK),
    action=st.sampled_from(["return", "approve", "submit"]),
)
def test_review_forms_survive_any_input(world, client_for, data, action):
    report = Report.objects.filter(organization=world.branch_a).first() or make_report(
        world.branch_a, world.secretary_a
    )
    if report.status != Report.Status.SUBMITTED:
        Report.objects.filter(pk=report.pk).delete()
        report = make_report(world.branch_a, world.secretary_a)
        submit_report(report=report, actor=world.secretary_a)
    user = world.secretary_a if action == "submit" else world.reviewer_d1
    client = client_for(user)
    old, before = fields_of(report), snapshot()
    if check(client.post(reverse(f"reports:{action}", args=[report.pk]), data)) == 302:
        render_after(
            client,
            reverse("reports:detail", args=[report.pk]),
            reverse("reports:docx", args=[report.pk]),
        )
        report.delete()
    else:
        assert fields_of(report) == old
        assert snapshot() == before


# -- filters given as query strings ---------------------------------------------------------------

query_value = st.one_of(value, st.sampled_from(["on_roster", "left", "all", "full", "waiting"]))


def query(names):
    return st.lists(st.tuples(st.sampled_from(names), query_value), max_size=5)


@FUZZ
@given(params=query(["q", "on", "stage", "status", "group", "work_unit", "page", "sort"]))
def test_roster_filters_survive_any_query_string(world, secretary, params):
    url = reverse("branches:members", args=[world.branch_a.pk])
    check(secretary.get(url, params))
    check(secretary.get(reverse("branches:members_export", args=[world.branch_a.pk]), params))


@FUZZ
@given(params=query(["q", "kind", "status", "date_from", "date_to", "year", "school", "page"]))
def test_ledger_and_calendar_filters_survive_any_query_string(world, secretary, params):
    for name in ("ledger", "compliance_calendar"):
        check(secretary.get(reverse(f"branches:{name}", args=[world.branch_a.pk]), params))
    check(
        secretary.get(reverse("branches:ledger_export", args=[world.branch_a.pk, "xlsx"]), params)
    )


@FUZZ
@given(
    data=fuzzed(
        {
            "plan-TOTAL_FORMS": "2",
            "plan-INITIAL_FORMS": "0",
            "plan-MIN_NUM_FORMS": "0",
            "plan-MAX_NUM_FORMS": "60",
            "plan-0-month": "3",
            "plan-0-kind": "theme_day",
            "plan-0-topic": "学雷锋",
            "plan-1-month": "7",
            "plan-1-kind": "lecture",
            "plan-1-topic": "七一党课",
        },
        {
            "plan-TOTAL_FORMS": st.one_of(st.sampled_from(["-1", "61", "1000", "3"]), number),
            "plan-0-month": st.one_of(st.sampled_from(["0", "13", "12"]), number),
            "plan-0-kind": st.one_of(st.sampled_from(["talk", "group_meeting", "x"]), text),
            "plan-0-topic": text,
            "plan-1-month": number,
            "plan-1-topic": text,
        },
    ),
    year=st.one_of(st.sampled_from(["", "2026", "1999", "2101", "x"]), number),
)
def test_year_plan_survives_any_input_and_is_all_or_nothing(world, secretary, data, year):
    url = reverse("branches:year_plan", args=[world.branch_a.pk])
    before = snapshot()
    if check(secretary.post(url + "?" + urlencode({"year": year}), data)) == 302:
        saved = list(Activity.objects.all())
        assert all(a.status == Activity.Status.PLANNED for a in saved)  # none: no row filled
        assert all(a.kind not in ("talk", "group_meeting") for a in saved)
        render_after(secretary, url, reverse("home"))
        Activity.objects.all().delete()
    assert snapshot() == before


@FUZZ
@given(params=query(["status", "year", "school", "kind", "page"]))
def test_review_queue_filters_survive_any_query_string(world, client_for, params):
    check(client_for(world.reviewer_d1).get(reverse("reports:queue"), params))


@FUZZ
@given(params=query(["year", "school", "school_id", "kind", "sort", "silent", "page", "category"]))
def test_overview_filters_survive_any_query_string(world, client_for, params):
    client = client_for(world.reviewer_d1)
    for name in ("district", "export", "records"):
        check(client.get(reverse(f"overview:{name}", args=[world.district1.pk]), params))


@FEW
@given(
    params=query(["date", "group", "plan", "copy", "complete"]),
    kind=st.sampled_from(["general_meeting", "group_meeting", "talk"]),
)
def test_activity_form_query_strings_survive_anything(world, secretary, params, kind):
    url = reverse("branches:activity_create", args=[world.branch_a.pk, kind])
    check(secretary.get(url, params))


@FEW
@given(old=query(["old", "new"]))
def test_report_diff_survives_any_query_string(world, secretary, old):
    report = Report.objects.first() or make_report(world.branch_a, world.secretary_a)
    check(secretary.get(reverse("reports:diff", args=[report.pk]), old))


OTHER_PAGES = [
    ("branches:roster", ()),
    ("branches:committees", ("org",)),
    ("branches:honours", ("org",)),
    ("branches:activity_choose", ("org",)),
    ("reports:mine", ()),
    ("reports:organization_reports", ("org",)),
    ("overview:home", ()),
]


@FEW
@given(params=query(["year", "school", "on", "q", "page", "status", "kind", "next", "sort"]))
def test_other_pages_survive_any_query_string(world, secretary, params):
    for name, args in OTHER_PAGES:
        url = reverse(name, args=[world.branch_a.pk for _ in args])
        check(secretary.get(url, params))


def test_a_nul_byte_in_a_filter_is_refused_not_crashed(world, secretary):
    response = secretary.get(reverse("branches:members", args=[world.branch_a.pk]), {"q": "\x00"})
    assert response.status_code == 200


# -- regressions found by the fuzzing above -------------------------------------------------------


def test_control_characters_are_refused_next_to_the_field_and_the_export_keeps_working(
    world, secretary
):
    # A pasted control character was saved, then every Excel export of the roster gave a 500.
    url = reverse("branches:member_create", args=[world.branch_a.pk])
    count = Member.objects.count()
    response = secretary.post(url, {**MEMBER_BASE, "name": "赵\x01新", "notes": "第一\x0b行"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "控制字符" in errors["name"][0] and "控制字符" in errors["notes"][0]
    assert Member.objects.count() == count
    export = secretary.get(reverse("branches:members_export", args=[world.branch_a.pk]))
    assert export.status_code == 200


def test_a_nul_byte_gets_one_chinese_message_and_tabs_and_line_breaks_are_kept(world, secretary):
    url = reverse("branches:member_create", args=[world.branch_a.pk])
    response = secretary.post(url, {**MEMBER_BASE, "name": "王\x00芳"})
    assert len(response.context["form"].errors["name"]) == 1
    response = secretary.post(url, {**MEMBER_BASE, "notes": "第一行\r\n第二行\t完"})
    assert response.status_code == 302
    assert Member.objects.get(name="赵新").notes == "第一行\r\n第二行\t完"


def test_a_report_with_a_control_character_is_refused_so_the_word_file_still_builds(
    world, secretary
):
    report = make_report(world.branch_a, world.secretary_a)
    data = {
        "title": "2021年度工作总结",
        "report_date": "2021-12-15",
        "section_work": "1、召开党员大会\x1b4次。",
        "section_problems": "",
        "section_plans": "",
        "lock_version": str(report.lock_version),
    }
    response = secretary.post(reverse("reports:edit", args=[report.pk]), data)
    assert response.status_code == 400
    assert "控制字符" in response.context["form"].errors["section_work"][0]
    assert secretary.get(reverse("reports:docx", args=[report.pk])).status_code == 200


def test_a_committee_starting_in_year_9999_is_a_form_error_not_a_500(world, secretary, branch):
    data = {**committee_base(branch), "term_start": "9999-12-31"}
    response = secretary.post(reverse("branches:committee_create", args=[world.branch_a.pk]), data)
    assert response.status_code == 200
    [error] = response.context["form"].errors["term_start"]
    assert error.startswith("请填写 1921-07-01 至今天") and error.endswith("之间的日期。")
    assert Committee.objects.count() == 1


def test_a_valid_committee_is_saved_with_its_posts(world, secretary, branch):
    data = committee_base(branch)
    response = secretary.post(reverse("branches:committee_create", args=[world.branch_a.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    term = Committee.objects.latest("pk")
    assert sorted(term.posts.values_list("post", flat=True)) == [
        "organization",
        "other",
        "secretary",
    ]


def test_a_committee_member_id_beyond_any_integer_is_a_form_error_not_a_500(
    world, secretary, branch
):
    data = {**committee_base(branch), "post_other": ["99999999999999999999"]}
    response = secretary.post(reverse("branches:committee_create", args=[world.branch_a.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["post_other"]
    assert Committee.objects.count() == 1


def test_the_admin_member_form_refuses_control_characters_too(world, client_for, branch):
    person = branch[0]
    client = client_for(world.admin)
    url = reverse("admin:branches_member_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"name": "王\x07芳", "_save": "1", "movements-TOTAL_FORMS": "0"})
    data.update({"movements-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "控制字符" in response.content.decode()
    person.refresh_from_db()
    assert person.name == "王芳"


# -- party dues ------------------------------------------------------------------------------------

DUES_MODELS = (DuesBase, Payment, Reduction, Remittance)


def dues_snapshot():
    return {model.__name__: model.objects.count() for model in DUES_MODELS}


month_value = st.one_of(
    st.sampled_from(["2026-03", "2026-13", "0000-01", "9999-12", "2026-3", "2026-02-30"]),
    date_value,
)


@FUZZ
@given(
    data=fuzzed(
        {"category": "employed", "wage": "4800", "effective_month": "2026-03", "note": ""},
        {
            "category": st.one_of(st.sampled_from(["retired", "student", "other", "x"]), text),
            "wage": number,
            "effective_month": month_value,
            "note": text,
        },
    )
)
def test_dues_base_form_survives_any_input(world, secretary, branch, data):
    person = branch[0]
    before = dues_snapshot()
    if check(secretary.post(reverse("dues:bases", args=[person.pk]), data)) == 302:
        render_after(secretary, reverse("dues:month", args=[world.branch_a.pk, 2026, 3]))
        DuesBase.objects.all().delete()
    assert dues_snapshot() == before


@FUZZ
@given(
    data=fuzzed(
        {"status": "paid", "paid_on": "2026-03-10", "months": "1", "amount": "", "paid_by": ""},
        {
            "status": st.one_of(st.sampled_from(["paid", "unpaid", "x"]), text),
            "paid_on": date_value,
            "months": number,
            "amount": number,
            "voluntary_extra": number,
            "paid_by": text,
            "unpaid_reason": text,
        },
    )
)
def test_dues_payment_form_survives_any_input_and_is_all_or_nothing(world, secretary, branch, data):
    person = branch[0]
    if not DuesBase.objects.filter(member=person).exists():
        DuesBase.objects.create(member=person, wage=4800, effective_month=datetime.date(2026, 1, 1))
    url = reverse("dues:payment", args=[world.branch_a.pk, 2026, 3, person.pk])
    before = dues_snapshot()
    if check(secretary.post(url, data)) == 302:
        render_after(secretary, reverse("dues:month", args=[world.branch_a.pk, 2026, 3]))
        render_after(secretary, reverse("dues:register", args=[world.branch_a.pk, 2026, "docx"]))
        Payment.objects.all().delete()
    assert dues_snapshot() == before


@FUZZ
@given(
    data=fuzzed(
        {"amount": "135.00", "remitted_on": "2026-04-03", "receiver": "区教育局党工委"},
        {"amount": number, "remitted_on": date_value, "receiver": text, "receipt_number": text},
    )
)
def test_dues_remittance_form_survives_any_input(world, secretary, branch, data):
    url = reverse("dues:remittance", args=[world.branch_a.pk, 2026, 1])
    before = dues_snapshot()
    if check(secretary.post(url, data)) == 302:
        render_after(secretary, reverse("dues:year", args=[world.branch_a.pk, 2026]))
        Remittance.objects.all().delete()
    assert dues_snapshot() == before


@FUZZ
@given(
    data=fuzzed(
        {
            "kind": "reduced",
            "monthly_amount": "10",
            "first_month": "2026-03",
            "last_month": "",
            "approved_on": "2026-02-20",
            "reason": "家庭困难",
        },
        {
            "kind": st.one_of(st.sampled_from(["reduced", "exempt", "x"]), text),
            "monthly_amount": number,
            "first_month": month_value,
            "last_month": month_value,
            "approved_on": date_value,
            "reason": text,
        },
    )
)
def test_dues_reduction_form_survives_any_input(world, secretary, branch, data):
    person = branch[0]
    before = dues_snapshot()
    if check(secretary.post(reverse("dues:reductions", args=[person.pk]), data)) == 302:
        render_after(secretary, reverse("dues:month", args=[world.branch_a.pk, 2026, 3]))
        Reduction.objects.all().delete()
    assert dues_snapshot() == before


# -- projects ----------------------------------------------------------------------------------------

PROJECT_MODELS = (Project, Milestone, ProjectRecord, ProjectHonour, Activity, Honour)
picked_ids = st.one_of(number, st.lists(number, max_size=3), st.just(""))


def project_counts():
    return {model.__name__: model.objects.count() for model in PROJECT_MODELS}


def project_pages(client, world, project):
    render_after(
        client,
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:list", args=[world.branch_a.pk]),
    )


@FUZZ
@given(
    data=fuzzed(
        {
            "title": "家校共育",
            "kind": "micro",
            "goal": "目标",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "partners": "家委会",
        },
        {
            "title": text,
            "kind": st.one_of(st.sampled_from(["brand", "micro", "branch_brand", "x"]), text),
            "goal": text,
            "start_date": date_value,
            "end_date": date_value,
            "leader": number,
            "team": picked_ids,
            "group": number,
            "partners": text,
            "result": text,
        },
    )
)
def test_project_form_survives_any_input(world, secretary, branch, data):
    before = project_counts()
    response = secretary.post(reverse("projects:create", args=[world.branch_a.pk]), data)
    if check(response) == 302:
        project = Project.objects.get()
        project_pages(secretary, world, project)
        project.delete()
    assert project_counts() == before


@FUZZ
@given(
    data=fuzzed(
        {"date": "2026-03-01", "title": "家长会", "status": "done", "done_on": "2026-03-02"},
        {
            "date": date_value,
            "title": text,
            "status": st.one_of(st.sampled_from(["planned", "done", "dropped"]), text),
            "done_on": date_value,
        },
    )
)
def test_milestone_form_survives_any_input(world, secretary, branch, data):
    project = Project.objects.first() or project_of(world, records=False)
    before = project_counts()
    url = reverse("projects:milestone_create", args=[project.pk])
    if check(secretary.post(url, data)) == 302:
        project_pages(secretary, world, project)
        project.milestones.order_by("-id").first().delete()
    assert project_counts() == before


@FUZZ
@given(data=st.fixed_dictionaries({"ids": picked_ids}), honours=st.booleans())
def test_tagging_survives_any_ids(world, secretary, branch, data, honours):
    project = Project.objects.first() or project_of(world, records=False)
    name = "projects:link_honours" if honours else "projects:tag_records"
    before = project_counts()
    if check(secretary.post(reverse(name, args=[project.pk]), data)) == 302:
        project_pages(secretary, world, project)
        ProjectRecord.objects.all().delete()
        ProjectHonour.objects.all().delete()
    assert project_counts() == before


@FUZZ
@given(
    data=fuzzed(
        {"district_example": "on", "review_comment": "好", "lock_version": "0"},
        {"district_example": text, "review_comment": text, "lock_version": number},
    )
)
def test_review_form_survives_any_input(world, client_for, data):
    project = Project.objects.first() or project_of(world, records=False)
    client = client_for(world.reviewer_d1)
    response = client.post(reverse("projects:review", args=[project.pk]), data)
    assert check(response) in (200, 302, 400, 409)
    render_after(client, reverse("projects:district", args=[world.district1.pk]))

"""Impossible dates are refused: every date field of every form, given a date in year 1 or 9999,
shows a Chinese message next to that field (aria-described), saves nothing and never answers 500.

The range is one definition (portal/dates.py); the last tests check that every form, filter and
admin form with a date field uses it, so a new date field cannot miss it.
"""

import datetime
import importlib

import django_filters
import lxml.html
import pytest
from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from branches.models import Activity, Attendance, Committee, CommitteePost, Honour, Member, Movement
from portal.dates import PAST_DATE, DateInput, DateRange, PlausibleDatesMixin
from reports.models import Report
from tests.clock import TODAY
from tests.factories import committee, make_report, member, record

IMPOSSIBLE = ["0001-01-01", "9999-12-31"]
MODELS = (Activity, Attendance, Committee, CommitteePost, Honour, Member, Movement, Report)
STAGE_DATES = [
    "birth_date",
    "application_date",
    "activist_date",
    "candidate_date",
    "admission_date",
    "full_date",
]
MEMBER = {
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
STUDY = {
    "status": "held",
    "date": "2026-03-10",
    "end_date": "2026-03-11",
    "start_time": "14:30",
    "place": "会议室",
    "host": "王芳",
    "recorder": "李强",
    "topic": "参观红色教育基地",
    "hours": "3.5",
    "content": "",
}


@pytest.fixture
def people(world):
    people = [member(world.branch_a, name) for name in ("王芳", "李强", "张敏")]
    committee(world.branch_a, people, start=datetime.date(2024, 1, 1))
    return people


def _study(people):
    return {
        **STUDY,
        "listed": ",".join(str(p.pk) for p in sorted(people, key=lambda p: (p.name, p.pk))),
        "present": [str(p.pk) for p in people],
    }


def _committee(people):
    return {
        "term_start": "2026-01-05",
        "term_end": "",
        "ended_on": "",
        "post_secretary": str(people[0].pk),
        "post_organization": str(people[1].pk),
    }


def _report(world):
    report = make_report(world.branch_a, world.secretary_a)
    data = {
        "title": report.title,
        "report_date": "2021-12-15",
        "section_work": report.section_work,
        "section_problems": report.section_problems,
        "section_plans": report.section_plans,
        "lock_version": str(report.lock_version),
    }
    return report, reverse("reports:edit", args=[report.pk]), data


# page -> (its date fields, a function (world, people) -> (object edited or None, url, valid data))
PAGES = {
    "activity_create": (
        ["date", "end_date"],
        lambda w, p: (
            None,
            reverse("branches:activity_create", args=[w.branch_a.pk, "study"]),
            _study(p),
        ),
    ),
    "activity_edit": (
        ["date", "end_date"],
        lambda w, p: (
            activity := record(w.branch_a, "study", end_date=datetime.date(2026, 3, 11)),
            reverse("branches:activity_edit", args=[activity.pk]),
            _study(p),
        ),
    ),
    "member_create": (
        [*STAGE_DATES, "joined_on"],
        lambda w, p: (None, reverse("branches:member_create", args=[w.branch_a.pk]), MEMBER),
    ),
    "member_edit": (
        STAGE_DATES,
        lambda w, p: (p[2], reverse("branches:member_edit", args=[p[2].pk]), MEMBER),
    ),
    "movement_create": (
        ["date"],
        lambda w, p: (
            p[2],
            reverse("branches:movement_create", args=[p[2].pk]),
            {"kind": "out", "date": "2026-06-01", "reason": "调往外区"},
        ),
    ),
    "committee_create": (
        ["term_start", "term_end", "ended_on"],
        lambda w, p: (
            None,
            reverse("branches:committee_create", args=[w.branch_a.pk]),
            _committee(p),
        ),
    ),
    "committee_edit": (
        ["term_start", "term_end", "ended_on"],
        lambda w, p: (
            term := Committee.objects.get(organization=w.branch_a),
            reverse("branches:committee_edit", args=[term.pk]),
            _committee(p),
        ),
    ),
    "report_edit": (["report_date"], lambda w, p: _report(w)),
}
CASES = [
    pytest.param(page, field, day, id=f"{page}-{field}-{day[:4]}")
    for page, (fields, _build) in PAGES.items()
    for field in fields
    for day in IMPOSSIBLE
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def assert_refused_next_to_field(body, field, day):
    """The field is marked invalid and described by its error, which names the range."""
    doc = lxml.html.fromstring(body)
    widget = doc.get_element_by_id(f"id_{field}")
    assert widget.get("aria-invalid") == "true", field
    assert f"id_{field}_error" in (widget.get("aria-describedby") or "").split()
    message = " ".join(doc.get_element_by_id(f"id_{field}_error").text_content().split())
    assert "之间的日期" in message, message
    assert "_" not in message  # never an internal constraint name such as honour_year_plausible
    assert widget.get("value") == day or widget.tag != "input"


@pytest.mark.parametrize(("page", "field", "day"), CASES)
def test_an_impossible_date_is_refused_next_to_its_field(
    world, client_for, people, page, field, day
):
    edited, url, data = PAGES[page][1](world, people)
    old = model_to_dict(edited) if edited is not None else None
    before = counts()
    response = client_for(world.secretary_a).post(url, {**data, field: day})
    assert response.status_code in (200, 400), response.status_code
    assert_refused_next_to_field(response.content.decode(), field, day)
    assert counts() == before
    if edited is not None:
        edited.refresh_from_db()
        assert model_to_dict(edited) == old


@pytest.mark.parametrize(
    ("name", "field"),
    [("branches:ledger", "date_from"), ("branches:ledger", "date_to"), ("branches:members", "on")],
)
@pytest.mark.parametrize("day", IMPOSSIBLE)
def test_an_impossible_date_in_a_filter_is_named_next_to_it(
    world, client_for, people, name, field, day
):
    record(world.branch_a, "theme_day")
    response = client_for(world.secretary_a).get(
        reverse(name, args=[world.branch_a.pk]), {field: day}
    )
    assert response.status_code == 200
    assert_refused_next_to_field(response.content.decode(), field, day)


def test_a_valid_date_in_range_still_saves(world, client_for, people):
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "study"])
    response = client_for(world.secretary_a).post(url, _study(people))
    assert response.status_code == 302
    assert Activity.objects.get().end_date == datetime.date(2026, 3, 11)


def test_the_date_picker_gets_the_same_range(world, client_for, people):
    url = reverse("branches:member_create", args=[world.branch_a.pk])
    doc = lxml.html.fromstring(client_for(world.secretary_a).get(url).content.decode())
    birth = doc.get_element_by_id("id_birth_date")
    assert birth.get("min") == "1900-01-01"
    # Born: not in the future (today as the server counts it; TODAY is the day in Shanghai).
    assert birth.get("max") == PAST_DATE.bounds()[1].isoformat()
    assert abs(datetime.date.fromisoformat(birth.get("max")) - TODAY).days <= 1
    assert doc.get_element_by_id("id_admission_date").get("min") == "1921-07-01"


def test_honour_year_zero_gets_a_chinese_message_next_to_the_year(world, client_for, people):
    url = reverse("branches:honour_create", args=[world.branch_a.pk])
    data = {"recipient": "organization", "title": "先进基层党组织", "level": "district"}
    for year in ("0", "1", "9999"):
        response = client_for(world.secretary_a).post(url, {**data, "year": year})
        assert response.status_code == 200
        doc = lxml.html.fromstring(response.content.decode())
        error = doc.get_element_by_id("id_year_error").text_content()
        assert "1921" in error and "honour_year_plausible" not in response.content.decode()
    assert not Honour.objects.exists()


def test_every_check_constraint_speaks_chinese():
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label not in {"portal", "branches", "reports", "development"}:
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and not constraint.condition:
                continue  # Django names the fields in its own (translated) message
            message = str(constraint.get_violation_error_message())
            assert constraint.name not in message and any(
                "\u4e00" <= c <= "\u9fff" for c in message
            ), constraint.name


# -- every date field uses the one definition ------------------------------------------------------

FORM_MODULES = [
    "branches.forms.activities",
    "branches.forms.roster",
    "reports.forms.reports",
    "reports.forms.filters",
    "overview.forms.filters",
    "portal.text",
    "development.forms",
]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_and_filter_with_a_date_field_checks_the_range():
    for name in FORM_MODULES:
        importlib.import_module(name)
    ours = ("branches.", "reports.", "overview.", "portal.", "development.")
    for form in set(_subclasses(forms.BaseForm)):
        if not form.__module__.startswith(ours):
            continue
        dates = [n for n, f in form.base_fields.items() if isinstance(f, forms.DateField)]
        if dates:
            assert issubclass(form, PlausibleDatesMixin), (form, dates)
    for filterset in set(_subclasses(django_filters.FilterSet)):
        if not filterset.__module__.startswith(ours):
            continue
        dates = [n for n, f in filterset.base_filters.items() if f.field_class is forms.DateField]
        if dates:
            assert issubclass(filterset._meta.form, PlausibleDatesMixin), (filterset, dates)


def test_every_date_field_of_the_portal_uses_the_one_date_widget():
    """One widget: the browser's date picker with ISO dates, and its min/max from the range."""
    for name in FORM_MODULES:
        importlib.import_module(name)
    ours = ("branches.", "reports.", "overview.", "portal.", "development.")
    checked = 0
    for form in set(_subclasses(forms.BaseForm)):
        if form.__module__.startswith(ours):
            for name, field in form.base_fields.items():
                if isinstance(field, forms.DateField):
                    assert type(field.widget) is DateInput, (form, name)
                    checked += 1
    for filterset in set(_subclasses(django_filters.FilterSet)):
        if filterset.__module__.startswith(ours):
            for name, field in filterset().form.fields.items():
                if isinstance(field, forms.DateField):
                    assert type(field.widget) is DateInput, (filterset, name)
                    checked += 1
    assert checked >= 15


def test_every_admin_form_with_a_date_field_checks_the_range(world):
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    checked = 0
    for model, model_admin in admin.site._registry.items():
        for form_admin in (model_admin, *model_admin.get_inline_instances(request)):
            if not (
                form_admin.has_add_permission(request, None)
                if isinstance(form_admin, admin.options.InlineModelAdmin)
                else form_admin.has_add_permission(request)
            ) and not form_admin.has_change_permission(request):
                continue  # read-only in the admin (records are filed in the portal)
            form = (
                form_admin.get_formset(request).form
                if isinstance(form_admin, admin.options.InlineModelAdmin)
                else form_admin.get_form(request)
            )
            dates = [
                name
                for name, field in form.base_fields.items()
                if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField)
            ]
            for name in dates:
                bound = form(data={name: "0001-01-01"})
                bound.is_valid()
                assert any("之间的日期" in e for e in bound.errors.get(name, [])), (model, name)
                checked += 1
    assert checked >= 10  # members, committees, reports, organisations


def test_date_range_bounds_follow_today():
    assert DateRange().bounds(datetime.date(2028, 2, 29)) == (
        datetime.date(1900, 1, 1),
        datetime.date(2033, 2, 28),
    )

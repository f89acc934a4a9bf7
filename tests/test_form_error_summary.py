"""A refused save shows an error summary at the top of the page, before the form: role="alert",
one entry per error, each linked to its field; every invalid field is aria-invalid and described
by the error text beside it (templates/partials/form_errors.html, portal/templatetags).

Every form page of the portal is here, with a submission it refuses.
"""

import datetime
from pathlib import Path

import lxml.html
import pytest
from django.urls import reverse

from tests.factories import committee, make_report, member, submitted


@pytest.fixture
def people(world):
    people = [member(world.branch_a, name) for name in ("王芳", "李强", "张敏")]
    committee(world.branch_a, people, start=datetime.date(2024, 1, 1))
    return sorted(people, key=lambda p: (p.name, p.pk))


def _activity(world, people):
    absent = people[0]
    return (
        reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"]),
        {
            "status": "held",
            "date": "2026-11-02",
            "topic": "",
            "listed": ",".join(str(p.pk) for p in people),
            "present": [str(p.pk) for p in people[1:]],
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-decision": "同意",
        },
        ["id_topic", f"id_reason_{absent.pk}", "id_agenda-0-title"],
    )


def _member_create(world, people):
    url = reverse("branches:member_create", args=[world.branch_a.pk])
    return url, {"name": "", "phone": "123", "birth_date": "1985-04-02"}, ["id_name", "id_phone"]


def _member_edit(world, people):
    url = reverse("branches:member_edit", args=[people[0].pk])
    data = {"name": people[0].name, "id_number": "32041119850402123X", "full_date": "1999-13-01"}
    return url, data, ["id_id_number", "id_full_date"]


def _movement(world, people):
    url = reverse("branches:movement_create", args=[people[0].pk])
    return url, {"kind": "", "date": ""}, ["id_kind", "id_date"]


def _committee(world, people):
    url = reverse("branches:committee_create", args=[world.branch_a.pk])
    data = {"term_start": "2025-01-10", "term_end": "2024-01-10", "post_secretary": ""}
    return url, data, ["id_term_end", "id_post_secretary"]


def _honour(world, people):
    url = reverse("branches:honour_create", args=[world.branch_a.pk])
    data = {"recipient": "member", "member": "", "title": "", "level": "district", "year": "0"}
    return url, data, ["id_title", "id_year", "id_member"]


def _report_create(world, people):
    url = reverse("reports:create", args=[world.branch_a.pk])
    return url, {"kind": "summary", "period_type": "calendar", "year": "1"}, ["id_year"]


def _report_edit(world, people):
    report = make_report(world.branch_a, world.secretary_a)
    url = reverse("reports:edit", args=[report.pk])
    data = {"title": "", "report_date": "2021-12-15", "lock_version": report.lock_version}
    return url, data, ["id_title"]


def _password(world, people):
    data = {"old_password": "wrong", "new_password1": "x", "new_password2": "y"}
    return reverse("password_change"), data, ["id_old_password", "id_new_password2"]


PAGES = {
    "activity": _activity,
    "member_create": _member_create,
    "member_edit": _member_edit,
    "movement": _movement,
    "committee": _committee,
    "honour": _honour,
    "report_create": _report_create,
    "report_edit": _report_edit,
    "password_change": _password,
}


def position(doc, element):
    return next(i for i, each in enumerate(doc.iter()) if each is element)


def described_by(element):
    """The ids an element (or its group: fieldset, role=group) is described by."""
    for each in (element, *element.iterancestors()):
        if each.get("aria-describedby"):
            return each.get("aria-describedby").split()
    return []


def check_summary(body, expected_ids=()):
    """The page's error summary lists and links every invalid field; returns the summary text."""
    doc = lxml.html.fromstring(body)
    [summary] = doc.xpath("//*[@data-error-summary]")
    assert summary.get("role") == "alert" and summary.get("tabindex") == "-1"
    targets = [a.get("href")[1:] for a in summary.xpath(".//a[starts-with(@href, '#')]")]
    text = " ".join(summary.text_content().split())
    invalid = doc.xpath("//*[@aria-invalid='true']")
    assert set(expected_ids) <= {e.get("id") for e in invalid}
    for element in invalid:
        group = doc.xpath(f"//*[@name='{element.get('name')}']")
        assert element.get("id") in targets or group[0].get("id") in targets, element.get("id")
        form = next(element.iterancestors("form"))
        assert position(doc, summary) < position(doc, form)  # above the form, seen first
    for target in targets:
        field = doc.get_element_by_id(target)
        assert field.get("aria-invalid") == "true", target
        errors = [doc.get_element_by_id(i) for i in described_by(field) if i.endswith("_error")]
        assert errors, target
        for error in errors:
            message = " ".join(error.text_content().split())
            assert message and message in text, (target, message)
    return text


@pytest.mark.parametrize("page", PAGES)
def test_a_refused_save_shows_a_linked_error_summary_above_the_form(
    world, client_for, people, page
):
    url, data, expected_ids = PAGES[page](world, people)
    response = client_for(world.secretary_a).post(url, data)
    assert response.status_code in (200, 400)
    text = check_summary(response.content.decode(), expected_ids)
    assert "请修改以下" in text
    if page == "activity":
        assert "议题（第 1 项）：请填写议题。" in text  # which agenda row


def test_a_refused_review_shows_the_summary_above_both_review_forms(world, client_for):
    report = submitted(world)
    client = client_for(world.reviewer_d1)
    response = client.post(reverse("reports:approve", args=[report.pk]), {"rating": ""})
    assert response.status_code == 400
    assert "请选择评定等次" in check_summary(response.content.decode(), ["id_rating_0"])
    response = client.post(reverse("reports:return", args=[report.pk]), {})
    assert response.status_code == 400
    assert "退回修改时请至少写一条意见" in check_summary(response.content.decode())


def test_a_refused_login_shows_the_summary(world, client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    check_summary(response.content.decode(), ["id_username", "id_password"])
    response = client.post(reverse("login"), {"username": "secretary_a", "password": "wrong"})
    assert "用户名" in check_summary(response.content.decode())


def test_a_page_without_errors_has_no_summary(world, client_for, people):
    url = reverse("branches:activity_create", args=[world.branch_a.pk, "theme_day"])
    body = client_for(world.secretary_a).get(url).content.decode()
    assert "data-error-summary" not in body and 'aria-invalid="true"' not in body


def test_every_template_with_a_form_to_fill_in_includes_the_summary():
    templates = Path(__file__).resolve().parents[1] / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        fills_in = 'method="post"' in text and ("crispy" in text and "|crispy" in text)
        fills_in = fills_in or "as_crispy_field" in text and 'method="post"' in text
        # Form pages extend the layout that renders the summary (templates/partials/form.html).
        form_page = '{% extends "partials/form.html" %}' in text
        if fills_in and "admin" not in path.parts:
            assert "form_error_summary" in text or form_page, path

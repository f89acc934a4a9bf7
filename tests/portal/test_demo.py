from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from branches.models import District, Organization, PartyGroup, School


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"portal", "branches", "reports"}
    }


@pytest.mark.django_db
def test_load_demo_builds_the_seed_schools_and_is_idempotent():
    call_command("load_demo", stdout=StringIO())
    first = row_counts()
    call_command("load_demo", stdout=StringIO())
    assert row_counts() == first
    assert District.objects.count() == 4
    assert School.objects.count() == 5
    assert set(School.objects.filter(district__name="新北区").values_list("name", flat=True)) == {
        "龙虎塘第二实验小学",
        "新华实验小学",
    }
    daping = Organization.objects.get(name="大坪小学党委")
    assert daping.kind == Organization.Kind.COMMITTEE
    assert daping.children.count() == 3
    assert PartyGroup.objects.filter(organization__parent=daping).count() == 6


@pytest.mark.django_db
def test_load_demo_prints_the_accounts(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for username in ("admin", "sec_jiaze", "reviewer_xinbei", "sec_daping"):
        assert username in out
    assert "demo2026" in out


@pytest.mark.django_db
def test_demo_accounts_log_in_and_see_only_their_scope(client):
    call_command("load_demo", stdout=StringIO())
    # Through the login form: django-axes needs the request that client.login() does not pass.
    login = client.post(reverse("login"), {"username": "reviewer_xinbei", "password": "demo2026"})
    assert login.status_code == 302
    body = client.get(reverse("home")).content.decode()
    assert "新华实验小学" in body and "嘉泽中心小学" not in body
    client.logout()
    login = client.post(reverse("login"), {"username": "sec_daping", "password": "demo2026"})
    assert login.status_code == 302
    committee = Organization.objects.get(name="大坪小学党委")
    branch = committee.children.first()
    # A 党委 secretary also reads its branches, but nothing of another school.
    assert client.get(reverse("branches:organization", args=[branch.pk])).status_code == 200
    other = Organization.objects.get(name="嘉泽中心小学党支部")
    assert client.get(reverse("branches:organization", args=[other.pk])).status_code == 404

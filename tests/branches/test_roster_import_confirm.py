"""The confirmation step of the roster import accepts only the poster's own, live preview.

The page names the preview by a random token (no server path); a tampered or foreign
confirmation is a 400 with a Chinese message that saves nothing; a confirmed or expired preview
is gone (a second click imports nothing twice)."""

import datetime
import io
import tempfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from branches.models import ImportPreview, Member, OrganizationRole
from branches.services.roster import grant_roster_admin
from tests.factories import good_rows
from tests.roster_import import upload

CONFIRM = "admin:branches_member_process_import"


def confirm_data(response):
    form = response.context["confirm_form"]
    return {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}


@pytest.fixture
def previewed(world, secretary):
    response = upload(secretary, world, good_rows())
    assert response.context["confirm_form"] is not None
    return confirm_data(response)


def test_the_preview_page_names_no_server_path(world, secretary):
    response = upload(secretary, world, good_rows())
    body = response.content.decode()
    assert tempfile.gettempdir() not in body
    data = confirm_data(response)
    assert set(data) == {"import_id", "format", "resource", "organization"}
    assert "/" not in data["import_id"] and len(data["import_id"]) >= 40
    preview = ImportPreview.objects.get()
    assert (preview.user, preview.organization) == (world.secretary_a, world.branch_a)


def test_the_owner_confirms_once_and_a_second_click_imports_nothing(world, secretary, previewed):
    assert secretary.post(reverse(CONFIRM), previewed).status_code == 302
    assert Member.objects.filter(organization=world.branch_a).count() == 3
    assert not ImportPreview.objects.exists()
    again = secretary.post(reverse(CONFIRM), previewed)
    assert again.status_code == 400
    assert "找不到这份导入预览" in again.content.decode()
    assert Member.objects.count() == 3


@pytest.mark.parametrize(
    "tamper",
    [
        {"format": "1"},
        {"format": "abc"},
        {"format": "-1"},
        {"format": "99999999999999999999"},
        {"resource": "1"},
        {"resource": "x"},
        {"organization": "abc"},
        {"organization": "99999999999999999999"},
        {"import_id": ""},
        {"import_id": "no-such-preview"},
        {"import_id": "/tmp/tmpabcdef"},
        {"import_id": "../../etc/passwd"},
        {"import_id": None},
        {"format": None},
        {"organization": None},
    ],
)
def test_a_tampered_confirmation_is_a_400_in_chinese_and_saves_nothing(
    world,
    secretary,
    previewed,
    tamper,
):
    data = {**previewed, **tamper}
    data = {name: value for name, value in data.items() if value is not None}
    response = secretary.post(reverse(CONFIRM), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "请重新上传文件" in body and "Traceback" not in body
    assert not Member.objects.exists()
    # The real confirmation still works afterwards.
    assert secretary.post(reverse(CONFIRM), previewed).status_code == 302
    assert Member.objects.count() == 3


def test_a_confirmation_cannot_move_a_preview_to_another_branch(world, secretary, previewed):
    data = {**previewed, "organization": world.branch_b.pk}
    assert secretary.post(reverse(CONFIRM), data).status_code == 400
    assert not Member.objects.exists()


@pytest.mark.parametrize("organization", ["own", "previewed"])
def test_another_secretary_cannot_confirm_someone_elses_preview(
    world, client_for, previewed, organization
):
    grant_roster_admin(user=world.secretary_b)
    other = client_for(world.secretary_b)
    data = dict(previewed)
    if organization == "own":
        data["organization"] = world.branch_b.pk
    response = other.post(reverse(CONFIRM), data)
    assert response.status_code == 400
    assert "不是你上传的" in response.content.decode()
    assert not Member.objects.exists()
    assert ImportPreview.objects.filter(user=world.secretary_a).exists()


def test_a_preview_expires(world, secretary, previewed, time_machine):
    created = ImportPreview.objects.get().created_at
    time_machine.move_to(created + ImportPreview.LIFETIME + datetime.timedelta(minutes=1))
    response = secretary.post(reverse(CONFIRM), previewed)
    assert response.status_code == 400
    assert "已过期" in response.content.decode()
    assert not Member.objects.exists()
    # The next preview (of anyone) clears expired ones.
    upload(secretary, world, good_rows())
    assert ImportPreview.objects.count() == 1


def test_only_the_latest_previews_of_a_user_are_kept(world, secretary):
    tokens = [confirm_data(upload(secretary, world, good_rows()))["import_id"] for _n in range(5)]
    kept = set(ImportPreview.objects.values_list("token", flat=True))
    assert kept == set(tokens[-ImportPreview.KEPT_PER_USER :])


def test_a_preview_whose_branch_left_the_users_scope_is_refused(world, secretary, previewed):
    OrganizationRole.objects.filter(user=world.secretary_a).delete()
    response = secretary.post(reverse(CONFIRM), previewed)
    assert response.status_code == 403
    assert not Member.objects.exists()


def test_the_roster_changed_since_the_preview_is_reported_and_nothing_is_saved(
    world,
    secretary,
    previewed,
):
    # Someone renames the party group the file names, in between.
    world.group_a.name = "第二党小组"
    world.group_a.save()
    response = secretary.post(reverse(CONFIRM), previewed)
    assert response.status_code == 409
    body = response.content.decode()
    assert "没有保存任何数据" in body and "第 2 行" in body and "第一党小组" in body
    assert not Member.objects.exists()


def test_the_purge_command_removes_expired_previews_only(world, secretary, previewed, time_machine):
    created = ImportPreview.objects.get().created_at
    call_command("purge_import_previews", stdout=io.StringIO())
    assert ImportPreview.objects.count() == 1
    time_machine.move_to(created + ImportPreview.LIFETIME + datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("purge_import_previews", stdout=out)
    assert not ImportPreview.objects.exists() and "1" in out.getvalue()
    call_command("purge_import_previews", stdout=io.StringIO())  # safe to run again

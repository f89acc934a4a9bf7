"""Issued initial passwords: the credential sheet, and the first login's forced password change."""

import io

import docx
from django.urls import reverse

from portal.credentials import (
    ALPHABET,
    CredentialSlip,
    credential_sheet_docx,
    issue_initial_password,
)
from portal.models import PasswordChangeRequired

NEW_PASSWORD = "Xq7!mlk2pz"


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _change(client, old):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_issued_password_is_readable_random_and_works(world):
    first = issue_initial_password(world.secretary_a)
    second = issue_initial_password(world.secretary_b)
    assert first != second
    assert len(first.replace("-", "")) == 12
    assert set(first.replace("-", "")) <= set(ALPHABET)
    world.secretary_a.refresh_from_db()
    assert world.secretary_a.check_password(first)
    assert PasswordChangeRequired.objects.filter(user=world.secretary_a).exists()


def test_flagged_account_must_change_password_before_anything_else(world, client):
    password = issue_initial_password(world.secretary_a)
    response = _login(client, "secretary_a", password)
    assert response.status_code == 302
    for url in [reverse("home"), "/admin/", reverse("home") + "?next=/x/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "首次登录须修改密码" in page.content.decode()

    assert _change(client, password).status_code == 302
    assert client.get(reverse("password_change_done")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    assert not PasswordChangeRequired.objects.filter(user=world.secretary_a).exists()

    # The next login is an ordinary one.
    client.logout()
    _login(client, "secretary_a", NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_flag_is_lifted_by_a_password_change_made_elsewhere(world, client):
    issue_initial_password(world.secretary_a)
    world.secretary_a.set_password(NEW_PASSWORD)  # e.g. an admin set one in /admin/
    world.secretary_a.save()
    _login(client, "secretary_a", NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    assert not PasswordChangeRequired.objects.exists()


def test_unflagged_accounts_are_not_redirected(world, client):
    _login(client, "secretary_a", "pass-for-tests-2026")
    assert client.get(reverse("home")).status_code == 200
    assert "首次登录须修改密码" not in client.get(reverse("password_change")).content.decode()


def test_credential_sheet_has_one_slip_per_person():
    slips = [
        CredentialSlip("张三", "甲小学党支部", "zhangsan", "abcd-efgh-jkmn", "https://x.example/"),
        CredentialSlip("李四", "乙小学党支部", "lisi", "pqrs-tuvw-xyz2", "https://x.example/"),
    ]
    document = docx.Document(io.BytesIO(credential_sheet_docx(slips)))
    assert len(document.tables) == 2
    for table, slip in zip(document.tables, slips, strict=True):
        rows = {row.cells[0].text: row.cells[1].text for row in table.rows}
        assert rows == {
            "姓名": slip.name,
            "组织/学校": slip.organization,
            "用户名": slip.username,
            "初始密码": slip.password,
            "登录地址": slip.url,
        }
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("首次登录须修改密码") == 2

"""Security: login lockout, CSP, production settings, CSRF on every form, no public uploads, masked logs."""

import io
import logging
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.logging import MaskPersonalDataFilter, mask_personal_data
from tests.permission_cases import CASES
from tests.portal.settings_env import run_settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pass-for-tests-2026"


def production_env(**extra):
    env = {
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "portal.example.cn",
        "DJANGO_SECURE": "1",
        "DJANGO_BEHIND_PROXY": "1",
    }
    env.update(extra)
    return env


# --- Login lockout (django-axes) --------------------------------------------------------------


def login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_login_is_locked_after_five_wrong_passwords_with_chinese_message(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "secretary_a", "wrong").status_code == 200
    response = login(client, "secretary_a", "wrong")
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    # Even the right password is refused while locked.
    response = login(client, "secretary_a", PASSWORD)
    assert response.status_code == 429
    assert "密码连续输错 5 次" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_hits_only_that_username_from_that_address(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "secretary_a", "wrong", ip="10.0.0.1")
    # A colleague at the same school (same address) still logs in ...
    assert login(client, "secretary_b", PASSWORD, ip="10.0.0.1").status_code == 302
    client.logout()
    # ... and so does secretary_a from another address.
    assert login(client, "secretary_a", PASSWORD, ip="10.0.0.2").status_code == 302


def test_successful_login_resets_the_failure_count(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "secretary_a", "wrong")
    assert login(client, "secretary_a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "secretary_a", "wrong")
    assert login(client, "secretary_a", PASSWORD).status_code == 302


def test_absurdly_long_username_is_refused_and_still_counted(world, client):
    # The login form does not limit the username before authenticating; axes must cope.
    response = login(client, "密" * 1000, "wrong")
    assert response.status_code == 200
    from axes.models import AccessAttempt

    assert len(AccessAttempt.objects.get().username) == 150


def test_lockout_ends_after_the_cool_off(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "secretary_a", "wrong")
    assert login(client, "secretary_a", PASSWORD).status_code == 429
    from axes.models import AccessAttempt

    # Pretend the cool-off has passed: the attempts are older than AXES_COOLOFF_TIME.
    past = AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=past)
    assert login(client, "secretary_a", PASSWORD).status_code == 302


def test_behind_the_proxy_the_lockout_counts_the_address_nginx_saw_not_a_forged_one():
    code = (
        "import django; django.setup();"
        "from django.http import HttpRequest;"
        "from axes.helpers import get_client_ip_address;"
        "r = HttpRequest();"
        "r.META = {'HTTP_X_FORWARDED_FOR': '6.6.6.6, 203.0.113.7',"
        " 'HTTP_X_REAL_IP': '10.1.2.3', 'REMOTE_ADDR': '127.0.0.1'};"
        "print(get_client_ip_address(r))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(production_env(), DJANGO_SETTINGS_MODULE="portal.settings")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "10.1.2.3", result.stderr


# --- Content-Security-Policy and production settings -------------------------------------------


def csp_of(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split("; ")
    }


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/admin/", "/no-such-page/"])
def test_every_response_carries_a_strict_content_security_policy(path, world, client_for):
    response = client_for(world.admin).get(path)
    policy = csp_of(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_session_cookie_is_http_only(world, client):
    response = login(client, "secretary_a", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_production_settings_use_secure_cookies_hsts_and_ssl_redirect():
    result = run_settings(
        production_env(),
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SECURE_PROXY_SSL_HEADER",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(True, True, True, True, True, True, ('HTTP_X_FORWARDED_PROTO', 'https'))"
    )


def test_development_settings_do_not_force_https():
    result = run_settings(
        {"DJANGO_DEBUG": "1"},
        "s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS",
    )
    assert result.stdout.strip() == "(False, False, 0)", result.stderr


def test_the_orm_async_guard_is_on_outside_the_browser_tests():
    # tests/e2e/conftest.py lifts Django's guard only while a browser runs (its module-scoped
    # `browser` fixture); collecting the browser tests must not lift it for the whole suite.
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ


def test_check_deploy_reports_nothing_with_production_settings():
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests (tests/e2e/conftest.py), never in
    # production; check --deploy rightly refuses it.
    unset = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(production_env())
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_complains_without_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SECURE"}}
    env.update({"DJANGO_DEBUG": "0", "SECRET_KEY": "short"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012"):
        assert warning in output


# --- Every page: CSRF token in each POST form, no inline script or style -----------------------


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []  # [action, has_token]
        self.inline_scripts = 0
        self.style_attributes = []
        self.handlers = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.style_attributes.append(tag)
        self.handlers += [name for name in attrs if name.startswith("on")]
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.forms.append([attrs.get("action", ""), False])
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken" and self.forms:
            self.forms[-1][1] = True
        if tag == "script":
            is_data = attrs.get("type") in {"application/json", "application/ld+json"}
            self._in_script = "src" not in attrs and not is_data

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


PAGE_ROLES = ("admin", "secretary_a", "reviewer_d1")
GET_PAGES = [
    pytest.param(case, role, id=f"{case.label()}-{role}")
    for case in CASES
    if case.method == "get"
    for role in PAGE_ROLES
    if case.expect[role] == 200
]


@pytest.mark.parametrize(("case", "role"), GET_PAGES)
def test_every_page_has_csrf_on_post_forms_and_no_inline_code(case, role, world, client_for):
    client = client_for(world.user(role))
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    response = client.get(url, case.data(world) if case.data else {})
    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    parser = PageParser()
    parser.feed(response.content.decode())
    missing = [action for action, has_token in parser.forms if not has_token]
    assert not missing, f"POST forms without csrfmiddlewaretoken on {url}: {missing}"
    assert parser.inline_scripts == 0, f"inline <script> code on {url} (the CSP blocks it)"
    assert not parser.style_attributes, f'style="..." on {url}: {parser.style_attributes}'
    assert not parser.handlers, f"inline event handlers on {url}: {parser.handlers}"


def test_csrf_is_enforced_on_login_and_logout(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


# --- Uploads are never public -----------------------------------------------------------------


def test_media_has_no_public_url(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / "minutes.txt").write_text("支委会记录", encoding="utf-8")
    assert settings.MEDIA_URL in {"", "/"}  # unset: Django only adds the script prefix
    client = client_for(world.admin)
    for path in (
        "/media/attachments/minutes.txt",
        "/uploads/attachments/minutes.txt",
        "/var/uploads/attachments/minutes.txt",
        "/static/attachments/minutes.txt",
        "/static/../var/uploads/attachments/minutes.txt",
        "/attachments/minutes.txt",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "支委会记录" not in response.content.decode(errors="ignore")


def test_media_root_is_outside_static_files():
    media = Path(settings.MEDIA_ROOT).resolve()
    for static_dir in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]:
        static_dir = Path(static_dir).resolve()
        assert static_dir not in media.parents and media != static_dir


# --- Logs never carry 身份证号 or phone numbers --------------------------------------------------


def test_mask_personal_data_masks_id_numbers_and_mobiles():
    text = "成员 320411198001011234 电话 13812345678，证号 11010519491231002X"
    assert mask_personal_data(text) == (
        "成员 3204**********1234 电话 138****5678，证号 1101**********002X"
    )
    # Other numbers are left alone: dates, ids, amounts.
    assert mask_personal_data("2026-03-01 id=1234567 金额 12345.67") == (
        "2026-03-01 id=1234567 金额 12345.67"
    )


def test_django_log_output_is_masked_including_arguments_and_tracebacks():
    handler = next(
        h
        for h in logging.getLogger("django").handlers
        if any(isinstance(f, MaskPersonalDataFilter) for f in h.filters)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        logger = logging.getLogger("django.request")
        logger.error("保存失败 phone=%s", "13912345678")
        try:
            raise ValueError("duplicate id_number 320411198001011234")
        except ValueError:
            logger.exception("导入失败")
    finally:
        handler.setStream(old)
    output = stream.getvalue()
    assert "139****5678" in output and "3204**********1234" in output
    assert "13912345678" not in output and "320411198001011234" not in output
    assert "导入失败" in output and "ValueError" in output


def test_every_log_handler_masks_personal_data():
    handlers = settings.LOGGING["handlers"]
    assert handlers
    for name, handler in handlers.items():
        assert "mask_personal_data" in handler.get("filters", []), name
    assert re.search(r"MaskPersonalDataFilter", str(settings.LOGGING["filters"]))

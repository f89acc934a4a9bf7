"""Settings read from the environment; each case runs in a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_settings(env, expr):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL"}
    }
    clean.update(env)
    code = f"import portal.settings as s; print(repr(({expr},)))"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_settings({"DJANGO_DEBUG": "0"}, "s.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_mode_runs_without_secret_key():
    result = run_settings({"DJANGO_DEBUG": "1"}, "s.DEBUG")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(True,)"


def test_sqlite_when_database_url_is_unset():
    result = run_settings({"SECRET_KEY": "x"}, "s.DATABASES['default']['ENGINE']")
    assert result.stdout.strip() == "('django.db.backends.sqlite3',)"


def test_postgresql_when_database_url_is_set():
    result = run_settings(
        {"SECRET_KEY": "x", "DATABASE_URL": "postgres://root@127.0.0.1:5432/portal"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
    )
    assert result.stdout.strip() == "('django.db.backends.postgresql', 'portal')"


def test_language_and_time_zone():
    result = run_settings({"SECRET_KEY": "x"}, "s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ")
    assert result.stdout.strip() == "('zh-hans', 'Asia/Shanghai', True)"

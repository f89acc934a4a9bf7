"""Settings read from the environment; each case runs in a fresh interpreter."""

from pathlib import Path

from tests.portal.settings_env import run_settings

ROOT = Path(__file__).resolve().parents[2]


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


def test_sessions_in_the_database_without_a_shared_cache():
    result = run_settings({"SECRET_KEY": "x"}, "s.SESSION_ENGINE")
    assert result.stdout.strip() == "('django.contrib.sessions.backends.db',)", result.stderr


def test_sessions_read_through_the_shared_cache_when_redis_is_configured():
    result = run_settings(
        {"SECRET_KEY": "x", "REDIS_URL": "redis://127.0.0.1:6379/3"}, "s.SESSION_ENGINE"
    )
    assert result.stdout.strip() == "('django.contrib.sessions.backends.cached_db',)"


def test_session_engine_can_be_chosen_from_the_environment():
    short = run_settings(
        {"SECRET_KEY": "x", "REDIS_URL": "redis://127.0.0.1:6379/3", "SESSION_ENGINE": "db"},
        "s.SESSION_ENGINE",
    )
    dotted = run_settings(
        {"SECRET_KEY": "x", "SESSION_ENGINE": "django.contrib.sessions.backends.signed_cookies"},
        "s.SESSION_ENGINE",
    )
    assert short.stdout.strip() == "('django.contrib.sessions.backends.db',)"
    assert dotted.stdout.strip() == "('django.contrib.sessions.backends.signed_cookies',)"


def test_no_server_side_cursors_behind_a_transaction_pooler():
    url = {"SECRET_KEY": "x", "DATABASE_URL": "postgres://portal@127.0.0.1:6432/portal"}
    pooled = run_settings(
        {**url, "DB_TRANSACTION_POOLING": "1"},
        "s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False)",
    )
    direct = run_settings(url, "s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False)")
    assert pooled.stdout.strip() == "(True,)", pooled.stderr
    assert direct.stdout.strip() == "(False,)", direct.stderr

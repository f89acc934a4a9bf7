"""Production configuration: static files, Redis cache, S3 uploads and gunicorn, all from env."""

import os
import subprocess
import sys
from pathlib import Path

from tests.portal.settings_env import run_settings

ROOT = Path(__file__).resolve().parents[2]


def test_redis_cache_when_redis_url_is_set():
    result = run_settings(
        {"SECRET_KEY": "x", "REDIS_URL": "redis://127.0.0.1:6379/3"},
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']",
    )
    assert result.stdout.strip() == (
        "('django.core.cache.backends.redis.RedisCache', 'redis://127.0.0.1:6379/3')"
    ), result.stderr


def test_local_memory_cache_without_redis_holds_a_province_of_kept_figures():
    result = run_settings(
        {"SECRET_KEY": "x"},
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['OPTIONS']['MAX_ENTRIES'] >= 10000",
    )
    assert result.stdout.strip() == ("('django.core.cache.backends.locmem.LocMemCache', True)"), (
        result.stderr
    )


def test_uploads_go_to_a_private_s3_bucket_when_configured():
    env = {
        "SECRET_KEY": "x",
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": "portal-uploads",
        "S3_ENDPOINT_URL": "https://s3.example.edu.cn",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
    }
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.default_acl, s.file_overwrite)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # Configured only: the bucket is never contacted in this test.
    assert result.stdout.strip() == "S3Storage portal-uploads private False"


def test_gunicorn_config_loads_and_binds_to_loopback_by_default():
    namespace = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102
    assert namespace["bind"] == "127.0.0.1:8000"
    assert namespace["workers"] >= 2
    assert namespace["forwarded_allow_ips"] == "127.0.0.1"


def test_collected_static_files_are_served_hashed_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(
        SECRET_KEY="x" * 60, DJANGO_DEBUG="0", STATIC_ROOT=str(tmp_path), STATIC_MANIFEST="1"
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    code = (
        "import django; django.setup();"
        "from django.templatetags.static import static;"
        "from django.test import Client;"
        "url = static('css/portal.css');"
        "r = Client().get(url);"
        "print(url != '/static/css/portal.css', r.status_code, r.get('Cache-Control'))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    hashed, status, cache = result.stdout.split(maxsplit=2)
    assert (hashed, status) == ("True", "200")
    assert "max-age=315360000" in cache and "immutable" in cache

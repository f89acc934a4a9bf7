"""Settings for the portal, read from the environment.

DATABASE_URL unset -> an SQLite file under var/; set -> that database (PostgreSQL in production).
DJANGO_DEBUG off (the default) requires SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "branches",
    "dues",
    "development",
    "projects",
    "reports",
    "notifications",
    "overview",
    "regions",
    "selfservice",
    "onboarding",
    "devdata",
    "portal.apps.PortalAdminConfig",  # django.contrib.admin with the project's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An account opened with an issued password goes to the password change page first.
    "portal.middleware.password_change_required",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.middleware.content_security_policy",
    # Last, as django-axes requires: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "branches.context_processors.scope",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction pooling mode (DEPLOY.md) one server connection serves many
# clients, a transaction at a time: no server-side cursors, which Django's .iterator() would keep
# open across transactions. The portal keeps no other session state on its connections.
if env_bool("DB_TRANSACTION_POOLING", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue instead of failing with "database is locked": every transaction
    # takes the write lock when it begins (two requests can no longer both read, then both try
    # to write), waits up to `timeout` seconds for it, and WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    # Tests use a file too (not memory), so threads in tests lock as requests do in production.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
# django-axes checks every login attempt first and refuses locked-out ones.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # A role is enough: the /admin/ permissions a secretary's or 支委's role brings with it.
    "branches.backends.RolePermissionBackend",
    "dues.backends.WagePermissionBackend",
    "development.backends.DevelopmentPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production sets STATIC_MANIFEST=1 after collectstatic (hashed, compressed files);
# the demo and the tests serve the files from static/ directly.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads live outside static and outside any public URL; they are served by an authorising view.
# MEDIA_URL stays unset and no URL pattern serves MEDIA_ROOT (tests/portal/test_security.py).
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "uploads")))
# Several app servers share uploads through S3-compatible storage (MinIO, OSS, COS, ...).
# The bucket stays private: files are read by the authorising views through the storage API.
if env("MEDIA_STORAGE") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "location": env("S3_PREFIX", "uploads"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# django-filter: an empty choice reads "全部" (not "---------") in every list filter.
FILTERS_EMPTY_CHOICE_LABEL = "全部"

# --- E-mail (the weekly digests, notifications/) -------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise messages are printed to the console (development).
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "党建台账 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as users reach it, for the links in e-mails (no trailing slash).
PORTAL_URL = env("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# Optional shared cache for several app servers (Django's RedisCache needs the redis package).
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    # Each process's own memory. Django's default keeps 300 entries: fewer than the kept figures
    # of one province's branches (branches.kept), which would then push each other out.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
# Sessions live in the database; with a shared cache they are read through it ("cached_db"): one
# query fewer on every request, and a session outlives a restart of the cache. SESSION_ENGINE
# ("db", "cached_db", "cache" or a dotted path) overrides the choice.
SESSION_ENGINE = env("SESSION_ENGINE") or ("cached_db" if REDIS_URL else "db")
if "." not in SESSION_ENGINE:
    SESSION_ENGINE = f"django.contrib.sessions.backends.{SESSION_ENGINE}"

# A user's scope (what they may see) kept in the cache between requests under their scope token
# (branches.scope_cache); "0" loads it from their role rows on every request (the tests do, so
# their query counts do not depend on the pages visited before).
SCOPE_CACHE = env("SCOPE_CACHE", "1") == "1"
# Derived figures (compliance) kept in the cache under each organisation's data version
# (branches.kept); "0" computes them on every request (the tests do, for the same reason).
KEPT_FIGURES = env("KEPT_FIGURES", "1") == "1"

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)  # one working day

# DJANGO_SECURE=1 in production (served over HTTPS): secure cookies, HTTPS redirect and HSTS.
SECURE = env_bool("DJANGO_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
# Behind nginx (deploy/nginx.conf) the proxy terminates TLS and says so in X-Forwarded-Proto,
# and passes the client address in X-Real-IP. Only set this behind such a proxy.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Only the portal's own scripts, styles, fonts and images (portal/middleware.py). Bootstrap's
# CSS draws its small icons (select arrows, close buttons) from data: URIs.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is locked for AXES_COOLOFF_MINUTES. A whole school behind one address is not
# locked out by one forgetful colleague; a success resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.views.locked_out"
AXES_USERNAME_CALLABLE = "portal.lockout.attempted_username"
AXES_VERBOSE = False
if BEHIND_PROXY:
    # nginx overwrites X-Real-IP with the address it saw (deploy/nginx.conf), so a client cannot
    # choose the address its failures are counted against (X-Forwarded-For can be forged).
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")

# Every handler masks 身份证号 and phone numbers (portal/logging.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_personal_data": {"()": "portal.logging.MaskPersonalDataFilter"},
        "redact_query": {"()": "portal.logging.RedactQueryStringFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # Django's own loggers go through the masking console handler only (no unfiltered copies).
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": env("LOG_LEVEL", "WARNING"),
            "propagate": False,
        },
        # runserver's request lines: query values dropped before the masking handler.
        "django.server": {
            "handlers": ["console"],
            "filters": ["redact_query"],
            "level": env("LOG_LEVEL", "WARNING"),
            "propagate": False,
        },
    },
}

"""Comptoir settings: everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COMPTOIR_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "comptoir-dev-only-secret-key-not-for-production-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# The service apps: each adds its pages, API router and navigation through its AppConfig
# (see comptoir.core.registry), so a new service never edits another one.
COMPTOIR_APPS = [
    "comptoir.core",
    "comptoir.places",
    "comptoir.audit",
    "comptoir.people",
    "comptoir.spaces",
    "comptoir.coworking",
    "comptoir.association",
    "comptoir.billing",
    "comptoir.programme",
    "comptoir.mediation",
    "comptoir.tasks",
    "comptoir.api",
    "comptoir.demo",
]

INSTALLED_APPS = [
    *COMPTOIR_APPS,
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs (Swagger UI) from its own static files, not from a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "comptoir.people.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "comptoir.urls"
WSGI_APPLICATION = "comptoir.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "comptoir.core.context_processors.comptoir",
            ],
        },
    }
]

# SQLite by default (zero set-up), PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'comptoir.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,  # a kept connection that the server dropped is replaced, not an error
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take SQLite's write lock at BEGIN: this is the portable
    # serialised path for scarce things (slots, numbers) where PostgreSQL uses row locks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file, not shared-cache memory, so that concurrent tests meet SQLite's real locking.
    # One file per test run, so that parallel runs on one machine never share a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-comptoir-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_comptoir_{os.getpid()}"}
    # PostgreSQL: a pool of connections per process (psycopg_pool) by default. Opening a connection costs
    # more CPU than a booking's SQL (bench/README.md); the pool is made at the first query of each
    # process (after gunicorn forks), every thread borrows a connection per request and gives it back
    # at the end (README.md, "Production"). DATABASE_POOL=0, or CONN_MAX_AGE set (kept connections, the
    # former production advice): no pool.
    pool = os.environ.get("DATABASE_POOL", "0" if DATABASES["default"]["CONN_MAX_AGE"] else "1") != "0"
    if pool and DATABASES["default"]["CONN_MAX_AGE"]:
        raise ImproperlyConfigured("DATABASE_POOL=1 and CONN_MAX_AGE exclude each other: keep one.")
    if pool:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "1")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "4")),
            "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
        }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "comptoir" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: console by default; EMAIL_URL=smtp://user:pass@host:587/?tls=True in production,
# or file:///path/to/dir to keep messages as files.
_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console:"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
if _email.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Comptoir <ne-pas-repondre@comptoir.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Production hardening, active whenever DEBUG is off (checked by `manage.py check --deploy`).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = [] if env_bool("SECURE_HSTS_PRELOAD", False) or DEBUG else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 409 (slot already taken) is an expected answer, not an operator's concern: see core/logs.py.
    "filters": {
        "expected_refusals": {"()": "comptoir.core.logs.SkipExpectedRefusals"},
        "one_line_client_errors": {"()": "comptoir.core.logs.OneLineClientErrors"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["expected_refusals", "one_line_client_errors"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The task queue (django-tasks, Django's tasks API backported to 5.2): e-mails and SMS leave through it,
# outside the request, retried with back-off (comptoir/tasks/README.md). "database" (default): tasks are rows
# of the database, run by `manage.py db_worker` (`make run` starts one beside the web server; in production a
# service, README.md); "immediate": run in the request once its transaction commits, no worker needed (a
# development shortcut: a failed message is then only tried again by `comptoir_jobs hourly`). Tests use
# "immediate" (conftest.py).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = os.environ.get("COMPTOIR_TASKS_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"COMPTOIR_TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}

# Comptoir's own settings.
COMPTOIR_VERSION = "0.1.0"
COMPTOIR_INSTANCE_NAME = os.environ.get("COMPTOIR_INSTANCE_NAME", "Comptoir")
# The public address of the instance, for absolute links in e-mails (no trailing slash).
COMPTOIR_BASE_URL = os.environ.get(
    "COMPTOIR_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}" if DEBUG else ""
).rstrip("/")
# Issued invoices' PDFs and other files that only Comptoir's views serve (never the web server);
# empty: "private/" beside MEDIA_ROOT.
COMPTOIR_PRIVATE_ROOT = os.environ.get("COMPTOIR_PRIVATE_ROOT", "")
# SMS for people who gave only a phone number: one file per message under var/sms/ by default
# ("comptoir.core.notifications.ConsoleSMSBackend" prints them); a real gateway plugs in here.
COMPTOIR_SMS_BACKEND = os.environ.get("COMPTOIR_SMS_BACKEND", "comptoir.core.notifications.FileSMSBackend")
# Sending a message: attempts before it is "failed" (shown to the place's admins), the first wait in seconds
# (then ×4 each time), and how many days a sent message is kept (`comptoir_jobs daily` deletes older ones).
COMPTOIR_DELIVERY_ATTEMPTS = int(os.environ.get("COMPTOIR_DELIVERY_ATTEMPTS", "6"))
COMPTOIR_DELIVERY_RETRY_SECONDS = int(os.environ.get("COMPTOIR_DELIVERY_RETRY_SECONDS", "60"))
COMPTOIR_DELIVERY_KEEP_DAYS = int(os.environ.get("COMPTOIR_DELIVERY_KEEP_DAYS", "30"))
# Online payment: "manual" (payments recorded at the desk) or "sandbox" (a local checkout page that
# plays a card provider; development only). Empty: sandbox when DEBUG, else manual.
BILLING_PAYMENT_PROVIDER = os.environ.get("BILLING_PAYMENT_PROVIDER", "")
# Make an issued invoice's PDF right after issuing it (else on first download).
BILLING_PDF_ON_ISSUE = env_bool("BILLING_PDF_ON_ISSUE", True)

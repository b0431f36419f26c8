"""One readable settings module. Everything a deployment changes comes from the environment.

DATABASE_URL selects the database (PostgreSQL in production); without it the
embedded SQLite file in MIXEDFLOWS_DATA_DIR is used. MIXEDFLOWS_ENV=production
turns on the HTTPS-only settings that `check --deploy` asks for.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from mixedflows.lib.env import audit_head_dir, audit_key, data_dir, envbool, envint, secret_key

BASE_DIR = Path(__file__).resolve().parent
PRODUCTION = os.environ.get("MIXEDFLOWS_ENV") == "production"

SECRET_KEY = secret_key()
DEBUG = envbool("MIXEDFLOWS_DEBUG", False)
ALLOWED_HOSTS = [
    h for h in os.environ.get("MIXEDFLOWS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "ninja",
    "mixedflows.core",
    "mixedflows.people",
    "mixedflows.screening",
    "mixedflows.referrals",
    "mixedflows.cases",
    "mixedflows.detention",
    "mixedflows.outreach",
    "mixedflows.training",
    "mixedflows.cooperation",
    "mixedflows.linkage",
    "mixedflows.flows",
    "mixedflows.integrations",
    "mixedflows.dataprotection",
    "mixedflows.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files stay cacheable; every other response is no-store.
    "mixedflows.core.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "mixedflows.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mixedflows.core.middleware.IdleTimeoutMiddleware",
    "mixedflows.core.middleware.MFARequiredMiddleware",
]

ROOT_URLCONF = "mixedflows.urls"
WSGI_APPLICATION = "mixedflows.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mixedflows.core.context_processors.membership",
                "mixedflows.core.context_processors.languages",
            ],
        },
    }
]

if database_url := os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir() / "mixedflows.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
            # A file, not memory: the browser tests' live server then gets connections of its own instead of
            # sharing the test's one connection across threads (which SQLite refuses under concurrent htmx loads).
            "TEST": {"NAME": str(data_dir() / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
# core.access.AccessBackend: Django's model backend, refusing a suspended user at sign-in and on every request.
AUTHENTICATION_BACKENDS = ["mixedflows.core.access.AccessBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins slow further attempts down (a growing delay), never lock the owner out (core.throttle).
LOGIN_FAILURE_LIMIT = envint("MIXEDFLOWS_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_LIMIT = envint("MIXEDFLOWS_LOGIN_ADDRESS_LIMIT", 30)
LOGIN_MAX_DELAY_SECONDS = envint("MIXEDFLOWS_LOGIN_MAX_DELAY_SECONDS", 300)
# Two-factor sign-in for the roles in core.roles.MFA_PERMISSIONS; a code again before exports, consent
# overrides and changes to the second factor when the last one is older than this.
MFA_REQUIRED = envbool("MIXEDFLOWS_MFA_REQUIRED", True)
MFA_REAUTH_SECONDS = envint("MIXEDFLOWS_MFA_REAUTH_SECONDS", 5 * 60)
OTP_TOTP_ISSUER = "mixedflows"
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
TRUSTED_PROXIES = [p for p in os.environ.get("MIXEDFLOWS_TRUSTED_PROXIES", "").split(",") if p.strip()]

# The audit trail is an HMAC chain under a key kept outside the database and SECRET_KEY; its head is
# exported every MIXEDFLOWS_AUDIT_HEAD_MINUTES to a write-once file and, if set, handed to a command
# (e.g. an upload to object storage with object lock) on its standard input.
AUDIT_KEY = audit_key()
# Field-level encryption (core.encryption): the callable that returns the key provider. The default reads
# the key file MIXEDFLOWS_FIELD_KEYS (keys not derived from SECRET_KEY); a vault provider can replace it.
FIELD_KEY_PROVIDER = os.environ.get(
    "MIXEDFLOWS_FIELD_KEY_PROVIDER", "mixedflows.core.encryption.file_provider"
)
AUDIT_HEAD_DIR = audit_head_dir(DATABASES["default"])
AUDIT_HEAD_COMMAND = os.environ.get("MIXEDFLOWS_AUDIT_HEAD_COMMAND", "")
AUDIT_HEAD_MINUTES = envint("MIXEDFLOWS_AUDIT_HEAD_MINUTES", 60)

# Hours a receiving agency has to answer a referral, by urgency.
MIXEDFLOWS_REFERRAL_DUE_HOURS = {
    "immediate": envint("MIXEDFLOWS_DUE_HOURS_IMMEDIATE", 24),
    "high": envint("MIXEDFLOWS_DUE_HOURS_HIGH", 72),
    "normal": envint("MIXEDFLOWS_DUE_HOURS_NORMAL", 14 * 24),
}

# Shared laptops at landing points: a session ends after 30 idle minutes.
SESSION_IDLE_SECONDS = envint("MIXEDFLOWS_SESSION_IDLE_SECONDS", 30 * 60)
# Days an agency has to answer a data-subject request (issue 16, item 11), from the day it was received.
SUBJECT_REQUEST_DAYS = envint("MIXEDFLOWS_SUBJECT_REQUEST_DAYS", 30)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF],  # the arrival grid's offline worker (people/offline_worker.js)
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("MIXEDFLOWS_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("MIXEDFLOWS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Interface languages (docs/languages.md): each name is written in its own language, for the switcher.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية")]
# Each app keeps its catalogues in <app>/locale/ (found by Django); the project's own templates use mixedflows/locale/.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "mixedflows_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = os.environ.get("MIXEDFLOWS_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = data_dir() / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Production collects hashed, compressed files; the demo and tests serve them from the apps directly.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

TASKS = {
    "default": {
        "BACKEND": os.environ.get("MIXEDFLOWS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# The JSON API: calls per token and minute (django-ninja's throttle, counted in the cache).
MIXEDFLOWS_API_RATE = os.environ.get("MIXEDFLOWS_API_RATE", "600/m")

# Personal data never goes to logs: requests are logged without bodies or query strings by runserver only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"mixedflows": {"level": "INFO"}},
}

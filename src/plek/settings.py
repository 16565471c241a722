"""The one settings module of plek.

Every knob is an environment variable (``PLEK_*``, ``DATABASE_URL``, ``REDIS_URL``), documented in
``docs/operations.md``. Without any of them plek runs as the embedded demo: SQLite under ``var/``,
tasks run eagerly, debug pages off unless asked for.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from plek import logconfig

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PLEK_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("PLEK_DEBUG")
# The demo key is only good for a machine nobody else reaches; production must set its own
# (plek refuses to start outside demo mode with it: plek.startup).
DEMO_SECRET_KEY = "plek-demo-only-insecure-key-change-me"  # noqa: S105
SECRET_KEY = os.environ.get("PLEK_SECRET_KEY", DEMO_SECRET_KEY)
ALLOWED_HOSTS = env_list("PLEK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("PLEK_CSRF_TRUSTED_ORIGINS")

# Demo mode lets the demo users skip the second factor, visibly; never set it in production.
DEMO_MODE = env_bool("PLEK_DEMO_MODE")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "plek.accounts",
    "plek.access",
    "plek.people",
    "plek.web",
    "plek.housing",
    "plek.signals",
    "plek.outreach",
    "plek.inzage",
    "plek.intake",
    "plek.plans",
    "plek.postal",
    "plek.aftercare",
    "plek.informal",
    "plek.protection",
    "plek.finance",
    "plek.exchange",
    "plek.monitor",
    "plek.programs",
    "plek.demo",
    "plek.api",
    "plek.integrations",
    "plek.retention",
]

MIDDLEWARE = [
    "plek.web.middleware.RequestIdMiddleware",
    # API-Version on every API answer (and v1's Sunset), errors included: plek.api.
    "plek.api.middleware.ApiVersionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "plek.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Responses for logged-in users hold personal data: Cache-Control no-store.
    "plek.web.middleware.NoStoreMiddleware",
    # A 403 for a logged-in user is written to the security log (access.RefusedAccess).
    "plek.access.middleware.RefusalTraceMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "plek.accounts.middleware.LoginRequiredMiddleware",
    "plek.accounts.middleware.RequestLogContextMiddleware",
    "plek.web.middleware.OutOfRangeMiddleware",
    # A database out of reach: a Dutch 503 page with Retry-After (plek.web.unavailable).
    "plek.web.unavailable.DatabaseUnavailableMiddleware",
    # Last: turns a lock found during login into plek's login page with status 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plek.urls"
WSGI_APPLICATION = "plek.wsgi.application"

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
                "plek.web.context_processors.plek",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
# SQLite under var/ is the embedded default; DATABASE_URL selects PostgreSQL (production, CI).
DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL counts as unset.
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'plek.sqlite3'}",
        conn_max_age=int(os.environ.get("PLEK_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}


def _prepare_threshold(value: str | None) -> int | None:
    """Runs of one statement on a connection before psycopg prepares it; ``off``: never (a
    pooler in transaction mode that does not keep prepared statements)."""
    if value is None or value.strip() == "":
        return 5
    return None if value.strip().lower() == "off" else int(value)


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is down or unreachable (a 503 page, plek.web.unavailable) instead
    # of hanging a worker; TCP keepalives notice a server that vanished without closing the
    # connection within about a minute.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "connect_timeout": int(os.environ.get("PLEK_DB_CONNECT_TIMEOUT", "5")),
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
            # Parameters sent apart from the SQL, so psycopg prepares a statement the connection
            # runs often (prepare_threshold): PostgreSQL then parses it once per connection and,
            # after five runs, may keep one generic plan for it (plek.core.plans: where that
            # must not happen).
            "server_side_binding": True,
            "prepare_threshold": _prepare_threshold(os.environ.get("PLEK_DB_PREPARE_THRESHOLD")),
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # WAL and a busy timeout let the demo server and a management command share the file.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("PLEK_TEST_SQLITE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# PostgreSQL's work_mem for the import's transaction: its checks and inserts sort and hash
# millions of rows, which spill to disk at the server's default of 4MB (docs/performance.md).
IMPORT_WORK_MEM = os.environ.get("PLEK_IMPORT_WORK_MEM", "256MB")

# --- authentication -------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Also refuses "Welkom2026!!" and "aaaaaaaaaaaa": a common word dressed up, a repetition.
    {"NAME": "plek.accounts.password_validation.CommonPatternValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses every login attempt while the client is locked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (OpenID Connect), configured by functional admins in the database
    # (plek.integrations.oidc); links only existing, active accounts.
    "plek.integrations.oidc.backend.PlekOidcBackend",
]
# Failed logins for one username from one client address before that pair is locked, failed
# logins from one address (any usernames) before the address is locked, and how long a lock
# lasts after the latest failure (plek.accounts.login_limits).
LOGIN_MAX_FAILURES = int(os.environ.get("PLEK_LOGIN_MAX_FAILURES", "10"))
LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("PLEK_LOGIN_MAX_FAILURES_PER_ADDRESS", "100"))
LOGIN_LOCK_SECONDS = int(os.environ.get("PLEK_LOGIN_LOCK_SECONDS", "900"))
AXES_HANDLER = "plek.accounts.login_limits.LoginLimitHandler"
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(seconds=LOGIN_LOCK_SECONDS)
AXES_RESET_ON_SUCCESS = True
# Attempts during a lock are refused without counting, so a lock ends on time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "plek.accounts.login_limits.username_key"
AXES_LOCKOUT_CALLABLE = "plek.accounts.login_limits.locked_out"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "token"]
# No banner on every start of a command; locks and failures are still logged.
AXES_VERBOSE = False
# Behind reverse proxies the client address is in X-Forwarded-For: PLEK_PROXY_COUNT says how
# many trusted proxies stand in front of plek (0: use the connection's own address).
PROXY_COUNT = int(os.environ.get("PLEK_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "plek.accounts.login_limits.client_address"
OTP_TOTP_ISSUER = "plek"
# How long a functional admin's one-time activation code for enrolling TOTP stays valid.
TOTP_ACTIVATION_HOURS = int(os.environ.get("PLEK_TOTP_ACTIVATION_HOURS", "72"))

# --- access policy ---------------------------------------------------------------------------
# How long a break-the-glass access to a file lasts before it must be asked for again.
BREAK_GLASS_MINUTES = int(os.environ.get("PLEK_BREAK_GLASS_MINUTES", "60"))
# Compiled statements a process keeps (plek.core.compiled): some fifteen per member who worked
# that day, about 40 KB each (20 members' start pages: 320 statements, 13 MB).
COMPILED_STATEMENTS = int(os.environ.get("PLEK_COMPILED_STATEMENTS", "4096"))
# Break-the-glass events per user per day; beyond it the privacy officer must unlock the user.
BREAK_GLASS_PER_DAY = int(os.environ.get("PLEK_BREAK_GLASS_PER_DAY", "5"))
# Unusual access: a user who read more than this many times the distinct persons of the median
# user in the same role (and at least PLEK_UNUSUAL_ACCESS_MINIMUM persons) in the period.
UNUSUAL_ACCESS_FACTOR = float(os.environ.get("PLEK_UNUSUAL_ACCESS_FACTOR", "3"))
UNUSUAL_ACCESS_MINIMUM = int(os.environ.get("PLEK_UNUSUAL_ACCESS_MINIMUM", "20"))

# --- letters to residents ----------------------------------------------------------------------
# The letterhead and signatory on the plan PDF, the postal-address decision letter and the inzage
# letter (plek.core.letterhead). Address lines are separated by "|".
LETTERHEAD_ORGANISATION = os.environ.get("PLEK_LETTERHEAD_ORGANISATION", "Gemeente Plekstad")
LETTERHEAD_ADDRESS = os.environ.get("PLEK_LETTERHEAD_ADDRESS", "Postbus 1000|1000 AA Plekstad")
LETTERHEAD_CONTACT = os.environ.get(
    "PLEK_LETTERHEAD_CONTACT", "Telefoon 14 010 · www.plekstad.example"
)
LETTERHEAD_SIGNATORY = os.environ.get("PLEK_LETTERHEAD_SIGNATORY", "J. de Vries")
LETTERHEAD_SIGNATORY_TITLE = os.environ.get(
    "PLEK_LETTERHEAD_SIGNATORY_TITLE", "Afdelingshoofd Maatschappelijke Opvang"
)

# --- processing log ---------------------------------------------------------------------------
# The key of the log's MAC chains (plek.access.chain). Never stored in the database; outside
# demo mode plek refuses to start without it. The demo key serves the demo and the tests only.
DEMO_LOG_KEY = "plek-demo-only-log-key-change-me"
LOG_KEY = os.environ.get("PLEK_LOG_KEY") or DEMO_LOG_KEY
# Independent chains (heads) the log is sharded over: more chains, less waiting between writers.
LOG_CHAINS = max(1, int(os.environ.get("PLEK_LOG_CHAINS", "16")))
# Signed checkpoints of every chain's length and last MAC: a directory outside the database
# (in production an append-only mount or a separate store).
LOG_ANCHOR_DIR = Path(os.environ.get("PLEK_LOG_ANCHOR_DIR", VAR_DIR / "log-anchors"))
LOG_ANCHOR_SECONDS = int(os.environ.get("PLEK_LOG_ANCHOR_SECONDS", "3600"))

# --- sessions, cookies, headers --------------------------------------------------------------
SECURE_COOKIES = env_bool("PLEK_SECURE_COOKIES", default=not DEMO_MODE and not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("PLEK_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HSTS only when plek itself is told it is served over https (behind a TLS-terminating proxy).
SERVED_OVER_HTTPS = env_bool("PLEK_HTTPS")
if SERVED_OVER_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("PLEK_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)

# --- internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("PLEK_STATIC_ROOT", VAR_DIR / "static"))
NODE_MODULES = PROJECT_DIR / "node_modules"
# Third-party CSS/JS comes from npm at set-up and is served from here, never from a CDN.
STATICFILES_DIRS = [
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Charts: Vega-Lite specs rendered by vega-embed (CSP-safe through vega-interpreter).
    ("vendor/vega", NODE_MODULES / "vega" / "build"),
    ("vendor/vega-lite", NODE_MODULES / "vega-lite" / "build"),
    ("vendor/vega-embed", NODE_MODULES / "vega-embed" / "build"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Browser uploads for the import, read by the Celery worker: a folder every web node and
    # worker mounts (or another storage backend; docs/operations.md), emptied per job.
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("PLEK_IMPORT_DIR", str(VAR_DIR / "imports")),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["plek.accounts.permissions.IsVerifiedUser"],
    # JSON only: DRF's browsable pages need inline scripts and styles that the CSP forbids;
    # /api/v1/docs/ documents the API instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # One list shape everywhere (count, next, previous, results; ?page=n) and one answer for a
    # service's ValidationError: plek.core.api.
    "DEFAULT_PAGINATION_CLASS": "plek.core.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "plek.core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# How old a system client's token (its `iat`) may be, in seconds (plek.api.auth).
PLEK_API_TOKEN_MAX_AGE = int(os.environ.get("PLEK_API_TOKEN_MAX_AGE", "3600"))
SPECTACULAR_SETTINGS = {
    "TITLE": "plek API",
    "DESCRIPTION": "API of plek, the platform for the closed-loop support chain.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # v2 has its own document (plek.api.v2.schema, docs/api/openapi-v2.yaml).
    "PREPROCESSING_HOOKS": ["plek.api.v2.schema.only_v1"],
    "SERVE_PERMISSIONS": ["plek.accounts.permissions.IsVerifiedUser"],
    # Shared vocabularies get one stable name, so other apps' "action" fields cannot clash.
    "ENUM_NAME_OVERRIDES": {
        "LogActionEnum": "plek.access.choices.LogAction",
        "PurposeEnum": "plek.access.choices.Purpose",
        "ConfidentialityEnum": "plek.access.choices.Confidentiality",
        "SexEnum": "plek.people.models.Sex",
        # Signal urgency and waiting-list priority share one vocabulary (spoed/hoog/normaal).
        "PriorityEnum": "plek.core.choices.Priority",
        # API v2's check-in: one aftercare light per ZRM life domain (groen/oranje/rood).
        "StoplichtEnum": "plek.aftercare.models.Light",
    },
}

# --- background work -------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without Redis (the embedded default) tasks run in the calling process.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A job stored as queued whose message never reached a worker (Redis was away) is handed to
# the broker again by celery beat after this many seconds (plek.core.tasks.requeue_waiting).
JOB_REQUEUE_SECONDS = int(os.environ.get("PLEK_JOB_REQUEUE_SECONDS", "30"))
# A running background job renews its lease in the database every quarter of this; one whose
# lease ran out (its worker was killed) reads as aborted and may be rerun (`plek jobs`).
JOB_LEASE_SECONDS = int(os.environ.get("PLEK_JOB_LEASE_SECONDS", "60"))
# Periodic work for `celery beat`: anchoring the processing log outside the database.
CELERY_BEAT_SCHEDULE = {
    "anchor-processing-log": {
        "task": "plek.access.anchor_log",
        "schedule": float(LOG_ANCHOR_SECONDS),
    },
    # ZGW: postal decisions whose zaak is still waiting get their next attempt.
    "zgw-retry-due": {
        "task": "plek.integrations.zgw_retry_due",
        "schedule": 60.0,
    },
    # Jobs that waited for the broker while Redis was away start once it is back.
    "requeue-waiting-jobs": {
        "task": "plek.core.requeue_waiting",
        "schedule": float(JOB_REQUEUE_SECONDS),
    },
}
# Retention periods (plek.retention) run once a night at this hour and minute, when nobody works
# in the files; plek.celery adds the entry as a crontab, so that settings need not import Celery
# (every command would pay for it).
RETENTION_RUN_AT = (2, 30)
if REDIS_URL:
    # A Redis outage degrades the cache to misses instead of failing pages (plek.core.cache);
    # bounded waits so a Redis that does not answer cannot hang a worker.
    REDIS_TIMEOUT = float(os.environ.get("PLEK_REDIS_TIMEOUT", "2"))
    CACHES = {
        "default": {
            "BACKEND": "plek.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
    # The broker: a web request that hands over a job waits at most about one timeout plus a
    # short retry for a Redis that is away, then the job waits in the database instead
    # (plek.core.tasks); workers and beat keep reconnecting, also at start, until Redis is back.
    CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": REDIS_TIMEOUT,
        "socket_timeout": REDIS_TIMEOUT,
    }
    CELERY_TASK_PUBLISH_RETRY_POLICY = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
    CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
    CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker outlives any Redis outage
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
    CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT

# --- logging ---------------------------------------------------------------------------------
# structlog renders every record: JSON lines in production, plain lines in dev and the demo.
# Technical logs hold no personal data (see plek.logconfig and docs/operations.md).
LOG_JSON = env_bool("PLEK_LOG_JSON", default=not DEBUG and not DEMO_MODE)
LOG_LEVEL = os.environ.get("PLEK_LOG_LEVEL", "INFO").upper()
LOGGING = logconfig.logging_config(json=LOG_JSON, level=LOG_LEVEL)
# Calls to other systems (BRP, identity provider, ...) hooked by django-log-outgoing-requests:
# one technical log line each, without headers, bodies or query strings (plek.integrations).
LOGGING["handlers"]["outgoing_calls"] = {"class": "plek.integrations.outgoing.OutgoingCallHandler"}
LOGGING["loggers"]["log_outgoing_requests"] = {
    "handlers": ["outgoing_calls"],
    "level": "DEBUG",
    "propagate": False,
}
logconfig.configure_structlog()

# --- monitor ---------------------------------------------------------------------------------
# Response norms per signal urgency (calendar days) and the postal-address decision term used by
# the monitor; the defaults are those of the exchange contract.
MONITOR_RESPONSE_NORMS = {
    urgency: int(days)
    for urgency, days in (
        item.split("=")
        for item in env_list("PLEK_MONITOR_RESPONSE_NORMS", "spoed=1,hoog=3,normaal=7")
    )
}
MONITOR_POSTAL_DECISION_DAYS = int(os.environ.get("PLEK_MONITOR_POSTAL_DECISION_DAYS", "56"))
# The precomputed monitor: refresh it in a Celery task after imports and changes (default: when
# there is a Redis worker; without one, stale figures are recomputed when a page asks for them),
# and how many past months per municipality the refresh keeps ready.
MONITOR_REFRESH_AFTER_CHANGES = env_bool("PLEK_MONITOR_REFRESH_AFTER_CHANGES", bool(REDIS_URL))
MONITOR_PRECOMPUTE_MONTHS = int(os.environ.get("PLEK_MONITOR_PRECOMPUTE_MONTHS", "12"))

# --- postal addresses and aftercare ----------------------------------------------------------
# The decision term is MONITOR_POSTAL_DECISION_DAYS above: one term for the work and the monitor.
POSTAL_PLAN_DAYS = int(os.environ.get("PLEK_POSTAL_PLAN_DAYS", "28"))
POSTAL_REVIEW_MONTHS = int(os.environ.get("PLEK_POSTAL_REVIEW_MONTHS", "3"))
# Check-in schedule: "every:until" phases, w = weeks and m = months, counted from the start.
AFTERCARE_SCHEDULE = os.environ.get("PLEK_AFTERCARE_SCHEDULE", "4w:6m,3m:24m")
AFTERCARE_PROPOSAL_DAYS = int(os.environ.get("PLEK_AFTERCARE_PROPOSAL_DAYS", "90"))

# --- informal care and volunteers ------------------------------------------------------------
# The carer burden check-in (0–20): from this score on a carer counts as overloaded, and the
# check-in raises a signal "overbelaste mantelzorger" with this urgency (its response norm is
# MONITOR_RESPONSE_NORMS of that urgency).
INFORMAL_OVERLOAD_SCORE = int(os.environ.get("PLEK_INFORMAL_OVERLOAD_SCORE", "13"))
INFORMAL_OVERLOAD_URGENCY = os.environ.get("PLEK_INFORMAL_OVERLOAD_URGENCY", "hoog")
# A new match gets a follow-up conversation this many days after it is made.
INFORMAL_FOLLOW_UP_DAYS = int(os.environ.get("PLEK_INFORMAL_FOLLOW_UP_DAYS", "42"))

# --- intake ----------------------------------------------------------------------------------
# A running intake is meant to be completed within this many days of its start; after that it
# shows as overdue on the wijkteam's worklist and in the dossier.
INTAKE_COMPLETE_DAYS = int(os.environ.get("PLEK_INTAKE_COMPLETE_DAYS", "42"))

# --- plans -----------------------------------------------------------------------------------
# A new plan is reviewed this many months after its start unless a review date is given.
PLAN_REVIEW_MONTHS = int(os.environ.get("PLEK_PLAN_REVIEW_MONTHS", "6"))

"""Settings shared by every profile. Everything that differs between machines comes from the environment.

Sectioned like cookiecutter-django's config/settings/base.py: general, apps, middleware, templates, database and
cache, sign-in and sessions, files and request bodies, mail, Celery, API, security headers, logging, then one section
per app with its tunables. Every app tunable is declared here (never only as a default in an app's conf.py); the
apps' conf.py functions read them at call time, so a test overrides any of them with the `settings` fixture. What an
operator may change without a release (limits, retention, timeouts) is read from the environment and listed in the
README's table of variables; the rest is policy, changed here with a review.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from taskforce.logging_filters import client_mistake_logging

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def env_secret(name: str, default=environ.Env.NOTSET) -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (for container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    value = os.environ.get(name)
    if value:
        return value
    if default is environ.Env.NOTSET:
        sys.exit(f"Missing required setting: set the {name} environment variable (or {name}_FILE).")
    return default


# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# APPS
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "django.forms",  # the widget templates, for the form renderer below
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS and JS served from our own static files
    "taskforce",
    "actionplan",
    "tips",
    "training",
    "publications",
    "firstcontact",
    "opendata",
]

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The header middlewares come before WhiteNoise and the early 400s, so that static files and those answers
    # carry the CSP, Permissions-Policy and X-Frame-Options too.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "taskforce.middleware.BadInputMiddleware",
    "taskforce.middleware.HeadMiddleware",
    "taskforce.middleware.PrivateAnswersMiddleware",
    "taskforce.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "taskforce.middleware.NullOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "taskforce.middleware.SessionLimitsMiddleware",
    "taskforce.middleware.OTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
    "tips.keyring.KeyCookieMiddleware",  # a tip handler's key secret: to their browser only (issue 23)
    # Last, yet before anything reads the body (CsrfViewMiddleware and the views): see taskforce/limits.py.
    "taskforce.limits.RequestBodyLimitMiddleware",
]

# URLS AND TEMPLATES
# ------------------------------------------------------------------------------
ROOT_URLCONF = "taskforce.urls"
WSGI_APPLICATION = "taskforce.wsgi.application"
AUTH_USER_MODEL = "taskforce.User"

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
                "django.template.context_processors.i18n",
                "taskforce.context_processors.portal",
                "opendata.context_processors.open_data_licence",  # the footer of the pages that show public data
            ],
        },
    },
    {
        # Plain text (mail bodies and subjects, taskforce/notifications.py): the same templates, not HTML-escaped,
        # so that "O'Brien" is written O'Brien. Only named uses reach it (`using="text"`); pages use the first.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Lists never count past this many rows (taskforce/pagination.py): the page says "more than N" and offers the
# pages within it, so neither the count nor the deepest page grows with the table.
LIST_COUNT_LIMIT = env.int("LIST_COUNT_LIMIT", default=10_000)

# Widgets are rendered through TEMPLATES, so that templates/ can correct one of Django's own (the admin's
# date and time boxes get labels: templates/admin/widgets/split_datetime.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# DATABASE AND CACHE
# ------------------------------------------------------------------------------
# Both addresses carry a password on several machines: like every secret, each may be read from a file
# (DATABASE_URL_FILE, REDIS_URL_FILE).
DATABASES = {"default": env.db_url_config(env_secret("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Seconds a database connection stays open for the next request (0: closed after each), and whether one kept open
# is checked before it is reused. Development and tests close them; the production profile keeps them 60 s with
# the check (settings/production.py).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=False))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_secret("REDIS_URL", default="")
# Without Redis, rate limits and single-use tokens are kept in each process's memory and background tasks run inside
# the requests. The production profile refuses to start so unless the operator says this one-machine install means
# it (settings/production.py); `check --deploy` then warns of what is lost (taskforce/checks.py).
ALLOW_NO_REDIS = env.bool("ALLOW_NO_REDIS", default=False)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "taskforce",
            # A cache that is down must not take pages down with it: time out fast.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# SIGN-IN, ONE-TIME PASSWORDS AND SESSIONS
# ------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {  # our User has one name field (full_name), which Django's default list of attributes does not name
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:dashboard"  # staff land on their own work after signing in, not the public home
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes). Locks are per (account, address): five wrong passwords from one address lock
# that address out of that account for AXES_COOLOFF_MINUTES, never the owner at their own address. The account as a
# whole is slowed down instead (taskforce/accounts/lockout.py): after SIGNIN_SLOWDOWN_AFTER failures from anywhere
# within the cool-off, it accepts one attempt every SIGNIN_SLOWDOWN_SECONDS. A verified password reset lifts both.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "taskforce.accounts.lockout.username_from_request"
AXES_CLIENT_IP_CALLABLE = "taskforce.net.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
SIGNIN_SLOWDOWN_AFTER = env.int("SIGNIN_SLOWDOWN_AFTER", default=10)
SIGNIN_SLOWDOWN_SECONDS = env.int("SIGNIN_SLOWDOWN_SECONDS", default=30)
# Reset links are made when the mail is sent (never stored) and last two hours.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
# Reset mail: (mails, seconds) per target account, per address (keyed hash) and for the whole portal.
PASSWORD_RESET_LIMITS = {"account": (3, 3600), "address": (5, 3600), "all": (100, 3600)}
# Authenticator enrolment links, issued by an administrator: single use, valid this long.
OTP_ENROLMENT_TIMEOUT = timedelta(hours=env.int("OTP_ENROLMENT_HOURS", default=48))
OTP_BACKUP_CODES = 10

# Sessions, enforced on the server by taskforce.middleware.SessionLimitsMiddleware. Roles that sign in with a
# one-time password work on shared office computers (the 24/7 hotline): 30 minutes idle, 12 hours in all
# (one shift). Everyone else: 8 hours idle, 7 days in all.
SESSION_IDLE_LIMIT_OTP = timedelta(minutes=env.int("SESSION_IDLE_MINUTES_OTP", default=30))
SESSION_ABSOLUTE_LIMIT_OTP = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS_OTP", default=12))
SESSION_IDLE_LIMIT = timedelta(hours=env.int("SESSION_IDLE_HOURS", default=8))
SESSION_ABSOLUTE_LIMIT = timedelta(days=env.int("SESSION_ABSOLUTE_DAYS", default=7))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIMIT.total_seconds())

# The client's address (taskforce/net.py): the reverse proxies whose X-Forwarded-For we believe (addresses or
# networks, e.g. "127.0.0.1,10.0.0.0/24"), and how many of them stand in a row in front of gunicorn. Empty: the
# TCP peer is the client and X-Forwarded-For is ignored (gunicorn reached directly, or `make run`).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=1)

# Authenticators (django-otp). Which roles must use one is decided in taskforce/roles.py (`requires_otp`); this is
# the name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = "Human Trafficking Task Force"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows an authenticator's key

# LANGUAGES AND TIME
# ------------------------------------------------------------------------------
# Every language the portal speaks. Adding one is a line here, one catalogue (`make messages`) and one folder of
# authored content (`content/<code>/`): CONTRIBUTING.md, "Adding a language". Nothing else lists languages.
LANGUAGE_CODE = "en"  # the source language: every text falls back to it, marked, where a translation is missing
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("tl", _("Tagalog")),
    ("pa", _("Punjabi")),
    ("zh-hans", _("Simplified Chinese")),
    ("vi", _("Vietnamese")),
    ("uk", _("Ukrainian")),
    ("ar", _("Arabic")),
]
# The languages the whole portal is written in. In the others, the safety pages (views marked `@safety_page`)
# are translated and every other page says, in the reader's language, that it is shown in these.
PORTAL_LANGUAGES = ["en", "fr"]
# Where a reader reports a mistake in a translation awaiting community review (a mailto: link on those pages).
TRANSLATION_REVIEW_EMAIL = env.str("TRANSLATION_REVIEW_EMAIL", default="translations@taskforce.example")
# What Django does not know of a language: its name in its own script, its direction (taskforce/apps.py adds
# these to django.conf.locale.LANG_INFO at start-up).
EXTRA_LANG_INFO = {
    "tl": {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"},
    "pa": {"bidi": False, "code": "pa", "name": "Punjabi", "name_local": "ਪੰਜਾਬੀ"},
}
LOCALE_PATHS = [BASE_DIR / "locale"]
# The authored text, a folder per language (`content/<code>/`), read by `manage.py load_content`.
CONTENT_DIR = BASE_DIR / "content"
TIME_ZONE = "America/Edmonton"
USE_I18N = True
USE_TZ = True

# STATIC FILES, UPLOADS AND REQUEST BODIES
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The ALTCHA widget's built files, installed by `npm ci` (package.json), served as our own static files: never
# committed, never fetched from another host.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("altcha/external", BASE_DIR / "node_modules" / "altcha" / "dist" / "external"),
    ("altcha/workers", BASE_DIR / "node_modules" / "altcha" / "dist" / "workers"),
    # The SCORM runtime (npm scorm-again) the SCORM player page gives a package (training/views.py).
    ("scorm-again", BASE_DIR / "node_modules" / "scorm-again" / "dist"),
    # The design system's tokens (npm @abgov/design-tokens): colours, type, spacing as CSS custom properties, which
    # static/css/portal.css maps onto Bootstrap's (README, "Design system").
    ("design-tokens", BASE_DIR / "node_modules" / "@abgov" / "design-tokens" / "dist"),
]
# The proxy's own error pages (errors/<status>.html) are rendered from templates by taskforce/errorpages.py.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "taskforce.errorpages.ProxyErrorPagesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Largest request body (taskforce/limits.py): 3 MiB anywhere (every form's text, the 1 MiB action-plan CSV), more
# only where a file is expected and only for whom it is expected. Keep the proxy's limit (nginx
# `client_max_body_size`) at the largest of these. The pixel budget of uploaded pictures: taskforce/uploads.py.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=3 * 2**20)
REQUEST_BODY_LIMITS = [
    # Tip form: the proxy's own limit (nginx `client_max_body_size 20m`, deploy/nginx/portal.conf; README "Body
    # limits"), so that files over the tip form's budget (3 × 5 MiB, tips/uploads.py) come back as the filled form.
    (r"^/[a-z]{2}/tips/report/$", 20 * 2**20, "anyone"),
    # Evidence of an action item (5 MiB) and registry source documents (20 MiB), for signed-in staff only.
    (r"^/[a-z]{2}/action-plan/staff/[^/]+/update/$", 6 * 2**20, "signed-in"),
    (r"^/[a-z]{2}/registry/staff/[^/]+/sources/$", 21 * 2**20, "signed-in"),
    # A lesson written in the portal, with its picture or video (TRAINING_LESSON_VIDEO_MAX_BYTES), for signed-in staff.
    (r"^/[a-z]{2}/training/staff/(modules/[0-9]+/lessons/new|lessons/[0-9]+)/$", 201 * 2**20, "signed-in"),
    # The admin site: publications' PDFs and training videos.
    (r"^/admin/", 256 * 2**20, "staff"),
]
# A refused body up to this size is read and thrown away before the 413, so that a proxy that already buffered it
# whole does not see the connection break ("502 Bad Gateway"); keep it above the proxy's largest body limit.
REQUEST_BODY_DRAIN_MAX_BYTES = env.int("REQUEST_BODY_DRAIN_MAX_BYTES", default=32 * 2**20)
# Pixel budgets of uploaded pictures and of each page of an uploaded PDF (taskforce/uploads.py).
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=40_000_000)
UPLOAD_MAX_PDF_PIXELS = env.int("UPLOAD_MAX_PDF_PIXELS", default=200_000_000)

# FORMS
# ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# MAIL AND NOTIFICATIONS
# ------------------------------------------------------------------------------
# Every message goes through taskforce.notifications.notify() and a Celery task.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The folder of django.core.mail.backends.filebased.EmailBackend, which fails every send without it (each failure
# is then a recorded attempt naming the error's class, see taskforce.notifications).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=None)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Human Trafficking Task Force <no-reply@taskforce.example>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
NOTIFICATION_RETRY_BASE_SECONDS = env.int("NOTIFICATION_RETRY_BASE_SECONDS", default=30)
NOTIFICATION_SENDING_LEASE_SECONDS = env.int("NOTIFICATION_SENDING_LEASE_SECONDS", default=300)
# A fan-out (one event told to many people, taskforce.notifications.fan_out) writes this many mails per run, each
# run in its own transaction, then queues the next: every run ends well within the broker's visibility timeout.
NOTIFICATION_FANOUT_CHUNK = env.int("NOTIFICATION_FANOUT_CHUNK", default=500)
# A fan-out whose progress (taskforce.models.FanOut) has not moved for this long is resumed by the sweeper: its next
# run was refused by the broker, or lost. Long enough for a run to wait behind the previous run's mails on the bulk
# queue; a run queued twice does its chunk once.
NOTIFICATION_FANOUT_STALL_SECONDS = env.int("NOTIFICATION_FANOUT_STALL_SECONDS", default=600)
# The sweeper (every two minutes) re-queues at most this many due mails per run; the rest wait for the next run.
NOTIFICATION_SWEEP_BATCH = env.int("NOTIFICATION_SWEEP_BATCH", default=1000)

# CELERY
# ------------------------------------------------------------------------------
# With REDIS_URL unset, tasks run in-process (eagerly) so `make run` needs no broker.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another worker
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
# Three queues, so that a tip's handlers and account security mail never wait behind bulk mail: "urgent", "default"
# and "bulk" (fan-outs, reminders, subscribers' notices). A notification's priority (notify(priority=...)) or
# enqueue(queue=...) picks one; TASK_PRIORITIES routes the tasks beat starts. A worker started without -Q consumes
# all three (`make run`, a single-worker deployment); production runs one worker per queue (README).
# TASK_QUEUE_NAMES maps each priority to its queue's name (the test profile gives each test worker its own).
TASK_QUEUE_NAMES = {"urgent": "urgent", "default": "default", "bulk": "bulk"}
CELERY_TASK_DEFAULT_QUEUE = TASK_QUEUE_NAMES["default"]
CELERY_TASK_QUEUES = {name: {} for name in TASK_QUEUE_NAMES.values()}
CELERY_TASK_ROUTES = ("taskforce.queue.route",)
TASK_PRIORITIES = {
    "actionplan.tasks.milestones_flag_overdue": "bulk",
    "actionplan.tasks.status_change_fan_out": "bulk",
    "actionplan.tasks.milestone_overdue_fan_out": "bulk",
    "training.tasks.assignments_remind": "bulk",
    "training.tasks.assignment_remind": "bulk",
    "publications.tasks.registry_change_announce": "bulk",
    "publications.tasks.registry_snapshot_build": "bulk",
    "publications.tasks.registry_delist_expired": "bulk",
    "publications.tasks.registry_snapshots_daily": "bulk",
    "tips.tasks.escalations_run": "urgent",
    "tips.tasks.reminders_send": "bulk",
}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# max_retries 0: a publish to a broker that is down fails at once (the row stays pending for the sweepers)
# instead of holding the request for seconds; measured by `make bench` (tip POST p95 5.6x -> 1.3x).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 300,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "max_retries": 0,
}
CELERY_TASK_PUBLISH_RETRY = False  # a broker that is down must not hold a request; sweepers redeliver
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Every two minutes (NOTIFICATION_SWEEP_SECONDS): a mail whose worker died is sent by another worker within
    # its sending lease (NOTIFICATION_SENDING_LEASE_SECONDS) and one sweep.
    "notifications-sweep": {
        "task": "taskforce.tasks.notifications_sweep",
        "schedule": timedelta(seconds=env.int("NOTIFICATION_SWEEP_SECONDS", default=120)),
    },
    "actionplan-milestones-overdue": {
        "task": "actionplan.tasks.milestones_flag_overdue",
        "schedule": timedelta(days=1),
    },
    # the fan-outs of status changes made while the broker was down (actionplan.services.status_changes_sweep)
    "actionplan-status-changes-sweep": {
        "task": "actionplan.tasks.status_changes_sweep",
        "schedule": timedelta(minutes=30),
    },
    "actionplan-progress-report": {"task": "actionplan.tasks.report_generate_scheduled", "schedule": timedelta(days=1)},
    "tips-purge-closed": {"task": "tips.tasks.tips_purge_closed", "schedule": timedelta(days=1)},
    "training-reminders": {"task": "training.tasks.assignments_remind", "schedule": timedelta(days=1)},
    "registry-delist-expired": {"task": "publications.tasks.registry_delist_expired", "schedule": timedelta(days=1)},
    "registry-snapshots": {"task": "publications.tasks.registry_snapshots_daily", "schedule": timedelta(days=1)},
}

# KEYS
# ------------------------------------------------------------------------------
# Field encryption for tips (Fernet keys, newest first; rotate with `manage.py tips_rotate_keys`).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
# Key for keyed hashes (receipt codes, form tokens, proof-of-work challenges). Never the raw value is stored. Rate-limit
# buckets use a secret of their own that lives only in memory (tips/ratekey.py).
HASH_KEY = ""

# API
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Hashed tokens (django-rest-knox), refused to accounts that must use a one-time password.
        "taskforce.accounts.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "taskforce.api.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # A list refuses a query parameter it does not know (400), so that a misspelt filter never gives everything.
    "DEFAULT_FILTER_BACKENDS": ["taskforce.api.KnownParameters"],
    "EXCEPTION_HANDLER": "taskforce.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "taskforce.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
REST_KNOX = {"TOKEN_TTL": timedelta(days=env.int("API_TOKEN_DAYS", default=90)), "AUTH_HEADER_PREFIX": "Token"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Human Trafficking Task Force API",
    "DESCRIPTION": "Public and staff API of the provincial Human Trafficking Task Force portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Without deep links Swagger UI draws each operation's path as text: as a link it sat inside the row's
    # expand button, a control inside a control that keyboards and screen readers cannot use (axe-core).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps have a "status"; give each vocabulary its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ActionItemStatusEnum": "actionplan.models.Status",
        "RegistryEntryStatusEnum": "publications.models.RegistryEntry.Status",
        "TipStatusEnum": "tips.models.Tip.Status",
        "CertificateStatusEnum": "training.models.Certificate.Status",
        "AssessmentVersionStatusEnum": "firstcontact.models.AssessmentVersion.Status",
    },
}

# SECURITY HEADERS
# ------------------------------------------------------------------------------
# On every response, static files included.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "taskforce.views.csrf_failure"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}

# LOGGING
# ------------------------------------------------------------------------------
# A client's mistake (bad host, too many fields, body too big) is one WARNING line without a traceback: the
# `client_mistake` filter, taskforce.logging_filters.ClientMistake, on the loggers listed there.
_QUIET = client_mistake_logging()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": _QUIET["filters"],
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        **_QUIET["loggers"],
        # django.request would print the path of every 404; only server errors (ERROR) get through. Request
        # bodies and addresses are never logged.
        "django.request": {**_QUIET["loggers"]["django.request"], "level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # Pillow logs image metadata (EXIF) at DEBUG; uploaded tip images must never reach a log.
        "PIL": {"level": "INFO"},
    },
}


# ACTION PLAN (actionplan/conf.py)
# ------------------------------------------------------------------------------
# How often the scheduled progress report is due: "monthly", "quarterly" or "off"; and which plans (slugs, comma
# separated) get one — unset: every active plan.
ACTIONPLAN_REPORT_FREQUENCY = env.str("ACTIONPLAN_REPORT_FREQUENCY", default="monthly")
ACTIONPLAN_REPORT_PLANS = env.list("ACTIONPLAN_REPORT_PLANS", default=None)
# Largest action-plan CSV import and largest piece of evidence attached to a status update. Keep
# REQUEST_BODY_LIMITS above in step.
ACTIONPLAN_CSV_MAX_BYTES = env.int("ACTIONPLAN_CSV_MAX_BYTES", default=2**20)
ACTIONPLAN_EVIDENCE_MAX_BYTES = env.int("ACTIONPLAN_EVIDENCE_MAX_BYTES", default=5 * 2**20)
# Status updates an item's public page and each item of the API show (the latest ones): the page's size must not grow
# with its history. The whole history is paged on the item's history page and at /api/action-items/<slug>/updates/,
# ACTIONPLAN_HISTORY_PAGE_SIZE updates a page.
ACTIONPLAN_ITEM_RECENT_UPDATES = env.int("ACTIONPLAN_ITEM_RECENT_UPDATES", default=10)
ACTIONPLAN_HISTORY_PAGE_SIZE = env.int("ACTIONPLAN_HISTORY_PAGE_SIZE", default=25)

# TIPS (tips/conf.py)
# ------------------------------------------------------------------------------
# Tips on one page of a handler's inbox (older ones are on the next pages, never cut off). 25 keeps a page's cost
# (its rows: make bench) near a public page's; urgent tips come first, so a handler works from the top.
TIPS_INBOX_PAGE_SIZE = env.int("TIPS_INBOX_PAGE_SIZE", default=25)
# The inbox counts at most this many matching tips (LIST_COUNT_LIMIT is for the public lists): each counted tip
# costs an index read, so 1,000 keeps the count near a millisecond at 100,000 tips; beyond it the page says "more
# than" and the handler narrows with the filters.
TIPS_INBOX_COUNT_LIMIT = env.int("TIPS_INBOX_COUNT_LIMIT", default=1000)
# Seconds the staff menu's count of a handler's tips with unread reporter activity is kept in the cache (a number,
# nothing of a tip): counted again sooner when any reporter writes or the handler opens a tip.
TIPS_UNREAD_COUNT_SECONDS = env.int("TIPS_UNREAD_COUNT_SECONDS", default=30)
# Anti-abuse limits, counted per keyed hash of the address bucket per window (at most an hour: the hashed bucket
# must not outlive it). README, "Limits on the tip form", explains each.
TIPS_RATE_WINDOW_SECONDS = env.int("TIPS_RATE_WINDOW_SECONDS", default=3600)
TIPS_RATE_PER_ADDRESS = env.int("TIPS_RATE_PER_ADDRESS", default=5)
TIPS_RATE_PER_ADDRESS_SOLVED = env.int("TIPS_RATE_PER_ADDRESS_SOLVED", default=30)
TIPS_RATE_GLOBAL = env.int("TIPS_RATE_GLOBAL", default=200)
TIPS_FOLLOWUP_FAILURES_PER_ADDRESS = env.int("TIPS_FOLLOWUP_FAILURES_PER_ADDRESS", default=10)
TIPS_FOLLOWUP_FAILURES_SOLVED = env.int("TIPS_FOLLOWUP_FAILURES_SOLVED", default=50)
# The form: the least time a person takes to fill it (more once the global level is reached), and how long a form
# token stays valid.
TIPS_MIN_FILL_SECONDS = env.int("TIPS_MIN_FILL_SECONDS", default=3)
TIPS_BUSY_MIN_FILL_SECONDS = env.int("TIPS_BUSY_MIN_FILL_SECONDS", default=30)
TIPS_FORM_TOKEN_MAX_AGE = env.int("TIPS_FORM_TOKEN_MAX_AGE", default=3 * 3600)
# Proof-of-work (ALTCHA): PBKDF2 iterations per try, and the hex prefix the key must start with (normal / busy).
TIPS_POW_COST = env.int("TIPS_POW_COST", default=5000)
TIPS_POW_KEY_PREFIX = env.str("TIPS_POW_KEY_PREFIX", default="00")
TIPS_POW_KEY_PREFIX_BUSY = env.str("TIPS_POW_KEY_PREFIX_BUSY", default="000")
# Files with a tip: how many and how large each (keep REQUEST_BODY_LIMITS' tip rule above their total).
TIPS_MAX_FILES = env.int("TIPS_MAX_FILES", default=3)
TIPS_MAX_FILE_BYTES = env.int("TIPS_MAX_FILE_BYTES", default=5 * 2**20)
# Days a closed tip is kept before it is purged, and how many days before that its handlers are warned.
TIPS_RETENTION_DAYS = env.int("TIPS_RETENTION_DAYS", default=90)
TIPS_PURGE_WARNING_DAYS = env.int("TIPS_PURGE_WARNING_DAYS", default=7)
# Closed tips the daily purge warns about or deletes in one run; while more are due, the run queues the next one.
# Each run stays well within the broker's visibility timeout (CELERY_BROKER_TRANSPORT_OPTIONS).
TIPS_PURGE_CHUNK = env.int("TIPS_PURGE_CHUNK", default=500)
# Nothing waits unseen (tips/escalation.py): how often the escalation run looks for tips not opened within their
# hotline's time, and how many deliveries (or due reminders) one run handles at most; while more remain, the run
# queues the next one. Reminders and follow-up dates: how often due reminders are sent, and after how many days
# without activity an open tip is listed as stale for its hotline.
TIPS_ESCALATION_RUN_SECONDS = env.int("TIPS_ESCALATION_RUN_SECONDS", default=60)
TIPS_ESCALATION_CHUNK = env.int("TIPS_ESCALATION_CHUNK", default=200)
TIPS_REMINDER_RUN_SECONDS = env.int("TIPS_REMINDER_RUN_SECONDS", default=900)
TIPS_STALE_DAYS = env.int("TIPS_STALE_DAYS", default=7)
# Beat's entries for the runs above (their periods are tips settings, so they are added here, after them).
CELERY_BEAT_SCHEDULE.update(
    {
        "tips-escalations": {
            "task": "tips.tasks.escalations_run",
            "schedule": timedelta(seconds=TIPS_ESCALATION_RUN_SECONDS),
        },
        "tips-reminders": {
            "task": "tips.tasks.reminders_send",
            "schedule": timedelta(seconds=TIPS_REMINDER_RUN_SECONDS),
        },
    }
)

# TRAINING (training/conf.py)
# ------------------------------------------------------------------------------
# Days before a due date that the "due soon" reminder goes out; rows per page of the manager's report.
TRAINING_REMIND_DAYS_BEFORE = env.int("TRAINING_REMIND_DAYS_BEFORE", default=7)
TRAINING_REPORT_PAGE_SIZE = env.int("TRAINING_REPORT_PAGE_SIZE", default=25)
# Rows the report's CSV reads from the database at a time while it is written (memory stays flat).
TRAINING_REPORT_CSV_CHUNK = 2000
# The report's CSV is written whole (to a temporary file) before it is sent: more rows than this are refused at
# once (one course at a time then), and a file that takes longer than this many seconds (under gunicorn's 30 s
# timeout) is refused rather than sent short.
TRAINING_REPORT_CSV_MAX_ROWS = env.int("TRAINING_REPORT_CSV_MAX_ROWS", default=100_000)
TRAINING_REPORT_CSV_SECONDS = env.int("TRAINING_REPORT_CSV_SECONDS", default=20)
# Seconds the report's counts (assigned, completed, overdue: counts only) are kept in the cache; the page says
# when they were counted.
TRAINING_REPORT_SUMMARY_SECONDS = env.int("TRAINING_REPORT_SUMMARY_SECONDS", default=300)
# Reminders one run of an assignment's reminder task sends before it queues itself again, so that each run
# ends well within the broker's visibility timeout whatever the size of the organization.
TRAINING_REMINDER_CHUNK = env.int("TRAINING_REMINDER_CHUNK", default=500)
# The largest caption file (WebVTT) of a lesson video. An hour of dense captions is about 100 KB.
TRAINING_CAPTION_MAX_BYTES = env.int("TRAINING_CAPTION_MAX_BYTES", default=2**20)
# Files a training manager adds to a lesson in the portal (training/authoring_forms.py): a picture (re-encoded, within
# UPLOAD_MAX_PIXELS) and a video. Keep REQUEST_BODY_LIMITS' lesson line above the video's size.
TRAINING_LESSON_IMAGE_MAX_BYTES = env.int("TRAINING_LESSON_IMAGE_MAX_BYTES", default=5 * 2**20)
TRAINING_LESSON_VIDEO_MAX_BYTES = env.int("TRAINING_LESSON_VIDEO_MAX_BYTES", default=200 * 2**20)
# Getting people in (training/onboarding.py): an invitation's link works this many days; a self-registration's
# confirmation link this many hours. A CSV of invitations is refused past this size or number of rows, whole.
TRAINING_INVITATION_DAYS = 14
TRAINING_SIGNUP_CONFIRM_HOURS = 48
TRAINING_INVITE_CSV_MAX_BYTES = 256 * 2**10
TRAINING_INVITE_CSV_MAX_ROWS = 500
# Self-registration requests (django-ratelimit rates): per client address, per email address asked for, and for
# everyone together, so that the form cannot be used to send mail in bulk.
TRAINING_SIGNUP_RATE_PER_CLIENT = "10/h"
TRAINING_SIGNUP_RATE_PER_EMAIL = "3/h"
TRAINING_SIGNUP_RATE_GLOBAL = "300/h"
# SCORM packages (training/scorm.py), uploaded in the admin (its body limit above, 256 MiB): how many files, how
# large unpacked (all, and each), how much smaller than unpacked a file over 1 MiB may be in the zip (a zip bomb
# is thousands of times smaller), and the manifest's largest size.
TRAINING_SCORM_MAX_FILES = env.int("TRAINING_SCORM_MAX_FILES", default=3000)
TRAINING_SCORM_MAX_BYTES = env.int("TRAINING_SCORM_MAX_BYTES", default=500 * 2**20)
TRAINING_SCORM_MAX_FILE_BYTES = env.int("TRAINING_SCORM_MAX_FILE_BYTES", default=200 * 2**20)
TRAINING_SCORM_MAX_RATIO = env.int("TRAINING_SCORM_MAX_RATIO", default=100)
TRAINING_SCORM_MAX_MANIFEST_BYTES = 2**20

# REGISTRY AND PUBLICATIONS (publications/conf.py)
# ------------------------------------------------------------------------------
# Days a named business has to make representations after being notified, before its entry may be published.
REGISTRY_REPRESENTATIONS_DAYS = env.int("REGISTRY_REPRESENTATIONS_DAYS", default=14)
# Entries per page on /registry/ and /publications/, and in the Atom feeds.
REGISTRY_PAGE_SIZE = 25
PUBLICATIONS_PAGE_SIZE = 20
PUBLICATIONS_FEED_ITEMS = 50
# Rows fetched per database round trip (keyset pages: WHERE id > last ORDER BY id LIMIT n) while writing the CSV and
# JSON downloads.
REGISTRY_EXPORT_CHUNK_SIZE = 2000
# The whole registry's downloads are files built in the background (publications.tasks.registry_snapshot_build) and
# served as they are, with their SHA-256 and row count. Where they are kept (never under a URL the proxy serves;
# empty: MEDIA_ROOT/registry-snapshots), and how long after a change the build waits for the next one (debounce).
REGISTRY_SNAPSHOT_DIR = env.str("REGISTRY_SNAPSHOT_DIR", default="")
REGISTRY_SNAPSHOT_DEBOUNCE_SECONDS = env.int("REGISTRY_SNAPSHOT_DEBOUNCE_SECONDS", default=60)
# Behind nginx: the internal location that serves that folder (deploy/nginx/portal.conf), so that the proxy sends
# the file and no web worker is held for the length of a large download (X-Accel-Redirect). Empty: Django sends it.
REGISTRY_SNAPSHOT_ACCEL_PREFIX = env.str("REGISTRY_SNAPSHOT_ACCEL_PREFIX", default="")
# A download with search or filters is written live only up to this many rows; a larger one is refused with a
# page that asks to narrow the filters or take the whole registry's file.
REGISTRY_LIVE_EXPORT_MAX_ROWS = env.int("REGISTRY_LIVE_EXPORT_MAX_ROWS", default=10_000)
# Expired entries delisted per run of the daily task; the next chunk is queued as a task of its own.
REGISTRY_DELIST_CHUNK_SIZE = 200
# The longest search text accepted; longer searches get a clear 400.
REGISTRY_SEARCH_MAX_LENGTH = 200
# The registry's figures on its list (entries by industry and by year published: counts only) are counted again
# at most this often, then kept in the cache: two grouped counts of the whole registry on the busiest page.
REGISTRY_FIGURES_SECONDS = env.int("REGISTRY_FIGURES_SECONDS", default=300)
# Largest PDF accepted for a publication or a source document (keep REQUEST_BODY_LIMITS above in step).
PUBLICATIONS_UPLOAD_MAX_BYTES = env.int("PUBLICATIONS_UPLOAD_MAX_BYTES", default=20 * 2**20)
# A subscription confirmation link stays valid this long; a new one is sent to the same address at most this often.
SUBSCRIPTION_CONFIRM_MAX_AGE_DAYS = env.int("SUBSCRIPTION_CONFIRM_MAX_AGE_DAYS", default=7)
SUBSCRIPTION_RESEND_AFTER_MINUTES = env.int("SUBSCRIPTION_RESEND_AFTER_MINUTES", default=60)
# Subscription confirmations: per hour per keyed hash of the client's address, per day per keyed hash of the address
# asked for, per hour for everyone together. The raw values are never kept.
REGISTRY_SUBSCRIBE_RATE_PER_CLIENT = env.int("REGISTRY_SUBSCRIBE_RATE_PER_CLIENT", default=5)
REGISTRY_SUBSCRIBE_RATE_PER_EMAIL = env.int("REGISTRY_SUBSCRIBE_RATE_PER_EMAIL", default=3)
REGISTRY_SUBSCRIBE_RATE_GLOBAL = env.int("REGISTRY_SUBSCRIBE_RATE_GLOBAL", default=100)
# The registry matcher (POST /api/registry/match): requests per minute per keyed hash of the client's address, the
# most candidates one answer lists, and how many candidates each indexed query of the pool reads at most.
REGISTRY_MATCH_RATE_PER_CLIENT = env.int("REGISTRY_MATCH_RATE_PER_CLIENT", default=60)
REGISTRY_MATCH_MAX_RESULTS = 25
REGISTRY_MATCH_POOL = 200

# OPEN DATA AND STATISTICS (opendata/conf.py)
# ------------------------------------------------------------------------------
# No public statistic shows a count below this (11, as the Counter Trafficking Data Collaborative does): smaller
# counts, and the ones that would let them be worked out from the totals, are hidden (opendata/suppression.py).
OPEN_DATA_MIN_CELL = env.int("OPEN_DATA_MIN_CELL", default=11)
# Seconds the computed statistics (numbers only) are kept in the cache, under a key that changes every day.
OPEN_DATA_STATISTICS_CACHE_SECONDS = env.int("OPEN_DATA_STATISTICS_CACHE_SECONDS", default=600)
# Requests one partner API client may make (all its keys together), in DRF's rate form: "600/hour". Over it: 429.
OPEN_DATA_PARTNER_RATE = env.str("OPEN_DATA_PARTNER_RATE", default="600/hour")

# OPEN DATA CATALOGUE (opendata/catalogue.py)
# ------------------------------------------------------------------------------
# The licence every public dataset is published under: named on every download (a `Link: <url>; rel="license"`
# header, the JSON's metadata), in the catalogue, the data package and the DCAT catalogue. Read through
# opendata.catalogue.licence(); a deployment for another government names its own here.
OPEN_DATA_LICENCE = {
    "name": "Open Government Licence – Alberta",
    "url": "https://open.alberta.ca/licence",
    "identifier": "OGL-AB",
}
# Who publishes the datasets (DCAT dct:publisher, the data package's contributors): opendata.catalogue.publisher().
# The government the portal serves, named in every page's header and shown by its crest (a static file's path:
# an operator adds their own crest to their static files and names it here). One name per portal language; the
# other languages show the source language's name, tagged with its language.
PROVINCE_NAME = {
    "en": env.str("PROVINCE_NAME_EN", default="Government of Alberta"),
    "fr": env.str("PROVINCE_NAME_FR", default="Gouvernement de l’Alberta"),
}
PROVINCE_CREST = env.str("PROVINCE_CREST", default="img/crest.svg")
OPEN_DATA_PUBLISHER = {"name": "Alberta Human Trafficking Task Force", "url": "https://www.alberta.ca/"}
# Dated snapshots (opendata.tasks.snapshots_write, daily): every dataset's CSV and JSON in default_storage under
# this folder, one folder a day; the catalogue lists the newest OPEN_DATA_SNAPSHOTS_LISTED days of each dataset.
OPEN_DATA_SNAPSHOT_FOLDER = "opendata/snapshots"
OPEN_DATA_SNAPSHOTS_LISTED = 14
CELERY_BEAT_SCHEDULE["opendata-snapshots"] = {"task": "opendata.tasks.snapshots_write", "schedule": timedelta(days=1)}
TASK_PRIORITIES["opendata.tasks.snapshots_write"] = "bulk"  # files, never urgent
# Each complete month's statistics (each whole year's training) frozen as first published (opendata.stats.published):
# daily, so a month is frozen soon after it ends even if nobody looks; a page or download that comes first freezes it.
CELERY_BEAT_SCHEDULE["opendata-statistics-freeze"] = {
    "task": "opendata.tasks.statistics_freeze",
    "schedule": timedelta(days=1),
}
TASK_PRIORITIES["opendata.tasks.statistics_freeze"] = "bulk"

# ----- issue 22: media on shared object storage -----
# Where uploaded files live: "local" (MEDIA_ROOT on this machine's disk, the default and `make run`) or "s3" (one
# bucket shared by every machine, through django-storages' S3 backend and any S3-compatible server). Objects are
# private (no ACL is ever set): public media (training pictures and videos, publications' PDFs) are streamed from the
# bucket by the portal under /media/ of our own host (taskforce/media.py), private files only through their
# permission-checked views. taskforce/storage.py reads these settings.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="")  # empty: Amazon S3 itself
S3_REGION = env.str("S3_REGION", default="")
S3_ACCESS_KEY_ID = env_secret("S3_ACCESS_KEY_ID", default="")
S3_SECRET_ACCESS_KEY = env_secret("S3_SECRET_ACCESS_KEY", default="")
# A storage that does not answer fails fast (a tip form waits seconds, not minutes): seconds to connect and to read,
# and attempts in all (botocore's retries included).
S3_CONNECT_TIMEOUT = env.float("S3_CONNECT_TIMEOUT", default=3.0)
S3_READ_TIMEOUT = env.float("S3_READ_TIMEOUT", default=5.0)
S3_MAX_ATTEMPTS = env.int("S3_MAX_ATTEMPTS", default=2)
# The top folders of MEDIA whose files anyone may fetch under /media/ (nginx's deploy/nginx/media.conf names the same
# two); every other folder (tips/, actionplan/, registry/, registry-snapshots/, scorm-packages/) answers 404 there.
MEDIA_PUBLIC_FOLDERS = ["publications", "training"]
# The "default" storage both profiles use (production.py names it again after its own STORAGES).
if MEDIA_STORAGE not in ("local", "s3"):
    sys.exit(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")
if MEDIA_STORAGE == "s3" and not S3_BUCKET:
    sys.exit("Missing required setting: set S3_BUCKET (MEDIA_STORAGE=s3 keeps the files in that bucket).")
MEDIA_DEFAULT_STORAGE = (
    {
        "BACKEND": "taskforce.storage.PortalS3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": S3_REGION or None,
            "access_key": S3_ACCESS_KEY_ID or None,
            "secret_key": S3_SECRET_ACCESS_KEY or None,
            "default_acl": None,  # private: the bucket's own policy, never public-read
            # Pages never link the bucket (PortalS3Storage.url is /media/ of our host); an address signed with the
            # backend's own API expires in five minutes.
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,  # a name in use gets a new one, as on the local disk
            "max_memory_size": 8 * 2**20,  # a file opened to read spills to a temporary file past 8 MiB
        },
    }
    if MEDIA_STORAGE == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES["default"] = MEDIA_DEFAULT_STORAGE

# ----- issue 22: one scheduler, health checks and drain (several machines) -----
# Beat on several machines for failover, each scheduled run once: RedBeat keeps the schedule (and each entry's last
# run) in Redis and lets only the beat holding the lock send anything; the others wait for it. The active beat
# renews the lock on every tick (at most BEAT_MAX_LOOP_INTERVAL seconds apart); killed, its lock lapses after
# BEAT_LOCK_TIMEOUT seconds and a standby, polling every BEAT_MAX_LOOP_INTERVAL, takes over: failover within
# BEAT_LOCK_TIMEOUT + BEAT_MAX_LOOP_INTERVAL (35 s by default; drills/tests/test_beat_failover.py measures it).
# Without Redis (`make run`, tasks in-process) nothing changes: Celery's own file scheduler, for one beat only.
BEAT_LOCK_TIMEOUT = env.int("BEAT_LOCK_TIMEOUT", default=30)
BEAT_MAX_LOOP_INTERVAL = env.int("BEAT_MAX_LOOP_INTERVAL", default=5)
if REDIS_URL:
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = REDIS_URL
    CELERY_REDBEAT_REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
    CELERY_REDBEAT_KEY_PREFIX = "redbeat:"
    CELERY_REDBEAT_LOCK_KEY = "redbeat::lock"  # beat_health reads it
    CELERY_REDBEAT_LOCK_TIMEOUT = BEAT_LOCK_TIMEOUT
    CELERY_BEAT_MAX_LOOP_INTERVAL = BEAT_MAX_LOOP_INTERVAL
# Drain a web node for a rolling update: while this file exists, /healthz answers 503 "draining" so the proxy's
# health check sends it no new request; requests under way finish (deploy/drain-web, README "Several machines").
DRAIN_FILE = env.str("DRAIN_FILE", default="")

# ----- issue 22: database connections through PgBouncer -----
# DATABASE_POOLER=pgbouncer says that DATABASE_URL names PgBouncer in transaction mode (deploy/pgbouncer/, README
# "Connection pooling (PgBouncer)"), which lends each transaction whichever server connection is free. Django's
# server-side cursors (QuerySet.iterator(), and so every ModelChoiceField's choices) DECLARE a cursor in one
# transaction and FETCH from it in the next, possibly on another server connection: "cursor _django_curs_… does
# not exist" under load (drills/tests/test_pgbouncer.py). So they are off: iterator() reads its rows in one go,
# and what streams a big table (the registry's downloads and files, the training report's CSV) reads it by keyset
# pages. Connections to PgBouncer are still kept between requests (CONN_MAX_AGE 60 s with CONN_HEALTH_CHECKS, the
# production profile's): through the pooler an idle one holds no PostgreSQL backend, keeping it saves a handshake
# (SCRAM) per request, and the check before reuse means a PgBouncer restart costs no request an error. Set
# CONN_MAX_AGE=0 only if PgBouncer's max_client_conn cannot cover every process. Empty: PostgreSQL directly.
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in ("", "pgbouncer"):
    sys.exit(f"DATABASE_POOLER must be empty or 'pgbouncer', not {DATABASE_POOLER!r}.")
if DATABASE_POOLER == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# ----- issue 23: tips only their recipients can read (tips/keys.py, README "Who can read a tip") -----
# Argon2id costs (libsodium's crypto_pwhash): a handler's password and recovery key each unwrap their private key
# (at sign-in, unlock, password change: about 0.13 s on one core at these costs); a reporter's receipt code derives
# the key to their own tip (each submission and return: about 1.3 ms). The receipt code carries about 98 random
# bits, so its derivation needs no memory-hard cost to resist guessing (the tip form's p95 must stay within 1.3x of
# its pre-issue-23 value: `make bench`); a password does.
TIPS_KEY_KDF_OPS = env.int("TIPS_KEY_KDF_OPS", default=3)
TIPS_KEY_KDF_MEM_KIB = env.int("TIPS_KEY_KDF_MEM_KIB", default=64 * 1024)
TIPS_RECEIPT_KDF_OPS = env.int("TIPS_RECEIPT_KDF_OPS", default=1)
TIPS_RECEIPT_KDF_MEM_KIB = env.int("TIPS_RECEIPT_KDF_MEM_KIB", default=2 * 1024)
# The cookie that holds, in the handler's browser only, the secret their unwrapped key is wrapped with in the session.
TIPS_KEY_COOKIE = env.str("TIPS_KEY_COOKIE", default="tf_tipkey")

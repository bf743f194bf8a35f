"""Settings for Smart Expense Tracker.

One module, configured from the environment (12-factor). Every knob a deployment
changes is read here with a safe laptop default; `.env.example` documents them.
"""

import os
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.money import is_currency_code

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """The variable's value; an unset or empty variable gives the default."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(for local development you may instead set DEBUG=1 to use a development key)."
        )
    SECRET_KEY = "django-insecure-development-key-only-used-when-DEBUG-is-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "categories",
    "rules",
    "expenses",
    "schedules",
    "budgets",
    "reports",
    "ai",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one: every /api/ answer, errors included, is marked no-store.
    "config.middleware.ApiNoStoreMiddleware",
    # Serves the admin's and the API docs' static files in production (after collectstatic).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database -----------------------------------------------------------------------------
# SQLite by default, tuned for several worker processes: WAL lets readers run beside one
# writer, the busy timeout makes a second writer wait instead of failing, and IMMEDIATE
# transactions take the write lock up front so "database is locked" cannot happen mid-way.
# Connections are kept between requests (DB_CONN_MAX_AGE seconds) on both databases: a new
# SQLite connection per request re-reads the schema and starts with a cold page cache.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    }
    # Tests use a file, not shared memory, so they see the same locking (WAL, busy timeout)
    # as a real deployment, concurrent writers included.
    # One file per test run, so two runs side by side never share a database.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"expense-tracker-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache (throttling and shared state) ----------------------------------------------------
# Never a per-process memory cache: several workers must count throttles together.
REDIS_URL = env_str("REDIS_URL") or env_str("CACHE_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "set"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "set"),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Receipts are never served from a public URL: only the owner's API endpoint streams them.
MEDIA_URL = "/media-not-public/"

# --- REST framework -------------------------------------------------------------------------
# Failed sign-ins per client address (API token, admin login, wrong old password), and
# registration attempts per client address (every one counts).
AUTH_THROTTLE_RATE = env_str("AUTH_THROTTLE_RATE", "20/min")
# Failed sign-ins at one username from one client address. Nothing is limited per username
# alone, so nobody can lock another user out (accounts/throttles.py).
AUTH_USERNAME_THROTTLE_RATE = env_str("AUTH_USERNAME_THROTTLE_RATE", "10/min")

NUM_PROXIES = env_int("NUM_PROXIES", 0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES must be 0 or more, got {NUM_PROXIES}.")

REST_FRAMEWORK = {
    # JWT first and alone: a request without credentials is answered 401, not 403.
    # simplejwt's, plus the request hooks (`accounts/hooks.py`: due recurring expenses).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.HookedJWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.SafeJSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "config.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.exceptions.api_exception_handler",
    # 0: no proxy in front, the socket address is the client. (None would make DRF take the
    # whole X-Forwarded-For header, which any client can set, as the client's address.)
    "NUM_PROXIES": NUM_PROXIES,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    # Tokens carry a hash of the user's password hash; a password change ends every token
    # issued before it, access tokens included (401 `password_changed`).
    "CHECK_REVOKE_TOKEN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Smart Expense Tracker API",
    "DESCRIPTION": (
        "Personal expense tracking: expenses, categories, budgets, reports, import/export "
        "and local smart suggestions. Authenticate with a JWT from `auth/token/` and send it "
        "as `Authorization: Bearer <access>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.add_error_components",
    ],
}

# --- CORS: only the browser app's origins -------------------------------------------------
CORS_ALLOWED_ORIGINS = env_list(
    "CORS_ALLOWED_ORIGINS", ["http://127.0.0.1:5173", "http://localhost:5173"]
)
CORS_EXPOSE_HEADERS = ["Content-Disposition", "Retry-After"]
# The app sends cookies to the session endpoints (auth/session/...), and only the origins
# above may read such an answer. No other endpoint reads a cookie: they take Bearer tokens.
CORS_ALLOW_CREDENTIALS = True

# --- Security (production: DEBUG off) -------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Origins whose writes pass the CSRF check (the session endpoints, the admin) besides the
# API's own: by default the app origins CORS admits.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", CORS_ALLOWED_ORIGINS)
# The browser app's session (accounts/views_session.py): the refresh token in an HttpOnly,
# SameSite=Strict cookie sent only to auth/session/. Secure unless turned off; Chromium and
# Firefox accept a Secure cookie from http://localhost and http://127.0.0.1, Safari does not
# (turn it off for plain-HTTP development there, never in production).
AUTH_COOKIE_NAME = env_str("AUTH_COOKIE_NAME", "set_refresh")
AUTH_COOKIE_SECURE = env_bool("AUTH_COOKIE_SECURE", True)
# A CSRF refusal under /api/ is a JSON 403 like every other API error.
CSRF_FAILURE_VIEW = "config.exceptions.csrf_failure"
# The health check is answered on plain HTTP inside the deployment network too.
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Product settings ---------------------------------------------------------------------
DEFAULT_CURRENCY = env_str("DEFAULT_CURRENCY", "INR").upper()
if not is_currency_code(DEFAULT_CURRENCY):
    raise ImproperlyConfigured(f"DEFAULT_CURRENCY {DEFAULT_CURRENCY!r} is not an ISO 4217 code.")
ALLOW_REGISTRATION = env_bool("ALLOW_REGISTRATION", True)
EXPENSE_EDIT_WINDOW_HOURS = env_int("EXPENSE_EDIT_WINDOW_HOURS", 72)
# How many expenses one bulk change or bulk delete may touch.
EXPENSE_BULK_MAX = env_int("EXPENSE_BULK_MAX", 5000)
try:
    BUDGET_WARN_THRESHOLD = Decimal(env_str("BUDGET_WARN_THRESHOLD", "0.8")).quantize(
        Decimal("0.001")
    )
except ArithmeticError as exc:
    raise ImproperlyConfigured("BUDGET_WARN_THRESHOLD must be a number like 0.8.") from exc
if not Decimal(0) < BUDGET_WARN_THRESHOLD <= 1:
    raise ImproperlyConfigured("BUDGET_WARN_THRESHOLD must be above 0 and at most 1.")
RECEIPT_MAX_BYTES = env_int("RECEIPT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
BACKUP_MAX_BYTES = env_int("BACKUP_MAX_BYTES", 500 * 1024 * 1024)
# The backup document itself (backup.json, alone or in a zip) is parsed in memory: at most
# this many bytes, and at most BACKUP_MAX_ROWS rows in each section.
BACKUP_JSON_MAX_BYTES = env_int("BACKUP_JSON_MAX_BYTES", 100 * 1024 * 1024)
BACKUP_MAX_ROWS = env_int("BACKUP_MAX_ROWS", 200_000)
# Receipt files one restore may bring, and the receipt storage of each user (0: unlimited).
RESTORE_MAX_RECEIPTS = env_int("RESTORE_MAX_RECEIPTS", 5_000)
STORAGE_QUOTA_MB = env_int("STORAGE_QUOTA_MB", 500)
AI_ENABLED = env_bool("AI_ENABLED", True)
AI_PROVIDER = env_str("AI_PROVIDER", "local")
OLLAMA_URL = env_str("OLLAMA_URL", "http://127.0.0.1:11434")
OLLAMA_MODEL = env_str("OLLAMA_MODEL", "llama3.2")
AI_TIMEOUT_SECONDS = float(env_str("AI_TIMEOUT_SECONDS", "5"))

# Uploads above this size are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)

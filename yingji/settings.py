"""Yingji settings: one file, configured by environment variables.

Defaults are safe for the embedded demo (SQLite under var/, loopback only). With YINGJI_ENV=production the
settings refuse to start with unsafe values (a default SECRET_KEY, DEBUG on, ALLOWED_HOSTS = "*").
See docs/operations.md for every variable.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env("YINGJI_DATA_DIR", BASE_DIR / "var"))
YINGJI_ENV = env("YINGJI_ENV", "development")
PRODUCTION = YINGJI_ENV == "production"

_DEV_SECRET = "yingji-development-only-secret-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", _DEV_SECRET)
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

if PRODUCTION:
    problems = []
    if SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50:
        problems.append("SECRET_KEY 必须设置为至少 50 个字符的随机值 (SECRET_KEY must be a random value of 50+ chars)")
    if DEBUG:
        problems.append("生产模式下不得开启 DEBUG (DEBUG must be off in production)")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS 必须列出本系统的域名或地址，不得为 * (ALLOWED_HOSTS must name the hosts)")
    if problems:
        raise ImproperlyConfigured("; ".join(problems))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",  # API tokens: stored as SHA-512 digests, with an expiry (the model is accounts.APIToken)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # platform: no business records of its own beyond regions, organisations and accounts
    "yingji.platform.core",
    "yingji.platform.regions",
    "yingji.platform.accounts",
    "yingji.platform.audit",
    "yingji.platform.workdays",
    "yingji.supervision.enterprises",
    "yingji.supervision.enforcement",
    "yingji.supervision.hazards",
    "yingji.supervision.tipoffs",
    "yingji.supervision.portal",
    "yingji.supervision.inspections",
    "yingji.supervision.draws",
    "yingji.supervision.inspection_plans",
    "yingji.supervision.campaigns",
    "yingji.supervision.accidents",
    "yingji.analysis.reports",
    "yingji.analysis.dashboard",
    "yingji.disaster.losses",
    "yingji.disaster.relief",
    "yingji.disaster.officers",
    "yingji.warning.monitoring",
    "yingji.warning.alerts",
    "yingji.warning.release",
    "yingji.warning.response",
    "yingji.command.duty",
    "yingji.command.incidents",
    "yingji.command.resources",
    "yingji.command.plans",
    "yingji.command.training",
    "yingji.analysis.map",
    "yingji.demo",
]
if "pytest" in sys.modules:  # the platform's own test models (platform/core/tests/workflowapp: a record with a workflow)
    INSTALLED_APPS.append("yingji.platform.core.tests.workflowapp")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, compressed and cached, from the app server
    # an HTML error page under /api/ (a 404 of the URL conf, a 500, DEBUG's technical pages) becomes the JSON error
    "yingji.platform.core.api.middleware.APIErrorsAsJSONMiddleware",
    # a page's 404 in DEBUG is the site's own page, never the technical one listing every URL pattern
    "yingji.platform.core.middleware.NoDebugNotFoundPageMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yingji.platform.core.locale.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yingji.platform.accounts.middleware.SecondFactorMiddleware",
    "yingji.platform.accounts.middleware.PasswordChangeMiddleware",
    "yingji.platform.audit.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yingji.urls"
WSGI_APPLICATION = "yingji.wsgi.application"

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
                "yingji.platform.core.context_processors.navigation",
                "yingji.platform.core.context_processors.brand",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    # the embedded database lives in DATA_DIR: make sure it exists, so `yingji demo` works from any fresh folder
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # read-only location: SQLite will then say it cannot open the file
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "yingji.sqlite3",
            "OPTIONS": {
                # as healthchecks does: WAL for concurrent readers, IMMEDIATE so writers queue instead of failing
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
            },
            "TEST": {"NAME": env("YINGJI_TEST_SQLITE", "")} if env("YINGJI_TEST_SQLITE") else {},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The map's tile cache (yingji/analysis/map/tiles.py): in each process's memory. Its keys carry the data versions
# kept in the database, so every process sees a change at once; a tile is some kilobytes (at most 500 points).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "yingji-default"},
    "map": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "yingji-map",
            "OPTIONS": {"MAX_ENTRIES": env_int("YINGJI_MAP_CACHE_TILES", 20000)}},
}

# --- auth and security (等保 2.0 level 3, see docs/security.md) ---------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "yingji.platform.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "yingji.platform.accounts.validators.PasswordReuseValidator", "OPTIONS": {"history": 5}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# a password older than this many days must be changed at the next request (0: never; 等保 L3 asks for a periodic
# change to be configurable, docs/security.md); a password the administrator set must always be changed at first login
YINGJI_PASSWORD_MAX_AGE_DAYS = env_int("YINGJI_PASSWORD_MAX_AGE_DAYS", 0)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "yingji.platform.accounts.backends.UserBackend",  # ModelBackend + the user's relations (load_with_user)
]
AXES_FAILURE_LIMIT = env_int("YINGJI_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("YINGJI_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# a fixed cool-off, as documented: attempts while locked (even with the right password) are refused and audited but
# do not restart the 15 minutes, so nobody is locked out for good by someone who keeps trying (issue 16, item 8)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "yingji.platform.accounts.views.lockout_response"
AXES_VERBOSE = False
# lockout is per account as 等保 asks ("5 failures lock the account"); an IP-wide lock would shut out a whole bureau
# behind one NAT address, so axes' advice to add ip_address is declined on purpose
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# idle timeout: the session expires this long after the last request (SESSION_SAVE_EVERY_REQUEST renews it)
SESSION_COOKIE_AGE = env_int("YINGJI_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# API tokens (accounts/tokens.py, docs/security.md): each expires at most this many days after its creation (the user
# chooses fewer when he creates it); one unused for YINGJI_API_TOKEN_IDLE_DAYS days stops working too (0: off)
YINGJI_API_TOKEN_MAX_AGE_DAYS = max(1, env_int("YINGJI_API_TOKEN_MAX_AGE_DAYS", 90))
YINGJI_API_TOKEN_IDLE_DAYS = env_int("YINGJI_API_TOKEN_IDLE_DAYS", 0)
# a token's last-used time is written at most once per this many seconds (not a write per request)
YINGJI_API_TOKEN_TOUCH_SECONDS = 60
KNOX_TOKEN_MODEL = "accounts.APIToken"
REST_KNOX = {"AUTH_HEADER_PREFIX": "Token", "TOKEN_TTL": timedelta(days=YINGJI_API_TOKEN_MAX_AGE_DAYS)}
# knox's own AuthToken is swapped for accounts.APIToken: its migrations would still create an unused table
MIGRATION_MODULES = {"knox": None}
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("YINGJI_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("YINGJI_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("YINGJI_BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# the bureau's own name and marks (docs/operations.md, "The bureau's name and logo"): the name in the top bar, the
# login page and every page title (empty: 应急管理综合平台, or its translation); the logo and the favicon, each a
# static file (yingji/logo.svg, the default; branding/<file> for a file in $YINGJI_DATA_DIR/branding/) or a path on
# this site (/…): the content security policy loads images from this site only
YINGJI_SITE_NAME = env("YINGJI_SITE_NAME", "")
YINGJI_SITE_LOGO = env("YINGJI_SITE_LOGO", "yingji/logo.svg")
YINGJI_FAVICON = env("YINGJI_FAVICON", "yingji/logo.svg")
OTP_TOTP_ISSUER = env("YINGJI_OTP_ISSUER", YINGJI_SITE_NAME or "应急管理综合平台")
# roles whose members must log in with a second factor (by role code, see accounts/roles.py)
YINGJI_2FA_REQUIRED_ROLES = [r for r in env("YINGJI_2FA_REQUIRED_ROLES", "sysadmin").split(",") if r]

# --- i18n ---------------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# the bureau's own logo and favicon: files put in $YINGJI_DATA_DIR/branding/ are static files too (YINGJI_SITE_LOGO)
BRANDING_DIR = Path(env("YINGJI_BRANDING_DIR", DATA_DIR / "branding"))
if BRANDING_DIR.is_dir():
    STATICFILES_DIRS.append(("branding", BRANDING_DIR))
STATIC_ROOT = DATA_DIR / "static"
# production serves hashed, pre-compressed static files (collectstatic writes them; `yingji serve` runs it first)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "yingji.platform.core.storage.StaticStorage" if PRODUCTION
                    else "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("YINGJI_MEDIA_ROOT", DATA_DIR / "media"))
# the bureau's own 文书 templates (<app_label>/<name>.docx), used instead of the shipped ones (docs/operations.md)
YINGJI_DOC_TEMPLATES_DIR = Path(env("YINGJI_DOC_TEMPLATES_DIR", DATA_DIR / "doc_templates"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- API ----------------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yingji.platform.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["yingji.platform.core.api.permissions.ModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": [
        "yingji.platform.core.api.filtering.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "yingji.platform.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "yingji.platform.core.api.errors.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# a list's `count` is exact up to this many records (a count that reads no further); above it, on PostgreSQL, the
# planner's estimate, marked "count_estimated": true (docs/api.md); 0 counts everything exactly
YINGJI_API_EXACT_COUNT_LIMIT = env_int("YINGJI_API_EXACT_COUNT_LIMIT", 100_000)
SPECTACULAR_SETTINGS = {
    "TITLE": "Yingji 应急管理综合平台 API",
    "DESCRIPTION": "区县应急管理局业务数据接口。所有数据按用户所辖行政区划过滤；错误以 {code, message, errors} 返回。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # the schema names every endpoint and field of the bureau's data: for the bureau's own accounts with a role, not
    # enterprise accounts (issue 16, item 11)
    "SERVE_PERMISSIONS": ["yingji.platform.core.api.permissions.MayReadAPIDocs"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- background jobs (django.tasks with the database backend) ------------------------------------------------------
TASKS = {"default": {"BACKEND": env("YINGJI_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- logging: never request bodies or personal data -----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

YINGJI_PAGE_SIZE = 50
YINGJI_EXPORT_MAX_ROWS = env_int("YINGJI_EXPORT_MAX_ROWS", 200_000)

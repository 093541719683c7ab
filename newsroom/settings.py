"""Settings for the newsroom CMS.

Everything that differs between a laptop and production is read from the
environment (see README, "Configuration"). The defaults are safe for local
development with SQLite; with DEBUG off the project refuses to start without
what production needs.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom.client_address import lockout_address_settings
from newsroom.env import env_bool, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
# A checkout's own development settings, written by `make run`; NEWSROOM_ENV_FILE
# names another file, or none when empty. The environment always wins.
_ENV_FILE = env_str("NEWSROOM_ENV_FILE", str(BASE_DIR / "local.env"))
if _ENV_FILE:
    load_env_file(_ENV_FILE)
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (50+ random characters), "
            "or set DEBUG=true for local development."
        )
    # Development only: a fixed key keeps sessions valid across restarts of `make run`.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "朔州新闻")
# The paper that print pages are imported into when no --publication is given.
DEFAULT_PUBLICATION = env_str("DEFAULT_PUBLICATION", "朔州日报")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "ckeditor",
    "reversion",
    "newsroom.axes_app.AxesConfig",  # django-axes, named for editors
    "articles",
    "people",
    "caching",
    "review",
    "imports",
]

MIDDLEWARE = [
    "newsroom.db_router.PinPrimaryAfterWriteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the page cache: a database outage the page cache has no copy
    # for is a 503 with Retry-After (newsroom/db_outage.py).
    "newsroom.db_outage.DatabaseOutageMiddleware",
    # Before sessions and auth: a cached page for an anonymous reader is
    # served without touching them (articles/page_cache/).
    "articles.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.locale.AdminOnlyLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.csp.NewsroomCSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address never reach the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Logins: after 5 failures for one username from one address, that pair waits
# an hour. Counting the pair (not the address alone) keeps one newsroom behind
# a shared NAT from locking everyone out; an address whose failures name 10
# different usernames within the hour (password spraying) is locked as a
# whole (newsroom/login_lockout.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = "newsroom.login_lockout.lockout_parameters"
AXES_SPRAY_USERNAMES = env_int("AXES_SPRAY_USERNAMES", 10)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# The client's address: behind the proxy, the one it appended to
# X-Forwarded-For; otherwise the connection's (newsroom/client_address.py).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
_CLIENT_ADDRESS = lockout_address_settings(BEHIND_TLS_PROXY)
AXES_IPWARE_META_PRECEDENCE_ORDER = _CLIENT_ADDRESS["AXES_IPWARE_META_PRECEDENCE_ORDER"]
AXES_IPWARE_PROXY_COUNT = _CLIENT_ADDRESS["AXES_IPWARE_PROXY_COUNT"]
IPWARE_STRICT = _CLIENT_ADDRESS["IPWARE_STRICT"]

# Content Security Policy, in development too so that breakage shows early.
# CKEditor 4 and the admin set inline styles, so styles allow 'unsafe-inline';
# on the public site scripts never do (the admin's exception: newsroom/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.site",
            ],
        },
    },
]

# SQLite under var/ is the embedded default so that `make run` needs no server;
# production sets DATABASE_URL=postgres://...
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# PostgreSQL's JIT compiler spends 50-60 ms compiling any query the planner
# thinks is costly (a story's related-stories query, at 20,000 stories), far
# more than such a query takes to run: a web page's queries are short, so off.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A database that does not answer costs a request seconds, not minutes.
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
    # The readers' queries compiled once per process (articles/compiled_sql.py)
    # are prepared on a connection once they have run this many times on it:
    # PostgreSQL then no longer parses and plans them on every page. Django's
    # own queries never are (client-side binding). Empty turns it off, for a
    # pooler that cannot keep prepared statements (PgBouncer in transaction
    # mode before 1.21).
    _prepare_threshold = env_str("DATABASE_PREPARE_THRESHOLD", "5")
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = int(_prepare_threshold) if _prepare_threshold else None
    if _prepare_threshold:
        # Planned once for any values: PostgreSQL's default re-plans each call
        # of the lists' queries (its estimate for "published before $1" is a
        # third of the table), which was most of their cost. Only prepared
        # statements are concerned, and only compiled_sql prepares; a query
        # whose plan must follow its values is not prepared (planned_per_call()).
        DATABASES["default"]["OPTIONS"]["options"] += " -c plan_cache_mode=force_generic_plan"

# Read replicas: DATABASE_REPLICA_URLS=postgres://…,postgres://… (see newsroom/db_router.py).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES[_alias]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.NewsroomRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsroom"),
            # A hung or unreachable Redis costs milliseconds: short timeouts, no
            # retries (redis-py's default for a pool), and after a failure the
            # cache is skipped for CACHE_RETRY_SECONDS (newsroom/redis_cache.py).
            "OPTIONS": {
                "socket_connect_timeout": env_int("REDIS_CONNECT_TIMEOUT_MS", 100) / 1000,
                "socket_timeout": env_int("REDIS_SOCKET_TIMEOUT_MS", 250) / 1000,
            },
            "RETRY_SECONDS": env_int("CACHE_RETRY_SECONDS", 1),
            "ERROR_LOG_SECONDS": env_int("CACHE_ERROR_LOG_SECONDS", 60),
        }
    }
    # Sessions in the shared cache, backed by the database: any app server
    # can serve any request, a Redis restart logs nobody out, and without
    # Redis sessions are read from the database (the cache fails open).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The import desk's jobs (imports/jobs.py). With a broker (CELERY_BROKER_URL,
# else REDIS_URL) they go to Celery workers; without one they run in a thread
# of the web process after the response ("thread"), so `make run` needs no
# Redis. IMPORT_JOBS=inline runs them before the response (tests only).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
IMPORT_JOBS = env_str("IMPORT_JOBS", "celery" if CELERY_BROKER_URL else "thread")
# A tag on more stories than this is renamed or deleted by a job of the same
# kind (articles/tag_edit_queue.py), not in the admin's request: 500 stories
# take about 3 s there, and gunicorn ends a request at 30 s.
TAG_EDIT_INLINE_MAX = env_int("TAG_EDIT_INLINE_MAX", 500)
# A job is acknowledged only when it has finished, and a worker that dies
# mid-job gives it back: a killed worker loses no upload. Each page is saved
# in one transaction and a finished page is skipped when the job runs again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 3)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending an upload's job gives up quickly when the broker is down: the upload
# is kept in the database and sent again (imports/jobs.py), not left hanging.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A job whose worker vanished (killed outright) is handed out again after
    # this long; it must exceed the longest job (50 pages take about a minute).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_timeout": 5,
    "socket_connect_timeout": 3,
    "global_keyprefix": env_str("CELERY_KEY_PREFIX", ""),
}

# People the importer found appear on the public site once an editor confirmed
# them; PEOPLE_PUBLIC_MIN_CONFIDENCE=0.9 would also show those the extractor
# was at least that sure of. Unset: confirmed only.
_people_threshold = env_str("PEOPLE_PUBLIC_MIN_CONFIDENCE")
PEOPLE_PUBLIC_MIN_CONFIDENCE = float(_people_threshold) if _people_threshold else None

# Whole pages for anonymous readers, invalidated exactly (articles/page_cache/).
# PAGE_CACHE_SECONDS=0 turns it off. Browsers and a CDN may keep a page for
# PAGE_CACHE_HTTP_MAX_AGE seconds and serve it stale while revalidating.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_HTTP_MAX_AGE = env_int("PAGE_CACHE_HTTP_MAX_AGE", 60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 600)
# How long past its freshness a page is kept, to be served when the database
# is down (marked X-Page-Cache: stale-if-error).
PAGE_CACHE_STALE_IF_ERROR_SECONDS = env_int("PAGE_CACHE_STALE_IF_ERROR_SECONDS", 3600)
# Pages each worker also keeps in its memory, served while the cache's clock
# says nothing changed (articles/page_cache/held.py): at most this many bytes a
# worker, a page's HTML and headers plus about 3 KB a page and 200 bytes a
# dependency (a home page about 45 KB), the least recently served dropped
# first; 0 holds none.
PAGE_LOCAL_CACHE_BYTES = env_int("PAGE_LOCAL_CACHE_BYTES", 32_000_000)
# How often each process reads the shared cache's generation (caching/generation.py).
CACHE_GENERATION_CHECK_SECONDS = env_int("CACHE_GENERATION_CHECK_SECONDS", 1)
# Retry-After of the 503 page answered while the database is down.
OUTAGE_RETRY_AFTER_SECONDS = env_int("OUTAGE_RETRY_AFTER_SECONDS", 30)
# Parts of pages (story cards, the lead, navigation, sidebar) kept between page
# renders with the same exact invalidation (articles/fragments.py); 0 turns it off.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 86400)
# Fragment HTML each worker also keeps in its memory, in characters: Python
# holds about five bytes per character held (the text twice, the entries'
# dependencies), so the default is about 40 MB a worker.
FRAGMENT_LOCAL_CACHE_CHARS = env_int("FRAGMENT_LOCAL_CACHE_CHARS", 8_000_000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# `loaddata departments seed-page` finds the project's fixtures by name.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media on S3-compatible object storage when a bucket is configured
# (pip install '.[s3]'); the local disk under var/media otherwise.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: photos come from newsroom cameras; anything larger is a mistake.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# CKEditor 4 is end-of-life and its editor does no trustworthy filtering of its
# own: every body is sanitized server-side with nh3 in Article.save(), so the
# ckeditor.W001 "CKEditor 4 is no longer supported" warning is silenced here
# knowingly rather than ignored.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]
CKEDITOR_BASEPATH = "/static/ckeditor/ckeditor/"
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": [
            ["Format", "Bold", "Italic", "Underline", "Strike"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink", "Image", "Table", "HorizontalRule"],
            ["Undo", "Redo", "RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        "height": 420,
        "width": "100%",
        "language": "zh-cn",
        # Let the editor drop what the server-side sanitizer would drop anyway,
        # so what an editor sees is what gets saved.
        "allowedContent": (
            "p h2 h3 h4 strong em b i u s sub sup blockquote ul ol li br hr;"
            "a[!href,title];img[!src,alt,width,height];"
            "table thead tbody tfoot tr th td caption figure figcaption"
        ),
    }
}

TAGGIT_CASE_INSENSITIVE = True

LOGIN_URL = "admin:login"
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"

# Production hardening. Every HTTPS setting is on by default with DEBUG off;
# BEHIND_TLS_PROXY=true trusts X-Forwarded-Proto from a TLS-terminating proxy,
# and SECURE_SSL_REDIRECT=false leaves redirects to that proxy.
if not DEBUG:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is empty: set it to the site's host names.")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"jieba": {"level": "WARNING"}},
}

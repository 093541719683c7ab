"""Settings for the test suite.

PostgreSQL whenever one is reachable (DATABASE_URL, else 127.0.0.1:5432 as
user postgres), SQLite otherwise with a line saying so. With CI=true a missing
PostgreSQL is an error, not a skip. TEST_DATABASE=sqlite forces SQLite.

Each run gets its own test database name, so two runs on one machine (or a run
that was killed and left its database behind) never collide; pytest-django
creates and drops it, and xdist workers add their own suffix.
"""

import os
import sys
import uuid

# The suite sets its own environment; a checkout's local.env is for `make run`.
os.environ.setdefault("NEWSROOM_ENV_FILE", "")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "test-" + "x" * 60)
_run_id = os.environ.setdefault("NEWSROOM_TEST_RUN", uuid.uuid4().hex[:8])


def _postgres_url():
    if os.environ.get("TEST_DATABASE", "").lower() == "sqlite":
        return None
    url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    try:
        import psycopg

        psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
    except Exception as exc:  # any failure to connect means "not reachable"
        if os.environ.get("CI", "").lower() == "true":
            raise RuntimeError(f"CI=true but PostgreSQL is not reachable at {url}: {exc}") from exc
        return None
    return url


_pg = _postgres_url()
if _pg:
    os.environ["DATABASE_URL"] = _pg
else:
    os.environ["DATABASE_URL"] = "sqlite:///:memory:"
    if os.environ.get("PYTEST_XDIST_WORKER") is None and not os.environ.get("_NEWSROOM_SQLITE_SAID"):
        os.environ["_NEWSROOM_SQLITE_SAID"] = "1"
        print("PostgreSQL not reachable (or TEST_DATABASE=sqlite): running the suite on SQLite.", file=sys.stderr)

from newsroom.settings import *  # noqa: E402,F401,F403

DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": f"test_newsroom_{_run_id}" if _pg else None}
if _pg:
    # A second real PostgreSQL database standing in for a read replica, for
    # the router's tests (tests/scale/test_db_router.py). Reads go to it only
    # where a test lists it in DATABASE_REPLICAS.
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"NAME": f"test_newsroom_{_run_id}_replica"}}
DATABASE_REPLICAS = []
# Off by default: the local-memory cache outlives each test's database
# rollback. tests/scale/test_page_cache.py turns it on with a clean cache.
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0  # likewise; tests/scale/test_fragments.py turns it on
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The import desk's jobs run before the response in tests; tests/desk/ runs a
# real Celery worker where the queue itself is under test.
IMPORT_JOBS = "inline"

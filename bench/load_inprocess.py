"""The load section's in-process figures, through Django's test Client rather
than HTTP: SQL queries per page type with no page cache, and the admin
changelist's load time."""

from __future__ import annotations

import statistics
import time

from bench.common import secret_key
from bench.load_http import PAGE_TYPES


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)


def count_queries(urls: dict[str, list[str]], samples: int = 10) -> dict:
    """SQL queries per page type with no page cache (PAGE_CACHE_SECONDS=0 in
    this process), in-process through Django's test Client."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    client.get(urls["story"][-1])  # a worker's first request loads per-process caches (ContentType…)
    out = {}
    for kind in PAGE_TYPES:
        counts, statuses, times = [], [], []
        for path in urls.get(kind, [])[:samples]:
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
            statuses.append(response.status_code)
            counts.append(len(ctx.captured_queries))
        ok = [c for c, s in zip(counts, statuses) if s == 200]
        out[kind] = {
            "urls": len(counts),
            "statuses": sorted(set(statuses)),
            "min": min(ok) if ok else None,
            "median": statistics.median(ok) if ok else None,
            "max": max(ok) if ok else None,
            "in_process_ms_median": statistics.median(times) if times else None,
        }
    return out


def time_admin(repeat: int = 5) -> dict:
    """Median of ``repeat`` loads of the article changelist, logged in as a superuser."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    User = get_user_model()
    user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench@example.cn", secret_key()[:24]
    )
    client = _client()
    client.force_login(user)
    url = f"/{settings.ADMIN_URL}articles/article/"
    first = client.get(url)
    if first.status_code != 200:
        return {"error": f"GET {url} answered {first.status_code}"}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    sql = sorted(((float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries), reverse=True)
    return {
        "stories": Article.objects.count(),
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "runs_ms": [round(t, 1) for t in times],
        "queries": len(ctx.captured_queries),
        "sql_ms": sum(t for t, _ in sql),
        "slowest_sql": [(round(t, 1), q[:300]) for t, q in sql[:3]],
        "url": url,
    }


def vacuum_analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

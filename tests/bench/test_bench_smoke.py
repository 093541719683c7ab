"""Smoke test of `make bench`'s load section: a tiny corpus, short runs.

Runs ``bench/run.py load --quick`` in a subprocess against the local
PostgreSQL and Redis (the benchmark makes and drops its own scratch database
and claims a Redis db of its own), then checks that the report has its tables
and that no request failed. It never asserts timings: they depend on the
machine. Skipped when PostgreSQL or Redis is unreachable, except with CI=true,
where that is a failure; skipped in the SQLite pass of `make test`
(TEST_DATABASE=sqlite), since the benchmark runs on PostgreSQL only.

One test function, so that pytest-xdist never runs the benchmark twice.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("BENCH_SERVER_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
PAGES = ["home", "story", "person"]


def _unreachable():
    try:
        import psycopg

        psycopg.connect(SERVER.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means unreachable
        return f"PostgreSQL not reachable at {SERVER}: {exc}"
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        return f"Redis not reachable at {REDIS}: {exc}"
    return None


def _run_bench(tmp_path):
    if os.environ.get("TEST_DATABASE", "").lower() == "sqlite":
        pytest.skip("the load benchmark runs on PostgreSQL only (TEST_DATABASE=sqlite)")
    reason = _unreachable()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the load benchmark cannot run: {reason}")
        pytest.skip(f"load benchmark needs PostgreSQL and Redis: {reason}")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    cmd = [
        sys.executable,
        "bench/run.py",
        "load",
        "--quick",
        "--stories",
        "120",
        "--duration",
        "2",
        "--soak-seconds",
        "2",
        "--max-urls",
        "8",
        "--pages",
        ",".join(PAGES),
        "--no-install",
        "--out",
        str(tmp_path),
    ]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, (
        f"bench/run.py failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    )
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    return report, results["sections"]["load"]["figures"]


def test_load_bench_smoke(tmp_path):
    bench_run = _run_bench(tmp_path)
    check_report_has_every_table(bench_run)
    check_no_request_failed(bench_run)
    check_figures_are_recorded(bench_run)
    check_scratch_resources_are_gone(bench_run)


def _rows(report, title_start):
    """The data rows of the table whose title starts with ``title_start``, split on whitespace."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title_start))
    rows = []
    for line in lines[start + 3 :]:
        if not line.strip():
            break
        rows.append(line.split())
    return rows


def check_report_has_every_table(bench_run):
    report, _ = bench_run
    for title in (
        "Corpus",
        "SQL queries per page",
        "In-process render",
        "HTTP (",
        "Three states beside the static",
        "Soak",
        "Admin article changelist",
    ):
        assert any(line.startswith(title) for line in report.splitlines()), f"no {title!r} table in:\n{report}"
    http_rows = {(row[0], row[1]) for row in _rows(report, "HTTP (")}
    for page in ["static", *PAGES]:
        for cache in ("cold", "warm"):
            assert (page, cache) in http_rows, f"no {page}/{cache} row in:\n{report}"
    assert "cold story page:" in report
    assert "static ceiling / warm story throughput" in report


def check_no_request_failed(bench_run):
    _, figures = bench_run
    for cache in ("cold", "warm"):
        for page, run in figures["http"][cache].items():
            assert run["errors"] == 0, (cache, page, run)
            assert run["non_2xx_3xx"] == 0, (cache, page, run)
            assert run["status"]["5xx"] == 0, (cache, page, run)
    soak = figures["soak"]
    assert soak["errors"] == 0 and soak["status"]["5xx"] == 0, soak


def check_figures_are_recorded(bench_run):
    _, figures = bench_run
    assert figures["corpus"]["stories"] == 120
    assert isinstance(figures["story_queries_max"], int)
    assert figures["admin"]["at_corpus"]["median_ms"] > 0
    assert set(figures["http"]["warm"]) == {"static", *PAGES}
    for page in ("home", "department", "tag"):
        assert 0 < figures["render"]["pages"][page]["after_publish_fraction"], page


def check_scratch_resources_are_gone(bench_run):
    import psycopg
    import redis

    _, figures = bench_run
    with psycopg.connect(SERVER.replace("postgres://", "postgresql://", 1)) as conn:
        left = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [figures["database"]]).fetchall()
    assert not left, f"{figures['database']} was not dropped"
    client = redis.Redis.from_url(f"{REDIS.rstrip('/')}/{figures['redis_db']}")
    if client.get("newsroom-bench:owner") is None:  # not claimed since by another bench run
        assert client.dbsize() == 0, f"Redis db {figures['redis_db']} was not flushed"

#!/usr/bin/env python
"""Faults section: a soak on the story, home and search pages while the
server's Redis is stopped and started twice and its database connections
are cut once, beside the same soak without faults.

    .venv/bin/python bench/faults.py [--stories 5000] [--soak-seconds 60] [--connections 16] [--quick]

Normally run through ``bench/run.py faults``. The server is gunicorn as
production runs it, on a scratch PostgreSQL database reached through a TCP
proxy of the benchmark's own, with a redis-server of its own (saved to disk
when stopped, so it returns with its data): the machine's PostgreSQL and
Redis are never stopped. Each phase is one wrk run; a fault happens half a
second into its phase, while requests are in flight. Everything is removed
at the end, also on failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import httpload  # noqa: E402
from bench.common import (  # noqa: E402
    create_database,
    database_url,
    drop_database,
    drop_stale_databases,
    install_signal_handlers,
    production_env,
    progress,
    say,
    scratch_name,
    table,
    write_json,
)
from bench.fault_servers import RedisServer, TcpProxy  # noqa: E402
from bench.load_http import Server  # noqa: E402
from bench.load_inprocess import vacuum_analyze  # noqa: E402

# (name, share of the soak, what happens half a second into the phase)
PHASES = [
    ("steady", 1 / 6, None),
    ("Redis stopped", 1 / 6, "stop_redis"),
    ("Redis back", 1 / 6, "start_redis"),
    ("Redis stopped again", 1 / 6, "stop_redis"),
    ("Redis back again", 1 / 6, "start_redis"),
    ("database cut", 1 / 12, "cut_database"),
    ("database back", 1 / 12, "restore_database"),
]
FAULT_DELAY = 0.5


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stories", type=int, default=None, help="corpus size (default 5,000; 500 with --quick)")
    p.add_argument("--soak-seconds", type=float, default=None, help="length of each soak (default 60; 14 with --quick)")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--max-urls", type=int, default=200, help="distinct story and search URLs at most")
    p.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    p.add_argument("--out", default=str(ROOT / "var" / "bench"), help="output folder")
    p.add_argument("--json-out", default=None, help="write the figures here as JSON")
    args = p.parse_args(argv)
    args.stories = args.stories or (500 if args.quick else 5_000)
    args.soak_seconds = args.soak_seconds or (14 if args.quick else 60)
    return args


class Faults:
    """The levers: the server's own Redis and the proxy to its database."""

    def __init__(self, redis: RedisServer, proxy: TcpProxy):
        self.redis, self.proxy = redis, proxy

    def stop_redis(self):
        self.redis.stop(save=True)

    def start_redis(self):
        self.redis.start()

    def cut_database(self):
        self.proxy.cut()

    def restore_database(self):
        self.proxy.restore()


def soak(run, base, paths, seconds, connections, faults: Faults | None) -> list[dict]:
    """One wrk run per phase; with ``faults``, each phase's fault half a second in."""
    rows = []
    for name, share, action in PHASES:
        length = max(2.0, seconds * share)
        timer = None
        if faults is not None and action:
            timer = threading.Timer(FAULT_DELAY, getattr(faults, action))
            timer.start()
        result = run(base=base, paths=paths, seconds=length, connections=connections, threads=2)
        if timer is not None:
            timer.join()
        result["phase"] = name
        rows.append(result)
        progress(
            f"  {name}: {result['rps']:.0f} req/s, p99 {result['p99_ms']:.0f} ms, 5xx {result['status']['5xx']} "
            f"(503 {result['status'].get('503', 0)}), errors {result['errors']}"
        )
    return rows


def verdicts(faulty: list[dict]) -> list[str]:
    by_phase = {r["phase"]: r for r in faulty}
    redis_5xx = sum(by_phase[n]["status"]["5xx"] for n, _, _ in PHASES if "Redis" in n)
    cut = by_phase["database cut"]
    other_5xx = cut["status"]["5xx"] - cut["status"].get("503", 0)
    errors = sum(r["errors"] for r in faulty)
    return [
        f"5xx while Redis was stopped or coming back: {redis_5xx} (target 0: {'OK' if redis_5xx == 0 else 'NOT MET'})",
        f"5xx other than 503 while the database was cut: {other_5xx} "
        f"(503s: {cut['status'].get('503', 0)}; target: only 503s: {'OK' if other_5xx == 0 else 'NOT MET'})",
        f"connection errors and timeouts over the soak: {errors}",
    ]


def report(clean: list[dict], faulty: list[dict], connections: int, tool: str) -> str:
    rows = []
    for a, b in zip(clean, faulty):
        rows.append(
            [
                a["phase"],
                round(a["seconds"], 1),
                a["rps"],
                round(a["p99_ms"], 1),
                a["status"]["5xx"],
                b["rps"],
                round(b["p99_ms"], 1),
                b["status"]["5xx"],
                b["status"].get("503", 0),
                b["errors"],
            ]
        )
    return table(
        ["phase", "s", "no faults req/s", "p99 ms", "5xx", "faults req/s", "p99 ms", "5xx", "of them 503", "errors"],
        rows,
        title=f"Soak with faults ({tool}; gunicorn -w 2 sync, DEBUG=false, page cache on; story, home and "
        f"search pages at -c{connections}; left: the same phases without faults)",
    )


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    install_signal_handlers()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    drop_stale_databases("newsroom_bench_faults")
    dbname = scratch_name("newsroom_bench_faults")
    work = out_dir / f"faults-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    figures = {
        "stories": args.stories,
        "soak_s": args.soak_seconds,
        "connections": args.connections,
        "loadavg_start": os.getloadavg(),
        "notes": [],
    }
    redis = RedisServer(work)
    upstream = urlsplit(database_url(dbname))
    proxy = TcpProxy((upstream.hostname or "127.0.0.1", upstream.port or 5432))
    server = None
    try:
        create_database(dbname)
        redis.start()
        env = production_env(
            dbname,
            None,
            STATIC_ROOT=out_dir / "static",
            MEDIA_ROOT=work / "media",
            PAGE_CACHE_SECONDS=600,
            DATABASE_CONN_MAX_AGE=60,
        )
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        from articles.search.index import reindex_all
        from bench.corpus import build_corpus

        progress(f"building {args.stories} stories in {dbname}")
        corpus = build_corpus(args.stories, media_root=work / "media", real_images=0, max_urls=args.max_urls)
        reindex_all(rebuild=True)
        vacuum_analyze()
        from django.db import connections

        connections.close_all()

        served = {
            **env,
            "REDIS_URL": redis.url(),
            "CACHE_KEY_PREFIX": "bench",
            "DATABASE_URL": f"postgres://{upstream.username or 'postgres'}@127.0.0.1:{proxy.port}/{dbname}",
        }
        server = Server(served, work / "gunicorn.log")
        server.wait_ready()
        stories, search = corpus.urls["story"], corpus.urls["search"]
        paths = [
            p for trio in zip(stories, ["/"] * len(stories), search * (len(stories) // len(search) + 1)) for p in trio
        ]
        figures["urls"] = {"story": len(stories), "search": len(search), "home": 1}
        wrk, tool = httpload.ensure_wrk(install=False)
        figures["load_generator"] = tool
        run = (lambda **kw: httpload.run_wrk(wrk, workdir=work, **kw)) if wrk else httpload.run_python
        progress("warming the page cache")
        for path in dict.fromkeys(paths):
            httpload.get(server.base, path)

        progress(f"soak without faults, {args.soak_seconds:g}s at -c{args.connections}")
        figures["clean"] = soak(run, server.base, paths, args.soak_seconds, args.connections, None)
        progress(f"soak with faults, {args.soak_seconds:g}s at -c{args.connections}")
        figures["faulty"] = soak(run, server.base, paths, args.soak_seconds, args.connections, Faults(redis, proxy))
        log = (work / "gunicorn.log").read_text(errors="replace")
        figures["worker_errors_logged"] = log.count("Traceback")
        figures["verdicts"] = verdicts(figures["faulty"])
        say(report(figures["clean"], figures["faulty"], args.connections, tool))
        for line in figures["verdicts"]:
            say(line)
        say(
            f"tracebacks in the server's log: {figures['worker_errors_logged']}; load average at the start "
            f"{' '.join(f'{x:.2f}' for x in figures['loadavg_start'])}, at the end "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (a shared machine: compare the two columns, not runs)"
        )
    finally:
        if server is not None:
            server.stop()
        proxy.close()
        redis.close()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        drop_database(dbname)
        shutil.rmtree(work, ignore_errors=True)
        write_json(args.json_out, figures)
    return figures


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Load section: build a corpus on a scratch PostgreSQL database,
serve it with gunicorn as production would, drive it with wrk, cold and warm.

    .venv/bin/python bench/load.py [--stories 20000] [--quick] [--json-out FILE]

Normally run through ``bench/run.py load``. Everything it makes (the scratch
database ``newsroom_bench_load_<pid>``, a Redis db it claims, gunicorn
processes, photos under var/bench/media-<pid>) is removed at the end, also on
failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import httpload, render  # noqa: E402
from bench.common import (  # noqa: E402
    claim_redis_db,
    create_database,
    drop_database,
    drop_stale_databases,
    flush_redis_db,
    install_signal_handlers,
    production_env,
    progress,
    say,
    scratch_name,
    secret_key,
    table,
    write_json,
)
from bench.load_http import PAGE_TYPES, WORKERS, Server, cache_headers, drive, probe, warm_up  # noqa: E402
from bench.load_inprocess import count_queries, time_admin, vacuum_analyze  # noqa: E402
from bench.load_report import (  # noqa: E402
    TARGET_ADMIN_MS,
    TARGET_STATIC_RATIO,
    TARGET_STORY_QUERIES,
    http_table,
    story_latency_verdict,
)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stories", type=int, default=None, help="corpus size (default 20,000; 500 with --quick)")
    p.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    p.add_argument("--duration", type=float, default=None, help="seconds per wrk run (default 10; 5 with --quick)")
    p.add_argument(
        "--connections", type=int, default=8, help="wrk connections per page-type run (default 8: 4 per sync worker)"
    )
    p.add_argument(
        "--pages",
        default=",".join(PAGE_TYPES),
        help=f"page types to drive over HTTP, comma-separated (default all: {','.join(PAGE_TYPES)}); "
        "the static ceiling always runs",
    )
    p.add_argument("--soak-seconds", type=float, default=None, help="soak length (default 60; --duration with --quick)")
    p.add_argument("--soak-connections", type=int, default=64)
    p.add_argument(
        "--soak-states",
        default="warm,cold",
        help="page-cache states to soak: warm (production, the target), cold (worst case), or both",
    )
    p.add_argument(
        "--admin-stories",
        type=int,
        default=None,
        help="grow the corpus to this size for the admin changelist timing (default 200,000; 0 skips; "
        "skipped with --quick unless given)",
    )
    p.add_argument("--images", type=int, default=None, help="real JPEGs in the corpus (default 20; 4 with --quick)")
    p.add_argument(
        "--max-urls", type=int, default=None, help="distinct URLs per page type at most (default 200; 30 with --quick)"
    )
    p.add_argument("--out", default=str(ROOT / "var" / "bench"), help="output folder")
    p.add_argument("--json-out", default=None, help="write the figures here as JSON")
    p.add_argument("--no-install", action="store_true", help="never apt-get install wrk")
    args = p.parse_args(argv)
    args.soak_states = [k.strip() for k in args.soak_states.split(",") if k.strip()]
    args.pages = [k.strip() for k in args.pages.split(",") if k.strip()]
    unknown = set(args.pages) - set(PAGE_TYPES)
    if unknown:
        p.error(f"unknown page types: {', '.join(sorted(unknown))}")
    args.stories = args.stories or (500 if args.quick else 20_000)
    args.duration = args.duration or (5 if args.quick else 10)
    args.soak_seconds = args.soak_seconds or (args.duration if args.quick else 60)
    if args.admin_stories is None:
        args.admin_stories = 0 if args.quick else 200_000
    args.max_urls = args.max_urls or (30 if args.quick else 200)
    args.images = args.images if args.images is not None else (4 if args.quick else 20)
    return args


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    install_signal_handlers()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    stale = drop_stale_databases("newsroom_bench_load")
    if stale:
        progress(f"dropped databases left by earlier runs: {', '.join(stale)}")
    dbname = scratch_name("newsroom_bench_load")
    redis_number = claim_redis_db()
    media_root = out_dir / f"media-{os.getpid()}"
    static_root = out_dir / "static"
    env = production_env(
        dbname,
        redis_number,
        STATIC_ROOT=static_root,
        MEDIA_ROOT=media_root,
        PAGE_CACHE_SECONDS=0,
        FRAGMENT_CACHE_SECONDS=0,
        SECRET_KEY=secret_key(),
        DATABASE_CONN_MAX_AGE=60,
    )
    os.environ.update(env)
    figures = {
        "stories": args.stories,
        "database": dbname,
        "redis_db": redis_number,
        "duration_s": args.duration,
        "connections": args.connections,
        "page_types": args.pages,
        "loadavg_start": os.getloadavg(),
        "phases_s": {},
        "http": {},
        "skipped": {},
        "notes": [],
    }
    phases = figures["phases_s"]
    servers = []
    section_started = time.perf_counter()
    try:
        t = time.perf_counter()
        create_database(dbname)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        phases["migrate"] = time.perf_counter() - t
        t = time.perf_counter()
        call_command("collectstatic", "--noinput", verbosity=0)
        phases["collectstatic"] = time.perf_counter() - t

        from bench.corpus import build_corpus, grow_corpus

        progress(f"building {args.stories} stories in {dbname}")
        corpus = build_corpus(args.stories, media_root=media_root, real_images=args.images, max_urls=args.max_urls)
        phases["build"] = corpus.build_seconds
        try:
            from articles.search.index import reindex_all
        except ImportError as exc:
            figures["notes"].append(f"search index not built: {exc}")
        else:
            t = time.perf_counter()
            result = reindex_all(rebuild=True)
            corpus.index_seconds = time.perf_counter() - t
            corpus.indexed = result.get("indexed")
            phases["search_index"] = corpus.index_seconds
        t = time.perf_counter()
        vacuum_analyze()
        phases["vacuum_analyze"] = time.perf_counter() - t
        figures["corpus"] = corpus.figures()
        c = corpus
        say(
            table(
                [
                    "stories",
                    "people",
                    "tags",
                    "editions",
                    "print pages",
                    "bylines",
                    "mentions",
                    "taggings",
                    "photos",
                    "real JPEGs",
                    "build s",
                    "index s",
                ],
                [
                    [
                        c.stories,
                        c.people,
                        c.tags,
                        c.editions,
                        c.print_pages,
                        c.bylines,
                        c.mentions,
                        c.tagged,
                        c.photos,
                        c.real_images,
                        round(c.build_seconds, 1),
                        round(c.index_seconds, 1) if c.index_seconds else None,
                    ]
                ],
                title="Corpus (bulk_create on a scratch PostgreSQL database; index = reindex_all(rebuild=True))",
            )
        )
        say()

        # In-process: SQL queries per page (no page cache) and the admin changelist.
        t = time.perf_counter()
        from django.contrib.staticfiles.storage import staticfiles_storage
        from django.core.cache import cache

        queries = count_queries(corpus.urls, samples=3 if args.quick else 10)
        figures["queries"] = queries
        figures["story_queries_max"] = queries["story"]["max"]
        say(
            table(
                ["page", "URLs", "status", "queries min", "median", "max", "in-process ms"],
                [
                    [
                        k,
                        q["urls"],
                        ",".join(map(str, q["statuses"])),
                        q["min"],
                        q["median"],
                        q["max"],
                        q["in_process_ms_median"],
                    ]
                    for k, q in queries.items()
                ],
                title=f"SQL queries per page, page cache off (target: story ≤ {TARGET_STORY_QUERIES})",
            )
        )
        verdict = "OK" if (queries["story"]["max"] or 99) <= TARGET_STORY_QUERIES else "OVER TARGET"
        say(
            f"cold story page: {queries['story']['max']} queries at most over {queries['story']['urls']} stories "
            f"(target ≤ {TARGET_STORY_QUERIES}: {verdict})"
        )
        say()
        # In-process: cold, after one publish and warm renders of the four page types.
        figures["render"] = render.measure(
            corpus.urls, samples=10 if args.quick else 30, publishes=5 if args.quick else 50
        )
        say(render.report(figures["render"]))
        say()
        admin = {"at_corpus": time_admin()}
        figures["admin"] = admin
        phases["in_process"] = time.perf_counter() - t
        connections.close_all()
        cache.clear()
        flush_redis_db(redis_number)

        static_path = staticfiles_storage.url("admin/css/base.css")
        urls = {"static": [static_path], **{k: v for k, v in corpus.urls.items() if k in args.pages}}
        (out_dir / "urls.txt").write_text(
            "\n".join(f"{k}\t{p}" for k, paths in urls.items() for p in paths) + "\n", encoding="utf-8"
        )

        wrk, tool_note = httpload.ensure_wrk(install=not args.no_install)
        figures["load_generator"] = tool_note
        run = (lambda **kw: httpload.run_wrk(wrk, workdir=out_dir, **kw)) if wrk else httpload.run_python
        if not wrk:
            figures["notes"].append(tool_note)

        # Cold: page cache off.
        t = time.perf_counter()
        # Cold: nothing cached at any level (pages nor fragments).
        cold = Server({**env, "PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"}, out_dir / "gunicorn-cold.log")
        servers.append(cold)
        cold.wait_ready()
        usable, skipped = probe(cold.base, urls)
        figures["skipped"] = skipped
        for kind, why in skipped.items():
            progress(f"skipping {kind}: {why}")
        figures["cache_headers"] = {"cold": cache_headers(cold.base, corpus.urls["story"][0])}
        figures["http"]["cold"] = {}
        drive(
            run,
            cold.base,
            usable,
            ["static"] + PAGE_TYPES,
            args.duration,
            args.connections,
            "cold",
            figures["http"]["cold"],
        )
        figures["http"]["cold_latency"] = {}
        drive(
            run, cold.base, usable, ["story"], args.duration, WORKERS, "cold latency", figures["http"]["cold_latency"]
        )
        soak_paths = [p for pair in zip(corpus.urls["story"], ["/"] * len(corpus.urls["story"])) for p in pair]
        figures["soaks"] = {}
        if "cold" in args.soak_states:
            # The worst case, for information: every request rendered.
            progress(f"soak (cold): story+home, {args.soak_seconds:g}s at -c{args.soak_connections}")
            figures["soaks"]["cold"] = run(
                base=cold.base,
                paths=soak_paths,
                seconds=args.soak_seconds,
                connections=args.soak_connections,
                threads=2,
            )
        cold.stop()  # no drain: whatever the soak left queued dies with the server
        phases["http_cold_and_soak"] = time.perf_counter() - t

        # Warm: page cache on, after one pass over the same URLs.
        t = time.perf_counter()
        flush_redis_db(redis_number)
        warm = Server(
            {**env, "PAGE_CACHE_SECONDS": "600", "FRAGMENT_CACHE_SECONDS": "86400"}, out_dir / "gunicorn-warm.log"
        )
        servers.append(warm)
        warm.wait_ready()
        figures["warm_up"] = warm_up(warm.base, usable)
        figures["cache_headers"]["warm"] = cache_headers(warm.base, corpus.urls["story"][0])
        figures["http"]["warm"] = {}
        drive(
            run,
            warm.base,
            usable,
            ["static"] + PAGE_TYPES,
            args.duration,
            args.connections,
            "warm",
            figures["http"]["warm"],
        )
        if "warm" in args.soak_states:
            # Production's configuration: the page cache on.
            progress(f"soak (warm): story+home, {args.soak_seconds:g}s at -c{args.soak_connections}")
            figures["soaks"]["warm"] = run(
                base=warm.base,
                paths=soak_paths,
                seconds=args.soak_seconds,
                connections=args.soak_connections,
                threads=2,
            )
        figures["soak"] = figures["soaks"].get("warm") or figures["soaks"].get("cold")
        if figures["soak"]:
            figures["soak"]["cache"] = "warm" if "warm" in figures["soaks"] else "cold"
        warm.stop()
        phases["http_warm"] = time.perf_counter() - t

        cold_h, warm_h = figures["http"]["cold"], figures["http"]["warm"]
        ceiling = warm_h.get("static", cold_h.get("static"))
        story_warm = warm_h.get("story")
        if ceiling and story_warm and story_warm["rps"]:
            figures["static_to_warm_story_ratio"] = ceiling["rps"] / story_warm["rps"]
        page_cache_seen = any(k in figures["cache_headers"]["warm"] for k in ("x-cache", "x-page-cache", "age")) or (
            "max-age" in figures["cache_headers"]["warm"].get("cache-control", "")
            and figures["cache_headers"]["warm"].get("cache-control")
            != figures["cache_headers"]["cold"].get("cache-control")
        )
        figures["page_cache_detected"] = page_cache_seen
        if not page_cache_seen:
            figures["notes"].append(
                "warm run: no sign of a page cache in the story page's response headers "
                f"(cold {figures['cache_headers']['cold']}, warm {figures['cache_headers']['warm']}); "
                "PAGE_CACHE_SECONDS may not be wired in yet, so warm ≈ cold"
            )

        say(http_table(figures))
        say(render.targets_table(figures["http"], figures["render"]))
        say(story_latency_verdict(figures, args.connections))
        ratio = figures.get("static_to_warm_story_ratio")
        if ratio:
            say(
                f"static ceiling / warm story throughput: {ratio:.2f}x "
                f"({ceiling['rps']:.0f} vs {story_warm['rps']:.0f} req/s; target within {TARGET_STATIC_RATIO:g}x: "
                f"{'OK' if ratio <= TARGET_STATIC_RATIO else 'NOT MET'})"
            )
        for kind, why in skipped.items():
            say(f"skipped {kind}: {why}")
        empty = [
            f"{kind} {state}"
            for state, runs in figures["http"].items()
            for kind, r in runs.items()
            if not r["requests"]
        ]
        if empty:
            figures["notes"].append(
                f"no request completed within the run for: {', '.join(empty)} "
                "(latency above the run length: lengthen --duration)"
            )
        say(
            f"cache headers on {corpus.urls['story'][0]}: cold {figures['cache_headers']['cold']}; "
            f"warm {figures['cache_headers']['warm']}"
        )
        say()
        soak_rows = [
            [
                "story+home",
                state,
                r["seconds"],
                args.soak_connections,
                r["requests"],
                r["rps"],
                round(r["p50_ms"], 1),
                round(r["p99_ms"], 1),
                round(r["max_ms"], 1),
                r["errors"],
                r["non_2xx_3xx"],
                r["status"]["5xx"],
            ]
            for state, r in figures["soaks"].items()
        ]
        say(
            table(
                [
                    "pages",
                    "cache",
                    "seconds",
                    "conns",
                    "requests",
                    "req/s",
                    "p50 ms",
                    "p99 ms",
                    "max ms",
                    "errors",
                    "non-2xx/3xx",
                    "5xx",
                ],
                soak_rows,
                title="Soak (target: no errors, no 5xx, with the page cache on as in production; "
                "wrk's timeout is 10 s)",
            )
        )
        for state, r in figures["soaks"].items():
            verdict = (
                "no errors and no 5xx"
                if not r["errors"] and not r["status"]["5xx"]
                else f"{r['errors']} errors {r['errors_detail']}, {r['status']['5xx']} 5xx"
            )
            extra = ""
            if state == "cold" and r["errors_detail"].get("err_timeout"):
                wait = args.soak_connections / max(r["rps"], 0.1)
                extra = (
                    f" (client timeouts: {args.soak_connections} connections queue on 2 sync workers serving "
                    f"{r['rps']:.1f} req/s, so a request waits ~{wait:.0f} s)"
                )
            say(f"soak {state}: {verdict}{extra}")
        say()

        # The admin changelist at archive scale.
        if args.admin_stories and args.admin_stories > args.stories:
            t = time.perf_counter()
            progress(f"growing the corpus to {args.admin_stories} stories for the admin changelist")
            grow_seconds = grow_corpus(args.admin_stories)
            vacuum_analyze()
            admin["grow_seconds"] = grow_seconds
            admin["at_admin_stories"] = time_admin()
            phases["admin_grow_and_time"] = time.perf_counter() - t
        rows = [
            [
                a["stories"],
                round(a["median_ms"], 1),
                round(a["min_ms"], 1),
                round(a["max_ms"], 1),
                a["queries"],
                round(a["sql_ms"], 1),
                "OK" if a["median_ms"] < TARGET_ADMIN_MS else "NOT MET",
            ]
            for a in (admin.get("at_corpus"), admin.get("at_admin_stories"))
            if a and "median_ms" in a
        ]
        admin_url = admin["at_corpus"].get("url", "")
        say(
            table(
                ["stories", "median ms", "min ms", "max ms", "queries", "SQL ms", f"< {TARGET_ADMIN_MS} ms"],
                rows,
                title=f"Admin article changelist, superuser, median of 5 loads ({admin_url})",
            )
        )
        for a in admin.values():
            if isinstance(a, dict) and "error" in a:
                say(f"admin: {a['error']}")
            elif isinstance(a, dict) and a.get("slowest_sql"):
                t, q = a["slowest_sql"][0]
                say(f"  slowest changelist query at {a['stories']:,} stories: {t:.1f} ms: {q[:160]}")
        for note in figures["notes"]:
            say(f"note: {note}")
    finally:
        for server in servers:
            server.stop()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        drop_database(dbname)
        try:
            flush_redis_db(redis_number, keep_claim=False)
        except Exception as exc:  # noqa: BLE001
            print(f"warning: could not flush Redis db {redis_number}: {exc}", file=sys.stderr)
        shutil.rmtree(media_root, ignore_errors=True)
        phases["total"] = time.perf_counter() - section_started
        figures["loadavg_end"] = os.getloadavg()
        write_json(args.json_out, figures)
    return figures


if __name__ == "__main__":
    main()

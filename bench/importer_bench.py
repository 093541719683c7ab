#!/usr/bin/env python
"""Import section: the print-page importer's throughput and memory.

    .venv/bin/python bench/importer_bench.py [--pages 200] [--quick] [--json-out FILE]

On a scratch PostgreSQL database (``newsroom_bench_import_<pid>``, dropped at
the end): fixtures/shuozhou-page-2022-11.txt imported ``--pages`` times as
separate editions (one date each), in-process exactly as ``manage.py
import_print_page FILE --date D --page 1`` does it (read_page_file → parse_page
→ plan_page with known_people() → save_page in one transaction), reporting
pages/second and the process's peak RSS; then a few real runs of the
management command (process start, Django and jieba loading included) with
their wall time and peak RSS; then the parse time of one page once jieba is
loaded (median of 50 ``parse_page`` calls; target < 50 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    FIXTURE_PAGE,
    create_database,
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

TARGET_PARSE_MS = 50


def maxrss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def import_pages(pages: int, first_date: dt.date) -> dict:
    from django.conf import settings
    from django.db import transaction

    from articles.importer.page_files import read_page_file
    from articles.importer.parse import parse_page
    from articles.importer.plan import plan_page
    from articles.importer.save import Placement, known_people, save_page

    times = []
    stages = {
        "read+parse": [],
        "known_people": [],
        "plan (extract people)": [],
        "save+commit (incl. on-commit search indexing)": [],
    }
    created = mentions = 0
    rss_before = maxrss_mb()
    started = time.perf_counter()
    for k in range(pages):
        t = time.perf_counter()
        page_file = read_page_file(FIXTURE_PAGE)
        parsed = parse_page(page_file.text)
        t1 = time.perf_counter()
        known = known_people()
        t2 = time.perf_counter()
        plan = plan_page(parsed, known)
        t3 = time.perf_counter()
        with transaction.atomic():
            summary = save_page(
                plan,
                Placement(settings.DEFAULT_PUBLICATION, first_date + dt.timedelta(days=k), 1),
                source_text=page_file.text,
            )
        t4 = time.perf_counter()
        times.append(t4 - t)
        stages["read+parse"].append(t1 - t)
        stages["known_people"].append(t2 - t1)
        stages["plan (extract people)"].append(t3 - t2)
        stages["save+commit (incl. on-commit search indexing)"].append(t4 - t3)
        created += summary.created
        mentions += summary.mentions
        if (k + 1) % 50 == 0:
            progress(f"imported {k + 1}/{pages} pages")
    total = time.perf_counter() - started
    steady = times[1:] or times
    return {
        "pages": pages,
        "seconds": total,
        "pages_per_s": pages / total,
        "first_page_s": times[0],
        "median_page_ms": statistics.median(steady) * 1000,
        "p95_page_ms": sorted(steady)[int(0.95 * (len(steady) - 1))] * 1000,
        "last_page_ms": times[-1] * 1000,
        "articles_created": created,
        "mentions_created": mentions,
        "maxrss_mb_before": rss_before,
        "maxrss_mb_after": maxrss_mb(),
        "stage_median_ms": {k: statistics.median(v[1:] or v) * 1000 for k, v in stages.items()},
    }


def command_runs(runs: int, env: dict, first_date: dt.date) -> dict:
    """``manage.py import_print_page`` in fresh processes: wall time and peak RSS."""
    walls, rss = [], []
    for k in range(runs):
        date = (first_date + dt.timedelta(days=k)).isoformat()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "manage.py", "import_print_page", str(FIXTURE_PAGE), "--date", date, "--page", "1"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        walls.append(time.perf_counter() - start)
        if proc.returncode:
            return {"error": f"import_print_page exited {proc.returncode}: {proc.stderr[-1500:]}"}
        # RUSAGE_CHILDREN holds the largest child so far; runs are alike, so the max is the figure.
        rss.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    return {
        "runs": runs,
        "median_wall_s": statistics.median(walls),
        "walls_s": [round(w, 2) for w in walls],
        "peak_rss_mb": max(rss),
        "output": proc.stdout.strip()[-300:],
    }


def parse_timing(repeat: int) -> dict:
    import jieba

    from articles.importer.parse import parse_page

    text = FIXTURE_PAGE.read_text(encoding="utf-8")
    t = time.perf_counter()
    jieba.initialize()
    parse_page(text)  # loads jieba's dictionary and anything parse_page caches
    first = time.perf_counter() - t
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        parse_page(text)
        times.append((time.perf_counter() - t) * 1000)
    return {
        "repeat": repeat,
        "first_call_s": first,
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "chars": len(text),
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=None, help="editions to import (default 200; 10 with --quick)")
    p.add_argument("--command-runs", type=int, default=None, help="manage.py runs (default 3; 1 with --quick)")
    p.add_argument("--parse-repeat", type=int, default=None, help="parse_page calls (default 50; 10 with --quick)")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json-out", default=None)
    args = p.parse_args(argv)
    pages = args.pages or (10 if args.quick else 200)
    runs = args.command_runs if args.command_runs is not None else (1 if args.quick else 3)
    repeat = args.parse_repeat or (10 if args.quick else 50)

    install_signal_handlers()
    drop_stale_databases("newsroom_bench_import")
    dbname = scratch_name("newsroom_bench_import")
    env = production_env(dbname, None)
    os.environ.update(env)
    figures = {"database": dbname, "fixture": FIXTURE_PAGE.name}
    started = time.perf_counter()
    try:
        create_database(dbname)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("loaddata", "fixtures/departments.json", verbosity=0)
        figures["rss_mb_after_setup"] = maxrss_mb()

        # Parse first: it also loads jieba, so the import loop measures steady state plus one cold page.
        progress(f"parse_page x{repeat}")
        figures["parse"] = parse_timing(repeat)
        progress(f"importing {pages} pages in-process")
        figures["import"] = import_pages(pages, dt.date(2020, 1, 1))
        if runs:
            progress(f"manage.py import_print_page x{runs}")
            figures["command"] = command_runs(runs, env, dt.date(2030, 1, 1))

        from articles.models import Article, Edition
        from people.models import Person

        figures["rows"] = {
            "editions": Edition.objects.count(),
            "articles": Article.objects.count(),
            "people": Person.objects.count(),
        }
        imp, prs = figures["import"], figures["parse"]
        say(
            table(
                [
                    "pages",
                    "seconds",
                    "pages/s",
                    "first page s",
                    "median ms/page",
                    "p95 ms/page",
                    "last ms/page",
                    "RSS MB before",
                    "peak RSS MB",
                ],
                [
                    [
                        imp["pages"],
                        round(imp["seconds"], 1),
                        imp["pages_per_s"],
                        round(imp["first_page_s"], 2),
                        round(imp["median_page_ms"], 1),
                        round(imp["p95_page_ms"], 1),
                        round(imp["last_page_ms"], 1),
                        round(imp["maxrss_mb_before"], 1),
                        round(imp["maxrss_mb_after"], 1),
                    ]
                ],
                title=f"Import {FIXTURE_PAGE.name} as {imp['pages']} editions, in-process "
                "(read → parse → plan with known_people() → save_page, one transaction a page)",
            )
        )
        say("  median ms per page by stage: " + ", ".join(f"{k} {v:.0f}" for k, v in imp["stage_median_ms"].items()))
        say(
            f"  rows after: {figures['rows']}; articles created {imp['articles_created']}, "
            f"mentions {imp['mentions_created']}"
        )
        cmd = figures.get("command")
        if cmd and "error" not in cmd:
            say(
                f"  manage.py import_print_page (fresh process each): median {cmd['median_wall_s']:.2f} s wall "
                f"over {cmd['runs']} run(s), peak RSS {cmd['peak_rss_mb']:.0f} MB"
            )
        elif cmd:
            say(f"  manage.py import_print_page: {cmd['error']}")
        say()
        say(
            table(
                ["calls", "median ms", "min ms", "max ms", "first call s (jieba load)", f"< {TARGET_PARSE_MS} ms"],
                [
                    [
                        prs["repeat"],
                        round(prs["median_ms"], 1),
                        round(prs["min_ms"], 1),
                        round(prs["max_ms"], 1),
                        round(prs["first_call_s"], 2),
                        "OK" if prs["median_ms"] < TARGET_PARSE_MS else "NOT MET",
                    ]
                ],
                title=f"parse_page of one page ({prs['chars']:,} characters) after jieba has loaded",
            )
        )
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001
            pass
        drop_database(dbname)
        figures["total_s"] = time.perf_counter() - started
        write_json(args.json_out, figures)
    return figures


if __name__ == "__main__":
    main()

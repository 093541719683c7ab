#!/usr/bin/env python
"""In-process page timings: cold, after one publish, and warm, beside the static file.

    .venv/bin/python bench/render.py [--stories 20000] [--quick] [--database NAME] [--profile|--profile-after]

Normally called by bench/load.py on its corpus (``measure``); run alone it
builds a corpus in a scratch PostgreSQL database (or reuses ``--database``,
which it then keeps), and with ``--profile`` prints where a cold page's time
goes (cProfile, the functions with the most time of their own); with
``--profile-after``, only where the renders after a publish spend it.

States, each the median of many renders through Django's full stack (test
Client, every middleware, the page cache and the fragment cache on):
- cold: every cache emptied before each render (nothing cached at any level),
  so the render pays for its cache writes as production's would;
- cold, caches off: the same render with the page and fragment caches off
  (what the HTTP cold run measures);
- after one publish: a story is published (bylines, a tag), then the next
  render of the home page and of that story's section and tag pages, with the
  caches as the previous renders left them; the median over ``publishes``;
- warm: a page-cache hit.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from contextlib import contextmanager
from itertools import cycle
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import progress, say, table  # noqa: E402

PAGES = ["home", "story", "department", "tag"]
# Targets: a cold page's throughput as a share of the static file's in the same
# run (three times Wagtail's), the render after one publish as a fraction of a
# cold render, and the warm page within this factor of the static file.
TARGET_COLD_SHARE = {"home": 0.077, "story": 0.086, "department": 0.053, "tag": 0.041}
TARGET_AFTER_PUBLISH = 0.25
TARGET_WARM_FACTOR = 1.6


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)


class Timing(NamedTuple):
    wall_ms: float
    cpu_ms: float  # this process's CPU time: what the page cost in Python, whatever else the machine ran


def _timed(client, path) -> Timing:
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    timing = Timing((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return timing


def _median(timings: list[Timing]) -> tuple[float, float]:
    return statistics.median(t.wall_ms for t in timings), statistics.median(t.cpu_ms for t in timings)


def _clear_caches() -> None:
    from django.core.cache import cache

    from articles import fragments, page_cache

    cache.clear()
    # and what this process holds and knows of pages and fragments, as a new worker
    page_cache.forget_held()
    fragments.forget_held()


def _caches(on: bool):
    """Page and fragment caches on (production's settings) or off, for the block."""
    from django.test import override_settings

    if on:
        return override_settings(PAGE_CACHE_SECONDS=600, FRAGMENT_CACHE_SECONDS=86400)
    return override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0)


def cold(client, paths, samples) -> list[Timing]:
    times = []
    for path, _ in zip(cycle(paths), range(samples)):
        _clear_caches()
        times.append(_timed(client, path))
    return times


def cold_caches_off(client, paths, samples) -> list[Timing]:
    with _caches(False):
        return [_timed(client, path) for path, _ in zip(cycle(paths), range(samples))]


def warm(client, paths, samples) -> list[Timing]:
    for path in paths[:samples]:
        client.get(path)
    return [_timed(client, path) for path, _ in zip(cycle(paths[:samples]), range(samples))]


# How a story is published (``--publish-flow``): "created" makes it published,
# then adds its byline and tag (three changes to its row); "signed-off" writes
# a draft with its byline and tag, and publishes it in one save once the
# review chain has signed it off, as the newsroom does.
PUBLISH_FLOWS = ("created", "signed-off")


def _publish(i, department, tag, reporter, flow="created"):
    """A new story as an editor publishes it: department, a reporter's byline, a tag."""
    from django.utils import timezone

    from articles.models import Article, Byline

    article = Article.objects.create(
        headline=f"测速新稿{i}：市区道路整修完工",
        summary="市区多条道路整修完工，恢复通行。",
        body="<p>本报讯 市区多条道路整修完工。</p>",
        department=department,
        status=Article.Status.PUBLISHED if flow == "created" else Article.Status.DRAFT,
        publish_at=timezone.now(),
    )
    Byline.objects.create(article=article, person=reporter, role=Byline.Role.REPORTER, position=0)
    article.tags.add(tag)
    if flow == "signed-off":
        _signed_off(article)
        article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now()
        article.save()
    return article


def _signed_off(article):
    """The review chain's sign-off of ``article`` as it stands (its stages are not the bench's subject)."""
    from review import content
    from review.models import Chain, Review

    Review.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "chain": Chain.objects.get(department__isnull=True),
            "stage": None,
            "state": Review.State.SIGNED_OFF,
            "fingerprint": content.fingerprint(content.snapshot(article)),
        },
    )


@contextmanager
def _as_another_worker():
    """A publish made by another process, as an editor's request or a worker
    makes it in production: this process, the reader's worker, hears of it
    only through the cache (its own saves name the story for its next pages,
    and its own bumps tell it the cache's clock moved)."""
    from django.db.models.signals import post_save

    from articles import fragments
    from articles.models import Article
    from articles.page_cache.dependencies import clock_seen

    clock_before = clock_seen[0]

    if not post_save.disconnect(sender=Article, dispatch_uid="fragments_story_saved"):
        raise RuntimeError("articles.fragments no longer hears stories saved under this name: update the bench")
    try:
        yield
    finally:
        post_save.connect(fragments._story_saved, sender=Article, dispatch_uid="fragments_story_saved")
        clock_seen[0] = clock_before


def after_publishes(client, publishes, profiler=None, flow="created", paired=False) -> dict[str, list[Timing]]:
    """The next render of the home, section and tag pages after each of ``publishes`` publishes
    (with ``profiler``, {page type: cProfile.Profile}, each of those renders profiled).

    With ``paired``, each is followed by a cold render of the same page (every
    cache emptied), under ``"<page type>:cold"``: on a machine whose load
    changes from second to second, a ratio of renders made moments apart
    says more than one of renders made half a minute apart."""
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Department
    from people.models import Person

    departments = list(Department.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("-n")[:4])
    tags = list(Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n")[:4]) or list(
        Tag.objects.all()[:4]
    )
    if not tags:
        from articles.models import TaggedArticle

        tags = list(Tag.objects.filter(pk__in=TaggedArticle.objects.values("tag_id")[:4]))
    reporter = Person.objects.filter(on_staff=True).first()
    times = {"home": [], "department": [], "tag": []}
    if paired:
        times.update({f"{kind}:cold": [] for kind in list(times)})
    published = []
    try:
        for i in range(publishes):
            department, tag = departments[i % len(departments)], tags[i % len(tags)]
            paths = {"home": "/", "department": department.get_absolute_url(), "tag": f"/tag/{tag.slug}/"}
            for path in paths.values():  # as the previous publish's readers left the caches
                client.get(path)
            with _as_another_worker():
                published.append(_publish(i, department, tag, reporter, flow).pk)
            for kind, path in paths.items():
                if profiler:
                    profiler[kind].enable()
                times[kind].append(_timed(client, path))
                if profiler:
                    profiler[kind].disable()
            if paired:
                for kind, path in paths.items():
                    _clear_caches()
                    times[f"{kind}:cold"].append(_timed(client, path))
    finally:
        # A database given with --database is measured again later: the bench's
        # stories would otherwise push its real ones off every list, a run at a time.
        Article.objects.filter(pk__in=published).delete()
    return times


def static_times(client, samples) -> list[Timing]:
    from django.contrib.staticfiles.storage import staticfiles_storage

    path = staticfiles_storage.url("admin/css/base.css")
    return [_timed(client, path) for _ in range(samples)]


def _warm_up(urls):
    client = _client()
    with _caches(False):
        for kind in PAGES:  # per-process caches (templates, ContentType) loaded before timing
            client.get(urls[kind][0])
    return client


def measure(
    urls: dict[str, list[str]], *, samples: int = 30, publishes: int = 50, flow: str = "created", paired: bool = False
) -> dict:
    """Median in-process ms of each page type in each state; call with Django set up on the corpus."""
    client = _warm_up(urls)
    figures = {
        "samples": samples,
        "publishes": publishes,
        "publish_flow": flow,
        "paired": paired,
        "pages": {},
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    figures["static_ms"] = _median(static_times(client, samples))[0]
    with _caches(True):
        for kind in PAGES:
            progress(f"in-process: {kind}")
            paths = urls[kind]
            row = dict(zip(("cold_ms", "cold_cpu_ms"), _median(cold(client, paths, samples))))
            row["cold_caches_off_ms"] = _median(cold_caches_off(client, paths, samples))[0]
            _clear_caches()
            row["warm_ms"] = _median(warm(client, paths, samples))[0]
            figures["pages"][kind] = row
        progress(f"in-process: {publishes} publishes")
        _clear_caches()
        found = after_publishes(client, publishes, flow=flow, paired=paired)
        for kind in ("home", "department", "tag"):
            row = figures["pages"][kind]
            row["after_publish_ms"], row["after_publish_cpu_ms"] = _median(found[kind])
            cold_ms, cold_cpu_ms = row["cold_ms"], row["cold_cpu_ms"]
            if paired:
                cold_ms, cold_cpu_ms = row["paired_cold_ms"], row["paired_cold_cpu_ms"] = _median(found[f"{kind}:cold"])
            row["after_publish_fraction"] = row["after_publish_ms"] / cold_ms
            row["after_publish_cpu_fraction"] = row["after_publish_cpu_ms"] / cold_cpu_ms
        _clear_caches()
    return figures


def report(figures: dict) -> str:
    static = figures["static_ms"]
    rows = []
    for kind, r in figures["pages"].items():
        after = r.get("after_publish_ms")
        fraction = r.get("after_publish_fraction")
        cpu_fraction = r.get("after_publish_cpu_fraction")
        verdict = "" if fraction is None else ("OK" if fraction <= TARGET_AFTER_PUBLISH else "NOT MET")
        rows.append(
            [
                kind,
                round(r["cold_ms"], 2),
                round(r["cold_cpu_ms"], 2),
                round(r["cold_caches_off_ms"], 2),
                round(after, 2) if after is not None else "—",
                (f"{fraction:.1%} {verdict}" + (f" of {r['paired_cold_ms']:.2f}" if "paired_cold_ms" in r else ""))
                if fraction is not None
                else "—",
                f"{cpu_fraction:.1%}" if cpu_fraction is not None else "—",
                round(r["warm_ms"], 3),
                f"{static / r['cold_ms']:.1%}",
                f"{static / r['warm_ms']:.1%}",
            ]
        )
    rows.append(["static file", round(static, 3), "", "", "", "", "", round(static, 3), "100%", "100%"])
    return table(
        [
            "page",
            "cold ms",
            "cold CPU ms",
            "cold, caches off ms",
            "after publish ms",
            "after / cold",
            "after / cold, CPU",
            "warm ms",
            "cold rate / static",
            "warm rate / static",
        ],
        rows,
        title=(
            f"In-process render, median of {figures['samples']} (after publish: of {figures['publishes']} "
            f"publishes, {figures.get('publish_flow', 'created')}; target after / cold ≤ {TARGET_AFTER_PUBLISH:.0%}"
            f"{', each after-publish render paired with a cold one of the same page' if figures.get('paired') else ''}"
            "); load average "
            f"{figures.get('load_average', '?')} at the start"
        ),
    )


def targets_table(http: dict, rendered: dict) -> str:
    """The three states of each page type beside the static file, as ratios, with the targets."""
    rows = []
    cold_static = (http.get("cold", {}).get("static") or {}).get("rps")
    warm_static = (http.get("warm", {}).get("static") or {}).get("rps")
    for kind in PAGES:
        cold_run = http.get("cold", {}).get(kind)
        warm_run = http.get("warm", {}).get(kind)
        share = cold_run["rps"] / cold_static if cold_run and cold_static else None
        factor = warm_static / warm_run["rps"] if warm_run and warm_run["rps"] and warm_static else None
        fraction = rendered["pages"].get(kind, {}).get("after_publish_fraction")
        rows.append(
            [
                kind,
                f"{share:.1%} ({'OK' if share >= TARGET_COLD_SHARE[kind] else 'NOT MET'}"
                f" ≥ {TARGET_COLD_SHARE[kind]:.1%})"
                if share is not None
                else "—",
                round(cold_run["p99_ms"], 1) if cold_run else "—",
                f"{fraction:.1%} ({'OK' if fraction <= TARGET_AFTER_PUBLISH else 'NOT MET'})"
                if fraction is not None
                else "— (not a target)",
                f"{factor:.2f}x ({'OK' if factor <= TARGET_WARM_FACTOR else 'NOT MET'} ≤ {TARGET_WARM_FACTOR}x)"
                if factor is not None
                else "—",
            ]
        )
    return table(
        [
            "page",
            "cold rate / static rate",
            "cold p99 ms",
            "after one publish / cold (in-process)",
            "static rate / warm rate",
        ],
        rows,
        title=(
            f"Three states beside the static file (static {cold_static or 0:.0f} req/s cold run, "
            f"{warm_static or 0:.0f} req/s warm run; after-publish target ≤ {TARGET_AFTER_PUBLISH:.0%})"
        ),
    )


def profile(urls: dict[str, list[str]], repeat: int = 20, top: int = 25) -> str:
    """cProfile of cold renders (caches off) of each page type: the functions with the most own time."""
    client = _client()
    out = []
    with _caches(False):
        for kind in PAGES:
            client.get(urls[kind][0])
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for path, _ in zip(cycle(urls[kind]), range(repeat)):
                client.get(path)
            profiler.disable()
            per_page = (time.perf_counter() - started) * 1000 / repeat
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
            out.append(
                f"--- {kind}: {per_page:.1f} ms a page under the profiler ({repeat} renders)\n" + text.getvalue()
            )
    return "\n".join(out)


def profile_after(publishes: int, top: int = 30, flow: str = "created") -> str:
    """cProfile of the renders after a publish (caches on, as in ``measure``), by page type."""
    client = _client()
    profilers = {kind: cProfile.Profile() for kind in ("home", "department", "tag")}
    with _caches(True):
        _clear_caches()
        times = after_publishes(client, publishes, profilers, flow)
        _clear_caches()
    out = []
    for kind, profiler in profilers.items():
        wall, cpu = _median(times[kind])
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
        # The project's own functions (and the cache and database calls) by cumulative time.
        ours = r"/(articles|people|newsroom|caching)/|backends/utils.py.*execute|get_template|render_to_string"
        stats.print_stats(ours, top)
        if os.environ.get("PROFILE_CALLEES"):
            stats.print_callees(os.environ["PROFILE_CALLEES"])
        out.append(
            f"--- {kind} after a publish: median {wall:.1f} ms ({cpu:.1f} ms CPU) under the profiler\n"
            + text.getvalue()
        )
    return "\n".join(out)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stories", type=int, default=None, help="corpus size (default 20,000; 500 with --quick)")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--database", help="reuse (or build once and keep) this PostgreSQL database")
    p.add_argument("--samples", type=int, default=None, help="renders per state (default 30; 5 with --quick)")
    p.add_argument("--publishes", type=int, default=None, help="publishes (default 50; 5 with --quick)")
    p.add_argument("--profile", action="store_true", help="also print a cProfile of cold renders")
    p.add_argument("--profile-after", action="store_true", help="only print a cProfile of the renders after a publish")
    p.add_argument(
        "--paired",
        action="store_true",
        help="after / cold from a cold render of the same page made right after each after-publish render",
    )
    p.add_argument(
        "--publish-flow",
        choices=PUBLISH_FLOWS,
        default="created",
        help="how each story is published: created published (default), or a draft signed off and published",
    )
    args = p.parse_args(argv)
    stories = args.stories or (500 if args.quick else 20_000)
    samples = args.samples or (5 if args.quick else 30)
    publishes = args.publishes or (5 if args.quick else 50)

    from bench.common import (
        claim_redis_db,
        create_database,
        drop_database,
        flush_redis_db,
        install_signal_handlers,
        production_env,
        scratch_name,
        secret_key,
    )

    install_signal_handlers()
    dbname = args.database or scratch_name("newsroom_bench_render")
    media_root = ROOT / "var" / "bench" / f"media-{dbname}"
    # Production's cache (Redis, a db of its own): a local-memory cache holds
    # 300 entries and culls pages and fragments a 20,000-story site keeps.
    redis_number = None if os.environ.get("BENCH_CACHE_REDIS_URL") else claim_redis_db()
    env = production_env(
        dbname,
        redis_number,
        MEDIA_ROOT=media_root,
        STATIC_ROOT=ROOT / "var" / "bench" / "static",
        SECRET_KEY=secret_key(),
        DATABASE_CONN_MAX_AGE=60,
    )
    if os.environ.get("BENCH_CACHE_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_CACHE_REDIS_URL"]
    os.environ.update(env)
    import psycopg

    from bench.common import server_url

    with psycopg.connect(server_url(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
    try:
        if not exists:
            create_database(dbname)
        import django

        django.setup()
        from django.core.management import call_command

        from bench.corpus import build_corpus, url_lists

        if not exists or not (ROOT / "var" / "bench" / "static" / "staticfiles.json").exists():
            # A database kept from another checkout: this one has no static build yet.
            call_command("collectstatic", "--noinput", verbosity=0)
        if not exists:
            call_command("migrate", verbosity=0)
            progress(f"building {stories} stories in {dbname}")
            corpus = build_corpus(stories, media_root=media_root, real_images=4)
            _analyze()
            urls = corpus.urls
        else:
            import random

            from django.db import connection
            from django.db.migrations.executor import MigrationExecutor

            from articles.models import Photo, Publication

            # A database kept from another checkout or an older one: this
            # checkout's migrations (a table the pages read, say) first.
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                progress(f"migrating {dbname}")
                call_command("migrate", verbosity=0)
                _analyze()

            photo_ids = list(Photo.objects.exclude(image="").values_list("article_id", flat=True)[:20])
            urls = url_lists(random.Random(6), photo_ids, Publication.objects.first())
        if args.profile_after:
            _warm_up(urls)
            say(profile_after(publishes, flow=args.publish_flow))
            return
        figures = measure(urls, samples=samples, publishes=publishes, flow=args.publish_flow, paired=args.paired)
        say(report(figures))
        if args.profile:
            say(profile(urls))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.database:
            drop_database(dbname)
        if redis_number is not None:
            flush_redis_db(redis_number, keep_claim=False)


def _analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    main()

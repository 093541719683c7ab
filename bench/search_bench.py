#!/usr/bin/env python
"""Search latency on a large corpus: jieba + tsvector/GIN vs ``icontains``.

Usage (from the project root):

    DJANGO_SETTINGS_MODULE=newsroom.settings .venv/bin/python bench/search_bench.py [--stories 200000]

Creates a scratch PostgreSQL database (``newsroom_bench_search`` on the
server of DATABASE_URL, default postgres@127.0.0.1:5432), migrates it, builds
a corpus of N stories by recombining the real paragraphs of
fixtures/shuozhou-page-2022-11.txt (in random order, with a generated
paragraph per story carrying bylines, mentioned people and long-tail words
from jieba's dictionary, so that names and rare words exist), indexes it with
the production code (``reindex_all(rebuild=True)``), then times queries
through ``search_articles()`` (ranking, first page and its snippets) and the
same words with ``icontains`` on body/headline (first page and count). Drops
the database at the end unless --keep.

The corpus repeats the page's ~90 paragraphs, so most paragraphs hit
tokens.py's paragraph cache while indexing; the script also reports jieba's
uncached rate, to estimate a full reindex of a real archive.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
FIXTURE = os.path.join(ROOT, "fixtures", "shuozhou-page-2022-11.txt")

# Names a reader would type; their share of stories is fixed so results are comparable.
FEATURED = {"张国强": ("byline", 0.004), "韩永红": ("mention", 0.001), "郭重阳": ("mention", 0.002)}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
)
GIVEN = "国强永红建军志伟秀英桂芳玉兰海燕晓明丽娟文华春梅金凤德福宝山俊杰子涵思远雨欣浩然嘉怡"
TITLES = ["社区书记", "网格员", "志愿者", "派出所所长", "副局长", "医生", "护士长", "居民", "村支书", "驾驶员"]
DEPARTMENTS = ["要闻", "社会", "抗疫一线", "经济", "县区", "文化"]


def _server_url(dbname: str) -> tuple[str, str]:
    base = (
        os.environ.get("BENCH_SERVER_URL")
        or os.environ.get("DATABASE_URL")
        or "postgres://postgres@127.0.0.1:5432/postgres"
    )
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql"):
        base, parts = (
            "postgres://postgres@127.0.0.1:5432/postgres",
            urlsplit("postgres://postgres@127.0.0.1:5432/postgres"),
        )
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    bench = urlunsplit(("postgres", parts.netloc, f"/{dbname}", "", ""))
    return admin, bench


def _recreate_database(admin_url: str, dbname: str, drop_only=False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{dbname}"')


def _paragraphs():
    text = open(FIXTURE, encoding="utf-8").read()
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    headlines = [b.lstrip("—") for b in blocks if 6 <= len(b) <= 30 and "。" not in b]
    body = [b for b in blocks if len(b) >= 30]
    return headlines, body


def _vocabulary(rng, size=30000):
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, freq, *_ = line.split()
            if 2 <= len(word) <= 4 and 3 <= int(freq) <= 2000 and all("\u4e00" <= c <= "\u9fff" for c in word):
                words.append(word)
    rng.shuffle(words)
    return words[:size]


def _names(rng, n):
    names = set()
    while len(names) < n:
        names.add(rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))))
    names -= set(FEATURED)
    return sorted(names)


def build_corpus(n: int, seed: int = 5):
    """Bulk-create n stories with bylines and mentions; return (seconds, vocabulary counts)."""
    from django.utils import timezone

    from articles.models import Article, Byline, Department
    from people.models import Mention, Person

    rng = random.Random(seed)
    headlines, paragraphs = _paragraphs()
    vocab = _vocabulary(rng)
    # Zipf-like use of the long-tail words: a few common, most rare.
    cum_weights = list(itertools.accumulate(1.0 / (i + 10) for i in range(len(vocab))))
    started = time.perf_counter()
    departments = [Department.objects.create(name=name, slug=f"d{i}", order=i) for i, name in enumerate(DEPARTMENTS)]
    names = _names(rng, 3000) + list(FEATURED)
    people = Person.objects.bulk_create(Person(name=name, slug=f"p{i}") for i, name in enumerate(names))
    person_by_name = {p.name: p for p in people}
    now = timezone.now()
    word_counts: Counter = Counter()
    batch = 5000
    for start in range(0, n, batch):
        articles, credits = [], []
        for i in range(start, min(n, start + batch)):
            reporter = rng.choice(names[:3000])
            mentioned = rng.sample(names[:3000], rng.choice((0, 1, 1, 2)))
            for name, (kind, share) in FEATURED.items():
                if rng.random() < share:
                    if kind == "byline":
                        reporter = name
                    else:
                        mentioned.append(name)
            words = list(dict.fromkeys(rng.choices(vocab, cum_weights=cum_weights, k=8)))
            word_counts.update(words)
            extra = "".join(f"{rng.choice(TITLES)}{name}" + "介绍，" for name in mentioned)
            generated = f"（记者 {reporter}）{extra}{'，'.join(words)}。"
            chosen = rng.sample(paragraphs, rng.randint(3, 7))
            body = "".join(f"<p>{p}</p>" for p in [generated, *chosen])
            status = Article.Status.PUBLISHED if rng.random() < 0.97 else Article.Status.DRAFT
            articles.append(
                Article(
                    headline=rng.choice(headlines),
                    kicker=rng.choice(["", "", "抗疫日记", "一线见闻"]),
                    slug=f"s{i}",
                    summary=chosen[0][:60],
                    body=body,
                    status=status,
                    publish_at=now - timedelta(minutes=rng.randint(10, 3 * 365 * 24 * 60)),
                    department=rng.choice(departments),
                )
            )
            credits.append((reporter, mentioned))
        created = Article.objects.bulk_create(articles, batch_size=1000)
        Byline.objects.bulk_create(
            (
                Byline(article_id=a.pk, person=person_by_name[r], role=Byline.Role.REPORTER)
                for a, (r, _) in zip(created, credits)
            ),
            batch_size=5000,
        )
        Mention.objects.bulk_create(
            (
                Mention(article_id=a.pk, person=person_by_name[m])
                for a, (_, ms) in zip(created, credits)
                for m in dict.fromkeys(ms)
            ),
            batch_size=5000,
        )
        print(f"  built {min(n, start + batch)}/{n}", file=sys.stderr, flush=True)
    return time.perf_counter() - started, word_counts


def _word_counts_from_db():
    """For --reuse: long-tail word counts, from the generated first paragraphs."""
    import re

    from articles.models import Article

    counts: Counter = Counter()
    for body in Article.objects.values_list("body", flat=True).iterator(chunk_size=5000):
        first = body[3 : body.index("</p>")]
        counts.update(set(re.findall(r"[，）]([\u4e00-\u9fff]{2,4})(?=[，。])", first)))
    return counts


def jieba_rate(sample=300) -> float:
    """Uncached tokenization speed in characters per second, on stored bodies."""
    from articles.models import Article
    from articles.sanitize import html_to_text
    from articles.search import tokens as tk

    bodies = Article.objects.order_by("?").values_list("body", flat=True)[:sample]
    paragraphs = {p for body in bodies for p in html_to_text(body).split("\n")}
    started = time.perf_counter()
    for paragraph in paragraphs:
        tk._paragraph_tokens.__wrapped__(paragraph)  # bypass the cache
    return sum(map(len, paragraphs)) / (time.perf_counter() - started)


def _icontains(words):
    from django.db.models import Q

    from articles.models import Article

    qs = Article.objects.published()
    for word in words:
        qs = qs.filter(Q(body__icontains=word) | Q(headline__icontains=word))
    page = list(qs.order_by("-publish_at", "-pk")[:20])
    return qs.count(), page


def _timed(fn, repeat, warm=True):
    if warm:
        fn()  # warm the cache and the connection
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def _pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def _editor_client():
    """A logged-in superuser, for timing the admin changelist's search."""
    import secrets

    from django.contrib.auth import get_user_model
    from django.test import Client

    User = get_user_model()
    user = User.objects.filter(username="bench-editor").first() or User.objects.create_superuser(
        "bench-editor", "bench@example.cn", secrets.token_urlsafe(16)
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def _changelist(client, query):
    from urllib.parse import urlencode

    from django.urls import reverse

    response = client.get(reverse("admin:articles_article_changelist") + "?" + urlencode({"q": query}))
    if response.status_code != 200:
        raise RuntimeError(f"admin changelist for {query!r} answered {response.status_code}")
    return response


def run_queries(word_counts, repeat, icontains_repeat, admin_repeat=2):
    from articles.search.query import search_articles

    rare = sorted((w for w, c in word_counts.items() if 3 <= c <= 30), key=lambda w: (word_counts[w], w))
    once = sorted(w for w, c in word_counts.items() if c == 1)
    common_tail = [w for w, _ in word_counts.most_common(3)]
    queries = [
        "疫情",
        "核酸",
        "社区",
        "防控",
        "居民",
        "民警",
        "口罩",
        "党员",
        "张国强",
        "韩永红",
        "郭重阳",
        rare[0],
        rare[len(rare) // 2],
        rare[-1],
        once[0] if once else rare[1],
        common_tail[0],
        "核酸 检测",
        "社区 志愿者",
        "疫情 防控 社区",
        "张国强 核酸",
        "韩永红 社区",
        "朔城区 疫情 防控 志愿者",
        f"{rare[0]} 核酸",
        "京城港小区",
        "市政协机关",
    ]
    rows = []
    all_search, all_like, all_admin = [], [], []
    _icontains(["疫情"])  # bring the articles table into the cache once
    editor = _editor_client()
    for q in queries:
        search_times, results = _timed(lambda q=q: search_articles(q), repeat)
        # Editors' search: the whole changelist page (count, page of 50, date
        # hierarchy), drafts included.
        admin_times, _ = _timed(lambda q=q: _changelist(editor, q), admin_repeat)
        all_admin += admin_times
        # Each icontains reads the whole table; after the first the table is
        # as cached as it will get, so no warm-up run per query.
        like_times, (like_total, _) = _timed(lambda q=q: _icontains(q.split()), icontains_repeat, warm=False)
        all_search += search_times
        all_like += like_times
        rows.append(
            (
                q,
                results.total,
                like_total,
                statistics.median(search_times),
                statistics.median(like_times),
                statistics.median(admin_times),
            )
        )
    return rows, all_search, all_like, all_admin


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=200_000)
    parser.add_argument("--db", default="newsroom_bench_search")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query for search")
    parser.add_argument("--icontains-repeat", type=int, default=1, help="timed runs per query for icontains")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--build-only", action="store_true", help="build and index, keep the database, time nothing")
    parser.add_argument("--reuse", action="store_true", help="time queries on a database kept by --build-only")
    args = parser.parse_args()

    admin_url, bench_url = _server_url(args.db)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "true")
    if args.build_only:
        args.keep = True
    if not args.reuse:
        _recreate_database(admin_url, args.db)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from articles.search.index import reindex_all

        if args.reuse:
            word_counts = _word_counts_from_db()
            build_seconds = index_seconds = float("nan")
            result = {"indexed": args.stories}
        else:
            call_command("migrate", verbosity=0)
            print(f"building {args.stories} stories in {args.db} ...", file=sys.stderr, flush=True)
            build_seconds, word_counts = build_corpus(args.stories)
            print(f"  built in {build_seconds:.1f} s", file=sys.stderr, flush=True)
            started = time.perf_counter()
            result = reindex_all(
                rebuild=True,
                progress=lambda d, t: d % 20000 < 2000 and print(f"  indexed {d}/{t}", file=sys.stderr, flush=True),
            )
            index_seconds = time.perf_counter() - started
            print(f"  indexed in {index_seconds:.1f} s", file=sys.stderr, flush=True)
        if args.build_only:
            return
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_article")
            cursor.execute("VACUUM ANALYZE articles_searchentry")
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('articles_searchentry')),"
                " pg_size_pretty(pg_relation_size('articles_searchentry_vector_gin')),"
                " pg_size_pretty(pg_total_relation_size('articles_article'))"
            )
            entry_size, gin_size, article_size = cursor.fetchone()
        rate = jieba_rate()
        rows, all_search, all_like, all_admin = run_queries(word_counts, args.repeat, args.icontains_repeat)

        print(f"\nSearch benchmark: {args.stories} stories on PostgreSQL ({connection.pg_version // 10000})")
        print(f"build (bulk_create stories, bylines, mentions): {build_seconds:.1f} s")
        print(
            f"index (reindex_all(rebuild=True), {result['indexed']} entries, GIN built at the end):"
            f" {index_seconds:.1f} s"
        )
        print(f"sizes: search entries {entry_size} (GIN {gin_size}), articles {article_size}")
        print(
            f"jieba uncached: {rate:,.0f} chars/s (a real archive of this size would take about "
            f"{args.stories * 1200 / rate / 60:.0f} min to tokenize at ~1,200 chars a story)"
        )
        print()
        print(
            f"{'query':<24} {'found':>7} {'icontains':>9} {'search ms':>10} {'icontains ms':>13} {'speedup':>8}"
            f" {'admin ms':>9}"
        )
        for q, total, like_total, s_ms, l_ms, a_ms in rows:
            print(f"{q:<24} {total:>7} {like_total:>9} {s_ms:>10.1f} {l_ms:>13.1f} {l_ms / s_ms:>7.0f}x {a_ms:>9.0f}")
        s50, s95 = _pct(all_search, 50), _pct(all_search, 95)
        l50, l95 = _pct(all_like, 50), _pct(all_like, 95)
        print()
        print(f"{len(rows)} queries, {len(all_search)} timed searches, {len(all_like)} timed icontains")
        print(f"search_articles (rank + page 1 + snippets): p50 {s50:.1f} ms  p95 {s95:.1f} ms")
        print(f"icontains (page 1 + count):                 p50 {l50:.1f} ms  p95 {l95:.1f} ms")
        print(f"speedup: p50 {l50 / s50:.0f}x  p95 {l95 / s95:.0f}x")
        print(
            f"editors' search, the admin changelist page (count, 50 stories, date hierarchy; drafts included):"
            f" p50 {_pct(all_admin, 50):.0f} ms  p95 {_pct(all_admin, 95):.0f} ms"
        )
        print('("found" is exact below 200 matches and the planner\'s estimate above; icontains matches')
        print(
            " substrings, search matches jieba words, so the counts differ; load average during the run:"
            f" {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs)"
        )
        connection.close()
    finally:
        if not args.keep:
            _recreate_database(admin_url, args.db, drop_only=True)


if __name__ == "__main__":
    main()

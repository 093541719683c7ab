#!/usr/bin/env python
"""The database's share of the renders after a publish (bench/render.py's state):

    .venv/bin/python bench/render_db_time.py --database NAME [--publishes 50] [--cold]

For the next render of the home page and of the story's section and tag pages
after each publish (as ``render.after_publishes()`` makes them), the time
spent in the database's calls (every execute, a round trip each: the lists'
statements sent together are one), and in ``compiled_sql.rows_together()``
alone (the lists' round trip with its Python around it), beside the whole
render's wall and CPU time; medians over the publishes. With ``--cold``, the
same for a cold render of each page made right after (every cache emptied).

The database's time is wall time in this process, so it holds PostgreSQL's
run of the statements and the wait for it: on a loaded machine, compare runs
made alternately. The database (a kept bench database, e.g. a copy of
nb_bench20k) gets the bench's published stories, as with render.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import say, table  # noqa: E402


class Spent:
    """Time in the database and in rows_together() since the last ``reset()``."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.database_ms, self.rows_together_ms, self.calls = 0.0, 0.0, 0

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.database_ms += (time.perf_counter() - started) * 1000
            self.calls += 1

    def around_rows_together(self, rows_together):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return rows_together(*args, **kwargs)
            finally:
                self.rows_together_ms += (time.perf_counter() - started) * 1000

        return timed


def measure(publishes: int, cold: bool) -> dict[str, list[tuple]]:
    """{page type: [(database ms, rows_together ms, database calls, Timing)]}, one per publish."""
    from django.db import connection

    from articles import compiled_sql
    from bench import render

    spent = Spent()
    # Each module that calls rows_together() holds it as compiled_sql's attribute.
    compiled_sql.rows_together = spent.around_rows_together(compiled_sql.rows_together)
    connection.execute_wrappers.append(spent.execute)
    found = []
    timed = render._timed

    def _timed(client, path):
        spent.reset()
        timing = timed(client, path)
        found.append((spent.database_ms, spent.rows_together_ms, spent.calls, timing))
        return timing

    render._timed = _timed
    with render._caches(True):
        render._clear_caches()
        render.after_publishes(render._client(), publishes, paired=cold)
        render._clear_caches()
    kinds = ["home", "department", "tag"] + (["home:cold", "department:cold", "tag:cold"] if cold else [])
    by_kind = {kind: [] for kind in kinds}
    for number, row in enumerate(found):
        by_kind[kinds[number % len(kinds)]].append(row)
    return by_kind


def report(by_kind: dict[str, list[tuple]], publishes: int) -> str:
    rows = []
    for kind, found in by_kind.items():
        database, rows_together, calls = (statistics.median(row[i] for row in found) for i in range(3))
        wall = statistics.median(row[3].wall_ms for row in found)
        cpu = statistics.median(row[3].cpu_ms for row in found)
        rows.append([kind, round(database, 3), round(rows_together, 3), calls, round(wall, 2), round(cpu, 2)])
    return table(
        ["page", "database ms", "rows_together ms", "database calls", "render ms", "render CPU ms"],
        rows,
        title=(
            f"The database's time in the render after a publish, median of {publishes} publishes; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end"
        ),
    )


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database", required=True, help="a kept bench database (bench/render.py --database)")
    p.add_argument("--publishes", type=int, default=50)
    p.add_argument("--cold", action="store_true", help="also a cold render of each page after each publish")
    args = p.parse_args(argv)

    from bench.common import claim_redis_db, flush_redis_db, install_signal_handlers, production_env, secret_key

    install_signal_handlers()
    redis_number = claim_redis_db()
    os.environ.update(
        production_env(
            args.database,
            redis_number,
            MEDIA_ROOT=ROOT / "var" / "bench" / f"media-{args.database}",
            STATIC_ROOT=ROOT / "var" / "bench" / "static",
            SECRET_KEY=secret_key(),
            DATABASE_CONN_MAX_AGE=60,
        )
    )
    try:
        import random

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        from articles.models import Photo, Publication
        from bench import render
        from bench.corpus import url_lists

        if not (ROOT / "var" / "bench" / "static" / "staticfiles.json").exists():
            call_command("collectstatic", "--noinput", verbosity=0)
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", verbosity=0)
            render._analyze()
        photo_ids = list(Photo.objects.exclude(image="").values_list("article_id", flat=True)[:20])
        render._warm_up(url_lists(random.Random(6), photo_ids, Publication.objects.first()))
        say(report(measure(args.publishes, args.cold), args.publishes))
    finally:
        from django.db import connections

        connections.close_all()
        flush_redis_db(redis_number, keep_claim=False)


if __name__ == "__main__":
    main()

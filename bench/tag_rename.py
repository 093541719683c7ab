#!/usr/bin/env python
"""A tag renamed and then deleted in the admin, on a tag carried by N stories:

    .venv/bin/python bench/tag_rename.py --database NAME [--stories 2000,20000] [--user superuser|desk]
        [--unreviewed] [--profile]

For each N, a new tag is put on the N newest stories of the database (a kept
bench database: a copy of nb_bench20k, whose stories are all published) with
``bulk_create`` of the join rows, and each of those stories is signed off as
it stands (a review and the three passes of the default chain, as every live
story of a newsroom has), unless ``--unreviewed``. Then the tag is renamed
through the admin's change form and deleted through its delete page, each one
POST through Django's full stack (test Client, every middleware, the admin's
transaction and the search index's reindex at its commit), as a superuser or
as an editor of the desk (Editor and Desk editor groups). Printed for each:
wall and CPU time, the queries and the database's time, the time of the
search index's reindex alone, and the corrections recorded.

A tag on more than ``TAG_EDIT_INLINE_MAX`` stories is edited by a job
(articles/tag_edit_queue.py): the job is run here right after the request,
and the table gives the request's time alone ("request ms") beside the
request and the job together (the other columns).

Everything the run adds (its users stay) is removed after each N: the reviews
and review steps of those stories (the tag is gone with its delete), so the
database can be measured again as it was. Its search entries were rebuilt by
the reindex as the stories stand.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import progress, say, table  # noqa: E402

BENCH_TAG = "基准标签"


class Counted:
    """The queries, and the database's time, since the last ``reset()``."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.queries, self.database_ms, self.index_ms = 0, 0.0, 0.0
        self.slowest = []

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = (time.perf_counter() - started) * 1000
            self.database_ms += spent
            self.queries += 1
            self.slowest = sorted([*self.slowest, (spent, sql[:160])], reverse=True)[:5]

    def around_index(self, index_articles):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return index_articles(*args, **kwargs)
            finally:
                self.index_ms += (time.perf_counter() - started) * 1000

        return timed


def _users():
    from django.contrib.auth.models import Group, User

    def user(name, *groups, superuser=False):
        found = User.objects.filter(username=name).first()
        if found is None:
            found = User.objects.create_user(name, is_staff=True, is_superuser=superuser)
            found.groups.add(*Group.objects.filter(name__in=groups))
        return found

    return {
        "superuser": user("bench-tag-admin", superuser=True),
        "desk": user("bench-tag-desk", "Editor", "Desk editor"),
        "passes": [
            user("bench-tag-pass1", "Editor", "Desk editor"),
            user("bench-tag-pass2", "Editor", "Department head"),
            user("bench-tag-pass3", "Editor", "Editor-in-chief"),
        ],
    }


def _tagged(count: int, name: str, passers, reviewed: bool) -> tuple[int, list[int]]:
    """A new tag on the ``count`` newest stories, each signed off as it then stands."""
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, TaggedArticle
    from review import content
    from review.models import Chain, Event, Review

    tag = Tag.objects.create(name=name)
    ids = list(Article.objects.order_by("-pk").values_list("pk", flat=True)[:count])
    # A transaction each 2,000 rows: each row written takes its story's
    # advisory lock (migration articles 0012) until the commit, and a default
    # PostgreSQL's lock table holds about 6,400 locks for every session.
    for start in range(0, len(ids), 2000):
        rows = [TaggedArticle(tag=tag, content_object_id=pk) for pk in ids[start : start + 2000]]
        TaggedArticle.objects.bulk_create(rows)
    if reviewed:
        chain = Chain.objects.get(department__isnull=True)
        stages = list(chain.stages.order_by("position"))
        reviews, events, now = [], [], timezone.now()
        for number, story in enumerate(Article.objects.filter(pk__in=ids).iterator(chunk_size=500)):
            if number and number % 2000 == 0:
                progress(f"signed off {number:,} of {count:,}")
            snap = content.snapshot(story)
            fp = content.fingerprint(snap)
            reviews.append(
                Review(article=story, chain=chain, stage=None, state=Review.State.SIGNED_OFF, since=now, fingerprint=fp)
            )
            events += [
                Event(article=story, action=Event.Action.PASS, stage=stage, user=user, snapshot=snap, fingerprint=fp)
                for stage, user in zip(stages, passers)
            ]
        Review.objects.bulk_create(reviews, batch_size=2000)
        Event.objects.bulk_create(events, batch_size=2000)
    return tag.pk, ids


def _cleanup(tag_id, ids) -> None:
    from taggit.models import Tag

    from articles.models import TagEditJob, TaggedArticle
    from review.models import Event, Review

    Event.objects.filter(article_id__in=ids).delete()
    Review.objects.filter(article_id__in=ids).delete()
    TagEditJob.objects.filter(tag_name__startswith=BENCH_TAG).delete()
    for start in range(0, len(ids), 2000):
        TaggedArticle.objects.filter(tag_id=tag_id, content_object_id__in=ids[start : start + 2000]).delete()
    Tag.objects.filter(pk=tag_id).delete()


def _change_form(client, tag_id, name) -> dict:
    from django.urls import reverse
    from taggit.models import Tag

    tag = Tag.objects.get(pk=tag_id)
    response = client.get(reverse("admin:taggit_tag_change", args=[tag_id]))
    data = {"name": name, "slug": tag.slug}
    for formset in response.context_data["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(key): value for key, value in management.initial.items()})
    return data


def _post(client, counted, url, data, profile) -> dict:
    """The POST, and the job it sends (a tag on more than TAG_EDIT_INLINE_MAX
    stories), run here after it: the request's time alone, then both."""
    from django.db import DatabaseError

    from articles import tag_edit_queue
    from articles.models import TagEditJob
    from review.models import Event

    corrections = Event.objects.filter(action=Event.Action.EDITED).count()
    counted.reset()
    profiler = cProfile.Profile() if profile else None
    sent, dispatch = [], tag_edit_queue.dispatch
    tag_edit_queue.dispatch = sent.append
    start, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    try:
        response = client.post(url, data)
        request_ms = (time.perf_counter() - start) * 1000
        tag_edit_queue.dispatch = dispatch
        for job_id in sent:
            tag_edit_queue.run(job_id)
    except DatabaseError as exc:
        return {"failed": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}
    finally:
        tag_edit_queue.dispatch = dispatch
        if profiler:
            profiler.disable()
    wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    if response.status_code != 302:
        # A refusal, or the database's error answered as the outage page (503).
        return {"failed": f"answered {response.status_code} after {wall:,.0f} ms"}
    failed = TagEditJob.objects.filter(pk__in=sent).exclude(status=TagEditJob.Status.DONE).first()
    if failed:
        return {"failed": f"the job: {failed.get_status_display()}: {failed.message}"}
    found = {
        "request_ms": request_ms,
        "by_job": bool(sent),
        "wall_ms": wall,
        "cpu_ms": cpu,
        "queries": counted.queries,
        "database_ms": counted.database_ms,
        "index_ms": counted.index_ms,
        "corrections": Event.objects.filter(action=Event.Action.EDITED).count() - corrections,
    }
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        slowest = "\n".join(f"{ms:10.1f} ms  {sql}" for ms, sql in counted.slowest)
        found["profile"] = f"{out.getvalue()}\nThe slowest statements:\n{slowest}"
    return found


def measure(sizes: list[int], who: str, reviewed: bool, profile: bool) -> list[list]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from articles.search import index

    counted = Counted()
    connection.execute_wrappers.append(counted.execute)
    # The search index's flush() reads index_articles from its module at each call.
    index.index_articles = counted.around_index(index.index_articles)
    users = _users()
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    client.force_login(users[who])
    rows = []
    for size in sizes:
        progress(f"{size:,} stories: tagging{' and signing off' if reviewed else ''}")
        tag_id, ids = _tagged(size, f"{BENCH_TAG}{size}", users["passes"], reviewed)
        try:
            renamed = _post(
                client,
                counted,
                reverse("admin:taggit_tag_change", args=[tag_id]),
                _change_form(client, tag_id, f"{BENCH_TAG}{size}改"),
                profile,
            )
            progress(f"{size:,} stories: renamed: {renamed.get('failed') or round(renamed['wall_ms'])}")
            deleted = _post(
                client, counted, reverse("admin:taggit_tag_delete", args=[tag_id]), {"post": "yes"}, profile
            )
            progress(f"{size:,} stories: deleted: {deleted.get('failed') or round(deleted['wall_ms'])}")
            for action, found in (("rename", renamed), ("delete", deleted)):
                if "failed" in found:
                    rows.append([size, action, found["failed"], None, None, None, None, None, None])
                else:
                    rows.append(
                        [
                            size,
                            f"{action} (job)" if found["by_job"] else action,
                            round(found["request_ms"]),
                            round(found["wall_ms"]),
                            round(found["cpu_ms"]),
                            found["queries"],
                            round(found["database_ms"]),
                            round(found["index_ms"]),
                            found["corrections"],
                        ]
                    )
                progress(f"{size:,} stories: {action}: {rows[-1][2:]}")
                if profile:
                    say(f"--- {action} of a tag on {size:,} stories")
                    say(found["profile"])
        finally:
            _cleanup(tag_id, ids)
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database", required=True, help="a kept bench database (a copy of nb_bench20k)")
    p.add_argument("--stories", default="2000,20000", help="comma-separated numbers of stories carrying the tag")
    p.add_argument("--user", choices=["superuser", "desk"], default="superuser")
    p.add_argument("--unreviewed", action="store_true", help="no review on the stories (as the bench corpus is)")
    p.add_argument("--profile", action="store_true", help="where each POST's time goes (cProfile)")
    args = p.parse_args(argv)

    from bench.common import install_signal_handlers, production_env, secret_key

    install_signal_handlers()
    os.environ.update(
        production_env(
            args.database,
            None,
            MEDIA_ROOT=ROOT / "var" / "bench" / f"media-{args.database}",
            STATIC_ROOT=ROOT / "var" / "bench" / "static",
            SECRET_KEY=secret_key(),
            DATABASE_CONN_MAX_AGE=60,
        )
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        if not (ROOT / "var" / "bench" / "static" / "staticfiles.json").exists():
            call_command("collectstatic", "--noinput", verbosity=0)
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", verbosity=0)
        sizes = [int(n) for n in args.stories.split(",")]
        rows = measure(sizes, args.user, not args.unreviewed, args.profile)
        say(
            table(
                [
                    "stories",
                    "action",
                    "request ms",
                    "wall ms",
                    "CPU ms",
                    "queries",
                    "database ms",
                    "reindex ms",
                    "corrections",
                ],
                rows,
                title=(
                    f"A tag renamed and deleted in the admin, as {args.user}"
                    f"{'' if args.unreviewed else ', every story signed off'}; load average "
                    f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end"
                ),
            )
        )
    finally:
        connections.close_all()


if __name__ == "__main__":
    main()

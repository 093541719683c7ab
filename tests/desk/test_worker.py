"""Import jobs on a real Celery worker against the real Redis (keys under a
prefix of the test's own), and on the worker's own PostgreSQL connection."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse

from articles.importer.parse import parse_page
from articles.models import Article
from imports import jobs
from imports.models import ImportBatch, ImportPage
from imports.upload import confirm_batch, create_batch
from newsroom.celery import app
from tests.desk.conftest import SEED_TEXT
from tests.desk.edition_pages import CONTINUATION, JOINED_HEADLINE, PAGE_ONE, PAGE_TWO
from tests.desk.test_preview import SMALL_PAGE

pytestmark = pytest.mark.django_db(transaction=True)
REDIS = "redis://127.0.0.1:6379/0"
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot see the SQLite test database (it is in memory)")


@pytest.fixture
def queue(settings, postgres_only):
    """The project's Celery app pointed at Redis under a fresh key prefix."""
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS} is not reachable: {error}")
    prefix = f"newsroom-test-{uuid.uuid4().hex[:12]}:"
    options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": prefix}
    settings.IMPORT_JOBS = "celery"
    _point_app(REDIS, options)
    yield prefix
    _point_app(settings.CELERY_BROKER_URL, settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    client = redis.Redis.from_url(REDIS)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


def _point_app(url, options):
    app.conf.update(broker_url=url or None, broker_transport_options=options)
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


class Worker:
    def __init__(self, prefix, tmp_path, **env):
        db = connection.settings_dict
        self.log = tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log"
        environment = {
            **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER")},
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "true",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_BROKER_URL": REDIS,
            "CELERY_KEY_PREFIX": prefix,
            **env,
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.desk.worker_app",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def output(self):
        return self.log.read_text(errors="replace")


@pytest.fixture
def start_worker(queue, tmp_path):
    started = []

    def start(**env):
        worker = Worker(queue, tmp_path, **env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _batch(user, pages):
    batch = create_batch(user, [(f"{n:02}.txt", text.encode()) for n, text in enumerate(pages, start=1)])
    form = {"publication": "朔州日报", "date": batch.date}
    for page in batch.pages.all():
        form[f"number_{page.pk}"] = page.number
    confirm_batch(batch, form, user)
    return batch


def _wait(predicate, seconds, worker):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out; worker log:\n{worker.output()[-4000:]}")


def _story_count(text):
    return len(parse_page(text).items)


def test_a_worker_imports_an_upload_without_the_request_waiting(start_worker, archivist):
    batch = _batch(archivist, [SEED_TEXT, SEED_TEXT])
    started = time.monotonic()
    assert jobs.dispatch(batch)
    assert time.monotonic() - started < 1, "sending a job must not wait for it"
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.QUEUED
    worker = start_worker()
    _wait(lambda: ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE, 90, worker)
    assert Article.objects.filter(print_page__edition__date=batch.date).count() == 2 * _story_count(SEED_TEXT)
    assert not Article.objects.published().exists()


def test_an_upload_of_50_pages_shows_its_progress_while_a_worker_imports_it(start_worker, archivist, client, tmp_path):
    pages = [SMALL_PAGE.replace("11月20日", f"11月{n % 28 + 1}日") for n in range(50)]
    batch = _batch(archivist, pages)
    started = time.monotonic()
    assert jobs.dispatch(batch)
    assert time.monotonic() - started < 1, "sending a job must not wait for it"
    marker = tmp_path / "paused"
    worker = start_worker(DESK_TEST_PAUSE=f"{marker}:25:1")
    _wait(marker.exists, 120, worker)

    # Paused inside page 25: the progress page's poll reports the 24 pages before it, and no more.
    client.force_login(archivist)
    status_url = reverse("admin:imports_importbatch_status", args=[batch.pk])
    status = client.get(status_url).json()
    assert (status["done"], status["total"], status["finished"]) == (24, 50, False)
    marker.unlink()
    _wait(lambda: client.get(status_url).json()["finished"], 120, worker)
    status = client.get(status_url).json()
    assert (status["done"], status["total"]) == (50, 50)
    assert {page["status"] for page in status["pages"]} == {ImportPage.Status.DONE}
    assert Article.objects.filter(print_page__edition__date=batch.date).count() == 50 * _story_count(SMALL_PAGE)


def test_a_worker_killed_mid_page_loses_no_job_and_saves_no_half_page(start_worker, archivist, tmp_path):
    marker = tmp_path / "held"
    batch = _batch(archivist, [SEED_TEXT, SEED_TEXT, SEED_TEXT])
    worker = start_worker(DESK_TEST_HOLD=f"{marker}:2:3")
    assert jobs.dispatch(batch)
    _wait(marker.exists, 90, worker)

    # Page 1 is saved; page 2 has three stories written inside its transaction, none visible.
    pages = {p.number: p for p in ImportPage.objects.filter(batch=batch)}
    assert pages[1].status == ImportPage.Status.DONE and pages[2].status == ImportPage.Status.PENDING
    assert Article.objects.filter(print_page__number=2).count() == 0

    os.kill(int(marker.read_text()), signal.SIGKILL)  # the pool process running the job
    _wait(lambda: ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE, 120, worker)

    batch.refresh_from_db()
    assert batch.attempts == 2, worker.output()[-3000:]
    expected = _story_count(SEED_TEXT)
    for number in (1, 2, 3):
        refs = list(Article.objects.filter(print_page__number=number).values_list("import_ref", flat=True))
        assert len(refs) == len(set(refs)) == expected
    assert set(ImportPage.objects.filter(batch=batch).values_list("status", flat=True)) == {ImportPage.Status.DONE}
    assert "WorkerLostError" in worker.output()


def test_a_worker_killed_mid_edition_saves_neither_of_two_joined_pages(start_worker, archivist, tmp_path):
    marker = tmp_path / "held"
    batch = _batch(archivist, [PAGE_ONE, PAGE_TWO])
    worker = start_worker(DESK_TEST_HOLD=f"{marker}:2:1")
    assert jobs.dispatch(batch)
    _wait(marker.exists, 90, worker)

    # Page 1's joined story is written in the transaction that is writing page 2: none visible.
    assert not Article.objects.filter(print_page__edition__date=batch.date).exists()
    assert set(ImportPage.objects.filter(batch=batch).values_list("status", flat=True)) == {ImportPage.Status.PENDING}

    os.kill(int(marker.read_text()), signal.SIGKILL)
    _wait(lambda: ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE, 120, worker)
    stories = Article.objects.filter(print_page__edition__date=batch.date)
    assert stories.count() == 2
    assert stories.get(print_page__number=1).headline == JOINED_HEADLINE
    assert CONTINUATION in stories.get(print_page__number=1).body
    assert CONTINUATION not in stories.get(print_page__number=2).body


def test_a_job_whose_whole_worker_died_is_handed_to_the_next_worker(start_worker, archivist, tmp_path):
    marker = tmp_path / "held"
    batch = _batch(archivist, [SEED_TEXT, SEED_TEXT])
    # A short visibility timeout stands in for the hour production waits.
    first = start_worker(DESK_TEST_HOLD=f"{marker}:2:2", CELERY_VISIBILITY_TIMEOUT="3")
    assert jobs.dispatch(batch)
    _wait(marker.exists, 90, first)
    first.stop()  # the worker and its pool, at once: nothing is given back
    assert Article.objects.filter(print_page__number=2).count() == 0
    second = start_worker(CELERY_VISIBILITY_TIMEOUT="3")
    _wait(lambda: ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE, 120, second)
    assert Article.objects.filter(print_page__number=2).count() == _story_count(SEED_TEXT)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_upload_made_while_the_broker_is_down_waits_and_is_sent_when_it_returns(
    settings, postgres_only, archivist, tmp_path, client
):
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    settings.IMPORT_JOBS = "celery"
    _point_app(url, {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": "desk:"})
    server = None
    try:
        batch = _batch(archivist, [SEED_TEXT])
        started = time.monotonic()
        assert not jobs.dispatch(batch)
        assert time.monotonic() - started < 15
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.WAITING and "Redis" in batch.message

        client.force_login(archivist)
        page = client.get(batch.get_absolute_url()).content.decode()
        assert "暂时无法连接" in page

        server = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        own = redis.Redis(port=port)
        for _ in range(50):
            try:
                own.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        # The editor's progress page polls; its first poll after the broker is back (a POST, the job
        # being stalled) sends the job.
        status = client.post(reverse("admin:imports_importbatch_status", args=[batch.pk])).json()
        assert status["status"] == ImportBatch.Status.QUEUED
        assert own.llen("desk:celery") == 1
    finally:
        _point_app(settings.CELERY_BROKER_URL, settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        if server:
            server.terminate()
            server.wait(10)

"""Sending import jobs: to Celery workers when a broker is configured, to a
thread of this process otherwise (``make run``), or inline (tests).

An upload is saved in the database first and sent after that commits. If the
broker cannot be reached the upload stays there, marked as waiting, and is
sent again when the broker is back (its progress page's poll tries, and
so does ``manage.py send_waiting_imports`` and every worker that starts), so
nothing is queued into the void and nothing is lost.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from celery.signals import worker_ready
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from imports import processing
from imports.models import ImportBatch, ImportPage
from newsroom.celery import app

logger = logging.getLogger(__name__)
BROKER_DOWN_MESSAGE = _(
    "The import queue (Redis) cannot be reached for now: the files are saved, and the import starts by itself "
    "when the queue is back."
)
_executor: ThreadPoolExecutor | None = None
_in_this_process: set[int] = set()
_lock = threading.Lock()


@app.task(
    name="imports.import_batch",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
)
def import_batch(self, batch_id: int) -> None:
    processing.run_batch(batch_id)


def dispatch(batch: ImportBatch) -> bool:
    """Send the upload's job; False if the queue could not take it now (it stays waiting)."""
    mode = settings.IMPORT_JOBS
    if mode == "inline":
        _mark_queued(batch.pk)
        processing.run_batch(batch.pk)
        return True
    if mode == "thread":
        _mark_queued(batch.pk)
        transaction.on_commit(lambda: _submit_to_thread(batch.pk))
        return True
    try:
        import_batch.apply_async((batch.pk,), retry=True, retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY)
    except (BrokerError, OSError) as error:
        logger.warning("import %s not sent, the broker is unreachable: %s", batch.pk, error)
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.WAITING).update(message=BROKER_DOWN_MESSAGE)
        return False
    _mark_queued(batch.pk)
    return True


def _mark_queued(batch_id: int) -> None:
    # Only from waiting: a worker that already picked the job up has moved it on.
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.WAITING).update(
        status=ImportBatch.Status.QUEUED, sent_at=timezone.now(), message=""
    )


def _submit_to_thread(batch_id: int) -> None:
    global _executor
    with _lock:
        if batch_id in _in_this_process:
            return
        _in_this_process.add(batch_id)
        if _executor is None:
            # One thread: jobs run one after another, as one Celery worker would run them.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-job")
    _executor.submit(_run_in_thread, batch_id)


def _run_in_thread(batch_id: int) -> None:
    try:
        close_old_connections()
        processing.run_batch(batch_id)
    except Exception:
        logger.exception("import job %s failed", batch_id)
    finally:
        with _lock:
            _in_this_process.discard(batch_id)
        connections.close_all()


def stalled(batch: ImportBatch) -> bool:
    """Waiting for the queue, or (thread mode) queued or running in no thread
    of this process, as after runserver reloads mid-job."""
    if batch.status == ImportBatch.Status.WAITING:
        return True
    if settings.IMPORT_JOBS == "thread" and batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
        with _lock:
            return batch.pk not in _in_this_process
    return False


def resend_if_stalled(batch: ImportBatch, user=None) -> None:
    """A waiting upload is sent again; in thread mode, one whose process
    restarted mid-job is run again (finished pages are skipped).

    ``user``: who asked for it (the progress page's button). Sending the job
    is then their act, so the pages it has still to save are saved with
    their permissions; the progress page's poll (no user) sends it as the
    ones who asked for its pages.
    """
    if not stalled(batch):
        return
    if batch.status == ImportBatch.Status.WAITING:
        _dispatch_as(batch, user)
    else:
        _requested_by(batch, user)
        _submit_to_thread(batch.pk)


def _dispatch_as(batch: ImportBatch, user) -> bool:
    """Send the upload as ``user``'s act: its pages still to save are theirs
    if the queue takes the job, and stay whose they were if it does not."""
    if user is None:
        return dispatch(batch)
    pending = batch.pages.filter(status=ImportPage.Status.PENDING)
    before = list(pending.values_list("pk", "requested_by_id", "corrections_seen"))
    # Before the job is sent, not after: a worker may start on it at once,
    # and an inline job runs within dispatch().
    _requested_by(batch, user)
    if dispatch(batch):
        return True
    requesters: dict[tuple, list[int]] = {}
    for pk, requester, seen in before:
        requesters.setdefault((requester, seen), []).append(pk)
    for (requester, seen), pks in requesters.items():
        ImportPage.objects.filter(pk__in=pks, status=ImportPage.Status.PENDING).update(
            requested_by_id=requester, corrections_seen=seen
        )
    return False


def _requested_by(batch: ImportBatch, user) -> None:
    # Someone else sending the job has not seen the corrections its requester
    # accepted: their run applies the accepted ones only (imports/page_corrections.py).
    if user is not None:
        batch.pages.filter(status=ImportPage.Status.PENDING).exclude(requested_by=user).update(
            requested_by=user, corrections_seen=None
        )


def send_waiting() -> int:
    """Send every upload still waiting for the queue; the number sent."""
    sent = 0
    for batch in ImportBatch.objects.filter(status=ImportBatch.Status.WAITING).order_by("created_at"):
        if not dispatch(batch):
            break
        sent += 1
    return sent


@worker_ready.connect
def _send_waiting_when_a_worker_starts(**kwargs):
    try:
        send_waiting()
    except Exception:  # a worker must start even if this fails
        logger.exception("sending waiting imports failed")

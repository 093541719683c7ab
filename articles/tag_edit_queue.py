"""Tag renames and deletions on more stories than a request may edit, done by a job.

The admin records the edit (articles.tag_edit_jobs.TagEditJob) and sends it
here after its transaction commits: to a Celery worker, to a thread of the
web process (``make run``) or inline (tests), as ``IMPORT_JOBS`` says for
the import desk. The job does what the admin does for a smaller tag
(articles.tag_edits): in one transaction, as the user who asked, every story
locked and judged as it stands when the job runs, so a permission taken
away meanwhile, or a story published meanwhile, counts. A refused or failed
edit changes nothing and says why on the tag list. A job the broker could
not take waits, and is sent again by the tag list and by each worker that
starts; a worker that dies mid-job gives it back (acks_late), and the
rolled-back edit is done again from the start.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from celery.signals import worker_ready
from django.conf import settings
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, close_old_connections, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError as BrokerError
from taggit.models import Tag

from articles import tag_edits
from articles.models import TaggedArticle
from articles.tag_edit_jobs import TagEditJob
from newsroom.celery import app

logger = logging.getLogger(__name__)
BROKER_DOWN_MESSAGE = gettext_lazy(
    "The job queue (Redis) cannot be reached for now: the edit is kept, and starts by itself when the queue is back."
)
_executor: ThreadPoolExecutor | None = None
_in_this_process: set[int] = set()
_lock = threading.Lock()


def runs_as_job(tag_ids) -> bool:
    """Whether editing the tags ``tag_ids`` touches more stories than a request may."""
    limit = settings.TAG_EDIT_INLINE_MAX
    rows = TaggedArticle.objects.filter(tag__in=list(tag_ids))
    # Counted no further than the limit: a tag on 200,000 stories costs no more to ask about.
    return rows.values("pk")[: limit + 1].count() > limit


def pending_for(tag_ids) -> set[int]:
    """Which of ``tag_ids`` have an edit still to be done."""
    pending = TagEditJob.objects.filter(tag__in=list(tag_ids), status__in=TagEditJob.PENDING)
    return set(pending.values_list("tag_id", flat=True))


def request_rename(user, tag, new_name: str, new_slug: str) -> TagEditJob:
    return _request(user, tag, TagEditJob.Action.RENAME, new_name, new_slug)


def request_delete(user, tag) -> TagEditJob:
    return _request(user, tag, TagEditJob.Action.DELETE, "", "")


def _request(user, tag, action, new_name, new_slug) -> TagEditJob:
    job = TagEditJob.objects.create(
        tag=tag,
        tag_name=Tag.objects.filter(pk=tag.pk).values_list("name", flat=True).first() or tag.name,
        action=action,
        new_name=new_name,
        new_slug=new_slug,
        stories=TaggedArticle.objects.filter(tag=tag).count(),
        requested_by=user,
    )
    # Sent once the request's transaction has committed: the job's row must be
    # there for the worker, and a request that rolls back sends nothing.
    transaction.on_commit(lambda: dispatch(job.pk), using=router.db_for_write(TagEditJob))
    return job


@app.task(
    name="articles.tag_edit",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
)
def tag_edit(job_id: int) -> None:
    run(job_id)


def dispatch(job_id: int) -> bool:
    """Send the job; False if the queue could not take it now (it stays waiting)."""
    mode = settings.IMPORT_JOBS
    if mode == "inline":
        _mark_queued(job_id)
        run(job_id)
        return True
    if mode == "thread":
        _mark_queued(job_id)
        _submit_to_thread(job_id)
        return True
    try:
        tag_edit.apply_async((job_id,), retry=True, retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY)
    except (BrokerError, OSError) as error:
        logger.warning("tag edit %s not sent, the broker is unreachable: %s", job_id, error)
        TagEditJob.objects.filter(pk=job_id, status=TagEditJob.Status.WAITING).update(message=str(BROKER_DOWN_MESSAGE))
        return False
    _mark_queued(job_id)
    return True


def _mark_queued(job_id: int) -> None:
    # Only from waiting: a worker that already picked the job up has moved it on.
    TagEditJob.objects.filter(pk=job_id, status=TagEditJob.Status.WAITING).update(
        status=TagEditJob.Status.QUEUED, message=""
    )


def _submit_to_thread(job_id: int) -> None:
    global _executor
    with _lock:
        if job_id in _in_this_process:
            return
        _in_this_process.add(job_id)
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tag-edit")
    _executor.submit(_run_in_thread, job_id)


def _run_in_thread(job_id: int) -> None:
    try:
        close_old_connections()
        run(job_id)
    except Exception:
        logger.exception("tag edit %s failed", job_id)
    finally:
        with _lock:
            _in_this_process.discard(job_id)
        connections.close_all()


def _refused_by_the_broker():
    # A job just recorded waits too, until its request commits and sends it:
    # only those the broker refused are sent again.
    return TagEditJob.objects.filter(status=TagEditJob.Status.WAITING).exclude(message="")


def resend_stalled() -> None:
    """Send the jobs the queue could not take again; in thread mode, run again
    those queued or running in no thread of this process (a restarted
    ``runserver``): the edit they were making rolled back with it."""
    for job_id in _refused_by_the_broker().values_list("pk", flat=True):
        if not dispatch(job_id):
            return
    if settings.IMPORT_JOBS == "thread":
        running = TagEditJob.objects.filter(status__in=(TagEditJob.Status.QUEUED, TagEditJob.Status.RUNNING))
        for job_id in running.values_list("pk", flat=True):
            with _lock:
                orphaned = job_id not in _in_this_process
            if orphaned:
                _submit_to_thread(job_id)


@worker_ready.connect
def _send_waiting_when_a_worker_starts(**kwargs):
    try:
        for job_id in _refused_by_the_broker().values_list("pk", flat=True):
            if not dispatch(job_id):
                break
    except Exception:  # a worker must start even if this fails
        logger.exception("sending waiting tag edits failed")


def run(job_id: int) -> None:
    """Do the edit, as its requester, or record why it was not done."""
    claimed = TagEditJob.objects.filter(pk=job_id, status__in=TagEditJob.PENDING).update(
        status=TagEditJob.Status.RUNNING
    )
    if not claimed:
        return
    job = TagEditJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        message = _edit(job)
        status = TagEditJob.Status.DONE
    except PermissionDenied as refused:
        message = str(refused) or _("Not done: you may not make this edit on every story carrying the tag.")
        status = TagEditJob.Status.FAILED
    except IntegrityError:
        # Another tag took the name or slug meanwhile: trying again would not help.
        message = _("Not done: another tag has this name or slug now.")
        status = TagEditJob.Status.FAILED
    except DatabaseError:
        # The database may be back for the next try (the task retries); the row says so meanwhile.
        TagEditJob.objects.filter(pk=job_id).update(status=TagEditJob.Status.QUEUED)
        raise
    except Exception as error:
        logger.exception("tag edit %s failed", job_id)
        message = _("Not done: %(error)s") % {"error": error}
        status = TagEditJob.Status.FAILED
    TagEditJob.objects.filter(pk=job_id).update(status=status, message=message, finished_at=timezone.now())


def _edit(job: TagEditJob) -> str:
    from review import signals as review_signals

    user = job.requested_by
    action = job.action
    needed = "change" if action == TagEditJob.Action.RENAME else "delete"
    if user is None or not user.is_active or not user.has_perm(f"taggit.{needed}_tag"):
        raise PermissionDenied(_("Not done: the user who asked may no longer edit tags."))
    alias = router.db_for_write(Tag)
    with transaction.atomic(using=alias), review_signals.one_edit(user):
        tag = Tag.objects.using(alias).filter(pk=job.tag_id).first() if job.tag_id else None
        if tag is None:
            return _("Not needed: the tag had been deleted.")
        if action == TagEditJob.Action.RENAME:
            tag.name, tag.slug = job.new_name, job.new_slug or tag.slug
            if tag_edits.renames(tag):
                tag_edits.lock_and_judge(user, [tag], tag_edits.RENAME)
            tag.save()
            _log(user, tag, CHANGE, [{"changed": {"fields": ["Name"]}}])
            return _("Renamed on %(count)s stories.") % {"count": job.stories}
        tag_edits.lock_and_judge(user, [tag], tag_edits.DELETE)
        _log(user, tag, DELETION, "")
        tag_edits.delete_tag_rows([tag])
        tag.delete()
        return _("Deleted from %(count)s stories.") % {"count": job.stories}


def _log(user, tag, flag, message) -> None:
    # The admin's history, as the admin writes it for an edit done in the request.
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[tag],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )

"""The shared cache's generation: the newest ``CacheGeneration`` row.

Why: an invalidation that cannot reach Redis (it is down, or timed out) is
lost, and Redis may come back holding everything it held before (restarted
from its snapshot, or only cut off from us). So a write that may have been
lost adds a row here, in the same database and transaction as the change
that needed it, and every key the shared cache reads or writes carries the
newest row's id (see newsroom/redis_cache.py): what Redis held before is
never read again, whoever lost the write and whenever Redis returns.

Each process reads the number from the primary at most every
``CACHE_GENERATION_CHECK_SECONDS`` (one indexed query), and at once before
its first cache call after an outage it saw; the process that lost a write
moves on at once. So after Redis returns, a page that missed an invalidation
is never served by a process that saw the outage, and by any other for at
most that interval. A process that cannot read the database keeps the number
it has; one that never had it reads the copy kept in Redis.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger("newsroom.outages")
_lock = threading.Lock()
_number: int | None = None
_next_check = 0.0
# After a failed read, wait this long before asking a database that is down again.
_RETRY_AFTER_FAILURE = 5.0
_disposable: ContextVar[bool] = ContextVar("cache_writes_disposable", default=False)


@contextmanager
def disposable_writes():
    """Writes in the block only add a copy (a rendered page, a rendition's
    widths): losing one leaves nothing stale, so it starts no new generation
    and Redis returning with its data is at once a warm cache."""
    token = _disposable.set(True)
    try:
        yield
    finally:
        _disposable.reset(token)


def writes_are_disposable() -> bool:
    return _disposable.get()


def _read_from_database() -> int:
    from django.db.models import Max

    from caching.models import CacheGeneration

    connection = connections["default"]
    # Inside a caller's transaction, a failure must not abort it.
    guard = transaction.atomic(using="default") if connection.in_atomic_block else _nothing()
    with guard:
        return CacheGeneration.objects.using("default").aggregate(newest=Max("id"))["newest"] or 0


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def current(*, force: bool = False) -> int | None:
    """This process's generation (None: never read and the database is down)."""
    global _number, _next_check
    now = time.monotonic()
    if not force and now < _next_check:
        return _number
    with _lock:
        if not force and now < _next_check:
            return _number
        try:
            _number = _read_from_database()
        except Exception as error:  # noqa: BLE001 - a cache must never fail the request
            logger.debug("cache generation not read from the database (%s); keeping %s", error, _number)
            _next_check = now + max(_RETRY_AFTER_FAILURE, _interval())
        else:
            _next_check = now + _interval()
        return _number


def learn(number: int) -> None:
    """Take ``number`` (read from the copy in Redis) when the database could not be read."""
    global _number
    with _lock:
        if _number is None:
            _number = number


def advance(reason: str) -> int | None:
    """Start a new generation: a write to the shared cache may have been lost."""
    global _number, _next_check
    from caching.models import CacheGeneration

    text = f"{reason} (pid {os.getpid()})"[:300]
    try:
        connection = connections["default"]
        guard = transaction.atomic(using="default") if connection.in_atomic_block else _nothing()
        with guard:
            row = CacheGeneration.objects.using("default").create(reason=text)
    except Exception as error:  # noqa: BLE001
        # The database is down as well: then nothing was saved that needs a
        # fresh page, except by a transaction that is failing with it.
        logger.error("cache generation could not be advanced (%s): %s", error, text)
        return None
    with _lock:
        _number = max(_number or 0, row.pk)
        _next_check = time.monotonic() + _interval()
    logger.warning("cache generation advanced to %s: %s", row.pk, text)
    return row.pk


def forget() -> None:
    """As in a new process (for tests)."""
    global _number, _next_check
    with _lock:
        _number, _next_check = None, 0.0


def _interval() -> float:
    return float(getattr(settings, "CACHE_GENERATION_CHECK_SECONDS", 1))

"""Reads from replicas, writes to the primary, and a request that wrote
reads its own writes.

``DATABASE_REPLICA_URLS`` adds read-only aliases ``replica_1``…; reads in a
GET or HEAD request go to one of them at random. A POST, PUT, PATCH or DELETE
reads from the primary, and so does the same browser for
``REPLICA_LAG_SECONDS`` after it (a cookie), so an editor never sees the page
from before their own save. Outside requests (commands, the shell, jobs)
everything uses the primary.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_pinned = ContextVar("newsroom_pinned_to_primary", default=True)
_read_alias = ContextVar("newsroom_read_alias", default=None)
PIN_COOKIE = "pin_primary"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if (alias := _read_alias.get()) is not None:
            return alias
        replicas = getattr(settings, "DATABASE_REPLICAS", [])
        if not replicas or _pinned.get():
            return "default"
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        # Django also asks this when it only assigns a related object, so it
        # is no sign of a write: requests are pinned by their method instead.
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary.
        return True


def read_lag_ns() -> int:
    """How far behind the primary this context's reads may be, in ns: the
    replicas' allowed lag when reads may go to one, else 0. Something
    rendered from them is as old as its render's start minus that, and so
    may miss a change made that long before it started."""
    alias = _read_alias.get()
    if alias is not None:
        return 0 if alias == "default" else settings.REPLICA_LAG_SECONDS * 1_000_000_000
    if not getattr(settings, "DATABASE_REPLICAS", []) or _pinned.get():
        return 0
    return settings.REPLICA_LAG_SECONDS * 1_000_000_000


@contextmanager
def reads_from(alias):
    """Every read in the block from ``alias``: for work that sets up its
    connection first (a transaction, a planner setting) and then reads."""
    token = _read_alias.set(alias)
    try:
        yield alias
    finally:
        _read_alias.reset(token)


class PinPrimaryAfterWriteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pinned.set(request.method in UNSAFE_METHODS or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
            if request.method in UNSAFE_METHODS:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.REPLICA_LAG_SECONDS,
                    httponly=True,
                    secure=request.is_secure(),
                    samesite="Lax",
                )
            return response
        finally:
            _pinned.reset(token)

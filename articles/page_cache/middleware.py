"""Serving and storing whole pages for anonymous readers.

A hit is one cache call and no hashing: a page is stored with the headers a
hit sends, its ETag included. A page this worker holds in memory (``held``)
is served on two small keys, the cache's clock and epoch, while no version
has changed since its versions were checked; any other is read together
with the versions it depended on when this process last saw it (a guess
checked against the page: names it does not cover are read in a second
call), and then held.

A page is kept past its freshness (``PAGE_CACHE_SECONDS``) for
``PAGE_CACHE_STALE_IF_ERROR_SECONDS`` more: when the database cannot be
reached while a page is rendered, the last copy is served instead, even one
an edit has outdated, marked ``X-Page-Cache: stale-if-error`` and not to be
reused by a CDN without asking again. Readers see what they already saw
rather than an error.

Never, though, a copy made before something it shows was taken off the site
(a story unpublished, archived, deleted or embargoed again: its row's name
withdrawn, ``dependencies.withdrawn_since``), nor one whose withdrawals could
not be checked: a takedown wins over availability (``_may_serve_stale``). A
page whose address answers a redirect or a client error now (a story taken
down is a 404) has its copy deleted at once.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

from articles import fragments
from articles.page_cache import dependencies, held, refill
from articles.page_cache.dependencies import (
    CLOCK,
    LAST_BUMP,
    PREFIX,
    Recording,
    read_versions,
    still_valid,
    version_key,
    withdrawn_since,
)
from articles.template_version import template_version
from caching.generation import disposable_writes
from newsroom.db_outage import is_database_outage
from newsroom.db_router import read_lag_ns
from newsroom.redis_cache import set_each

EXCLUDED_PREFIXES = ("/static/", "/media/")
_NEVER_BUMPED = (0, ())
STALE = "stale-if-error"


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith((f"/{settings.ADMIN_URL}", *EXCLUDED_PREFIXES))
        and _host_allowed(request)
    )


def _host_allowed(request) -> bool:
    """A request for a host not in ALLOWED_HOSTS goes on to Django's 400,
    never to a cached page (which would answer it for any Host header)."""
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


def _page_key(request) -> str:
    return page_key(request.get_full_path())


def page_key(full_path: str) -> str:
    digest = hashlib.sha256(full_path.encode()).hexdigest()
    # Stored with the headers a hit sends; keys of any other layout are never read.
    # Keyed by the templates' version: a deploy that changes them never serves the old pages.
    return f"{PREFIX}page2:{template_version()}:{digest}"


def _cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and response.get("X-Page-Cache") != STALE
    )


def _public_headers(response):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_HTTP_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )


# The dependency names each page had when this process last stored or served
# it, so that a hit asks for the page and its versions in one cache call. Only
# a guess: a page whose names differ reads the others in a second call.
_known_deps: dict[str, tuple[str, ...]] = {}
_KNOWN_DEPS_MAX = 20_000


def _remember_deps(key, names) -> None:
    if len(_known_deps) >= _KNOWN_DEPS_MAX:
        _known_deps.clear()
    _known_deps[key] = tuple(names)


class Lookup(NamedTuple):
    entry: dict | None  # the page as stored (or held), if any
    fresh: bool  # whether it may be served
    headers: dict | None = None  # its headers as a response holds them, if already made
    clock: str | None = None  # the clock as read before any version in this request
    # The versions of everything ``entry`` depends on, read with it from the
    # cache in this request; None for a copy the cache did not give.
    versions: dict | None = None


def _lookup(key, now) -> Lookup:
    """The page stored under ``key``, and whether it may be served.

    A page this worker holds is served on the clock and epoch alone while
    they read as when its versions were checked (one call for two small
    keys); otherwise the page is read from the cache with its versions."""
    page = held.get(key)
    # A clock this process has already seen move on since the page was
    # checked needs no asking: the page is read with its versions at once.
    if page is not None and page.clock is not None and page.clock == held.clock_seen[0]:
        found = dependencies.cache.get_many([CLOCK, held.EPOCH])
        held.clock_seen[0] = found.get(CLOCK)
        held.epoch_read(found.get(held.EPOCH))
        if held.still_unchanged(page, found.get(CLOCK), found.get(held.EPOCH), now):
            held.touch(key)
            return Lookup(page.entry, True, page.headers)
        page = held.get(key)  # None if the epoch changed
    guess = tuple(page.entry["deps"]) if page is not None else _known_deps.get(key, ())
    version_keys = list(map(version_key, guess))
    # And the versions of rows changed moments ago (a story just published):
    # a page outdated by it knows the story only once its list is read, and
    # would read its version in a cache call of its own after that.
    recent = [name for name in fragments.lookup_names() if name not in guess]
    # The fragments' epoch too: a page rendered after a miss then reads none again.
    found = dependencies.cache.get_many(
        [key, fragments.EPOCH, CLOCK, held.EPOCH, LAST_BUMP, *version_keys, *map(version_key, recent)]
    )
    dependencies.remember_versions({name: found.get(version_key(name), _NEVER_BUMPED) for name in recent})
    held.epoch_read(found.get(held.EPOCH))
    # The last bump's versions, read at once with the page's: the story it
    # published needs no version read of its own for its new cards.
    dependencies.remember_versions(found.get(LAST_BUMP) or {})
    clock = held.clock_seen[0] = found.get(CLOCK) or _start_clock()
    entry = found.get(key)
    if entry is None:
        fragments.epoch_read(found.get(fragments.EPOCH))
        return Lookup(page.entry if page is not None else None, False, clock=clock)
    versions = {name: found.get(vkey, _NEVER_BUMPED) for name, vkey in zip(guess, version_keys)}
    dependencies.remember_versions(versions)  # a miss renders from these very names
    if guess != tuple(entry["deps"]):
        missing = [name for name in entry["deps"] if name not in versions]
        if missing:
            versions.update(read_versions(missing))
        _remember_deps(key, entry["deps"])
    fresh = now - entry["stored_at"] < settings.PAGE_CACHE_SECONDS and still_valid(
        entry["deps"], entry["stored_at"], versions, now
    )
    if fresh:
        # Every version was read after this clock: held until it moves.
        held.keep(key, entry, versions, clock)
    else:
        held.drop(key)
        fragments.epoch_read(found.get(fragments.EPOCH))
    return Lookup(entry, fresh, clock=clock, versions=versions)


def _start_clock():
    """A clock for a cache that has none (emptied, or never bumped), started
    now: what was just read is still as read, since any bump would have set
    one first (then None)."""
    clock = uuid.uuid4().hex
    with disposable_writes():  # without it, held pages are checked on every hit
        return clock if dependencies.cache.add(CLOCK, clock, timeout=None) else None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header("Cache-Control"):
                # Editors' pages (previews, fresh lists) must never reach a shared cache.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        key = _page_key(request)
        now = time.time()
        entry, fresh, headers, clock, checked = _lookup(key, now)
        if fresh:
            return _replay(entry, now, headers)

        request._page_cache_fallback = entry
        request._page_cache_fallback_versions = checked
        # The fragments the page renders are written with it, in one call.
        with Recording() as recording, fragments.batched() as batch:
            # An outdated page is rendered again by its view alone (refill.py).
            try:
                refilled = refill.render(request, key, entry)
            except Exception as error:  # the database is down: the stale copy at once
                if (stale := self.process_exception(request, error)) is None:
                    raise
                return stale
            response = refilled or self.get_response(request)
            if not _cacheable_response(response):
                if entry is not None and _page_gone(response):
                    _forget_page(key)
                return response
            if refilled is None:
                refill.remember(key, response)
            versions = read_versions(recording.names)
            # A bump while the page rendered may or may not show in it, nor
            # one a lagging replica may not have had yet: such a page is
            # served but not stored. (Versions are bump times in ns.)
            newest_kept = now * 1e9 - read_lag_ns()
            if any(version[0] > newest_kept for version in versions.values()):
                return response
            # Headers as a hit sends them, ETag included, so that a hit neither
            # hashes the body (ConditionalGetMiddleware keeps an ETag it finds)
            # nor patches headers again.
            set_response_etag(response)
            _public_headers(response)
            patch_vary_headers(response, ("Cookie",))
            entry = {
                "stored_at": now,
                "deps": {name: version[0] for name, version in versions.items()},
                "status": response.status_code,
                "headers": list(response.items()),
                "content": response.content,
            }
            keep = settings.PAGE_CACHE_SECONDS + settings.PAGE_CACHE_STALE_IF_ERROR_SECONDS
            page = {key: (entry, keep), **held.epoch_write()}
            if writes := fragments.take_writes(batch):
                # A fragment write lost may have been needed (as without the page).
                set_each(dependencies.cache, {**writes, **page})
            else:
                with disposable_writes():  # a page that is not stored is rendered again
                    if len(page) == 1:
                        dependencies.cache.set(key, entry, timeout=keep)
                    else:
                        set_each(dependencies.cache, page)
            # Every version it depends on was read after the clock was, in the lookup.
            held.keep(key, entry, versions, clock)
        _remember_deps(key, versions)
        response["X-Page-Cache"] = "miss"
        return response

    def process_exception(self, request, exception):
        """The database is unreachable: the last copy of the page, if any may be served."""
        entry = getattr(request, "_page_cache_fallback", None)
        if entry is None or not is_database_outage(exception):
            return None
        if not _may_serve_stale(entry, getattr(request, "_page_cache_fallback_versions", None)):
            return None  # the outage's 503 (newsroom/db_outage.py)
        response = _replay(entry, time.time())
        response["X-Page-Cache"] = STALE
        # A CDN must ask again rather than keep a copy that may be outdated.
        del response["Cache-Control"]
        patch_cache_control(response, public=True, no_cache=True)
        return response


def _may_serve_stale(entry, versions) -> bool:
    """Whether the last copy of a page, ``entry``, may be served while the
    database is down: not if something it depends on was taken off the site
    after it was made, nor if that cannot be told.

    Withdrawals are kept in the versions (``dependencies``), which a copy is
    read with from the cache: no cache call more. A copy the cache did not
    give (only this worker's memory had it: Redis is unreachable, emptied,
    in a new generation, or the copy was deleted after a 404) has nothing
    to be checked against, so it is not served and the reader gets the
    outage's 503. That costs readers the pages this worker held when the
    database and Redis are both down; the other way, a story taken down for
    legal reasons would be shown again by an outage, which the site must
    never do."""
    return versions is not None and not withdrawn_since(entry["deps"], versions)


def _page_gone(response) -> bool:
    """Whether a page's address now answers that it has no page (a story
    taken down: 404) or that it moved: its last copy must not be served
    again. Server errors are no such answer."""
    return 300 <= response.status_code < 500


def _forget_page(key) -> None:
    """Delete the copy of page ``key``: a delete lost while Redis is
    unreachable starts a new cache generation, as an invalidation would."""
    held.drop(key)
    dependencies.cache.delete(key)


def _replay(entry, now, headers=None):
    response = HttpResponse(entry["content"], status=entry["status"])
    # The headers as the missed response held them, each checked then: set
    # one by one, each would be checked and encoded again (twice the time).
    store = response.headers._store
    store.update(held.header_store(entry["headers"]) if headers is None else headers)
    store["age"] = ("Age", str(int(now - entry["stored_at"])))
    store["x-page-cache"] = ("X-Page-Cache", "hit")
    return response


def forget_held() -> None:
    """Forget what this process knows of pages (as a new process): those it
    holds and the dependencies it remembers."""
    held.forget()
    _known_deps.clear()
    refill.forget()

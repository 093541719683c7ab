"""What a cached page was made from, and the versions of those names.

A page depends on the rows it loaded (recorded by a post_init hook while it
renders) and on the lists it showed (``depends_on("list:department:3")``,
declared by views; a page that declares none depends on ``list:all``). Each
name has a version in the cache; a page is served only while every version
it recorded is unchanged.

A version is ``(token, pending dues)``, or ``(token, pending dues, withdrawn)``
for a name taken off the site (a story unpublished, archived, deleted or
embargoed again): ``withdrawn`` is the token of the bump that took it off,
carried by every later bump while a copy made before it may still be kept.
An outdated copy is served when the database is down (the stale copy,
``middleware.py``), but never one made before a withdrawal of a name it
depends on (``withdrawn_since``): an edit may show late, a takedown never.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction

from newsroom.redis_cache import update_many

PREFIX = "pc:"
# A new random value with every bump, written with the versions it changes:
# while it reads as before, no version has changed (articles/page_cache/held.py).
CLOCK = f"{PREFIX}clock"
# The versions the last bump gave, written in the same write as the clock:
# a worker that did not make the bump (a story published by an editor's
# request) learns the new story's version with a page's lookup, and a page
# rendered after it reads no version of its own for the story's new cards.
# Kept beside the clock, not in it: a hit on a held page reads the clock only.
LAST_BUMP = f"{PREFIX}last-bump"
# A bump of more names (a person renamed, every story of theirs) keeps none.
LAST_BUMP_MAX = 16
# The clock as this process last read or wrote it: a page held at another
# value is known to need its versions read, without asking the clock first.
clock_seen: list[str | None] = [None]
_collector: ContextVar[set | None] = ContextVar("page_cache_collector", default=None)
_declared: ContextVar[set | None] = ContextVar("page_cache_declared", default=None)
_seen: ContextVar[dict | None] = ContextVar("page_cache_versions_seen", default=None)

# Rows whose loading makes a page depend on them.
WATCHED = {
    "articles.article",
    "articles.department",
    "articles.edition",
    "articles.printpage",
    "articles.publication",
    "articles.photo",
    "people.person",
    "taggit.tag",
}


def row_key(model, pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


def depends_on(*names: str) -> None:
    """Declare the lists the page being rendered shows (e.g. ``list:tag:5``)."""
    declared = _declared.get()
    if declared is not None:
        declared.update(names)


def declared() -> set[str]:
    """The lists the page being rendered declared so far (``depends_on``)."""
    return _declared.get() or set()


def record_row(instance) -> None:
    collected = _collector.get()
    if collected is not None and instance.pk is not None:
        collected.add(row_key(type(instance), instance.pk))


def record_names(names) -> None:
    """Make the page being rendered depend on ``names`` (a cached fragment's rows and lists)."""
    collected = _collector.get()
    if collected is not None:
        collected.update(names)


class collecting:
    """The rows loaded and the names recorded inside the block (``as names``),
    which still reach the page being rendered: what a page shell rendered in
    the block depends on."""

    def __enter__(self):
        self.names = set()
        self._outer = _collector.get()
        self._token = _collector.set(self.names)
        return self.names

    def __exit__(self, *exc):
        _collector.reset(self._token)
        if self._outer is not None:
            self._outer.update(self.names)
        return False


class Recording:
    """Collects the rows loaded and the lists declared while a page renders."""

    def __enter__(self):
        self.collected, self.declared = set(), set()
        self._tokens = (_collector.set(self.collected), _declared.set(self.declared))
        return self

    def __exit__(self, *exc):
        _collector.reset(self._tokens[0])
        _declared.reset(self._tokens[1])
        return False

    @property
    def names(self) -> set[str]:
        return self.collected | (self.declared or {"list:all"})


def version_key(name: str) -> str:
    return f"{PREFIX}v:{name}"


def read_versions(names, *, fresh: bool = False) -> dict:
    """The current version of each name, ``{name: (token, pending dues)}``.

    Within a request (``versions_per_request``) a name is read once: what a page
    or fragment stores is compared with the current version for equality
    only, so a token read earlier in the request than the rows it was made
    from only makes it miss sooner; and one bumped since the request started
    (a token later than its start) keeps it from being stored, as before."""
    seen = None if fresh else _seen.get()
    if seen is None:
        found = cache.get_many([version_key(n) for n in names])
        return {n: found.get(version_key(n), (0, ())) for n in names}
    unknown = [n for n in names if n not in seen]
    if unknown:
        seen.update(read_versions(unknown, fresh=True))
    return {n: seen[n] for n in names}


def versions_seen() -> dict:
    """The versions read so far in this request (empty outside one)."""
    return _seen.get() or {}


def remember_versions(versions: dict) -> None:
    """Keep ``versions``, read by a caller in its own cache call, for the rest of the request."""
    seen = _seen.get()
    if seen is not None:
        for name, version in versions.items():
            seen.setdefault(name, version)


def versions_per_request(**kwargs) -> None:
    """Start (request_started) or end (request_finished) a request's versions read once."""
    _seen.set({} if kwargs.get("signal") is request_started else None)


def bump(*names: str, due: float | None = None, withdrawn: Iterable[str] = ()) -> None:
    """Give ``names`` new versions; with ``due``, also mark them stale from that time on;
    those of them in ``withdrawn`` were taken off the site (written in the same write).

    The shared cache fails open: a bump that cannot reach it starts a new
    cache generation (newsroom/redis_cache.py), so no page stored before it
    is served again.

    Inside a transaction the names are bumped again when it commits: a page
    or fragment rendered between the first bump and the commit read the rows
    as they were and stored them under the new versions."""
    if not names:
        return
    withdrawn = frozenset(withdrawn)
    _set_versions(names, due, withdrawn)
    if transaction.get_connection().in_atomic_block:
        # The withdrawal too: a page rendered before the commit still showed the story.
        transaction.on_commit(lambda: _set_versions(names, due, withdrawn))


def _set_versions(names, due, withdrawn=frozenset()) -> None:
    # Read, merge and write at once: a due or a withdrawal another process
    # wrote between our read and our write would be lost, and pages stored
    # before it served after it.
    keys = [version_key(name) for name in names]
    clock = uuid.uuid4().hex
    update_many(cache, keys, lambda found: _new_versions(names, due, found, clock, withdrawn), timeout=None)
    clock_seen[0] = clock


def _new_versions(names, due, found: dict, clock: str, withdrawn=frozenset()) -> dict:
    """What a bump of ``names`` writes, ``found`` being their versions' keys as read."""
    now = time.time()
    token = time.time_ns()
    # A withdrawal older than the longest a page is kept has no copy left to refuse.
    kept_ns = (settings.PAGE_CACHE_SECONDS + settings.PAGE_CACHE_STALE_IF_ERROR_SECONDS) * 1_000_000_000
    updates = {}
    for name in names:
        old = found.get(version_key(name), _UNKNOWN)
        dues = old[1]
        pending = tuple(sorted({t for t in dues if t > now} | ({due} if due and due > now else set())))
        taken = token if name in withdrawn else withdrawn_token(old)
        keep_withdrawal = taken and token - taken < kept_ns
        updates[version_key(name)] = (token, pending, taken) if keep_withdrawal else (token, pending)
    last = {name: updates[version_key(name)] for name in names} if len(names) <= LAST_BUMP_MAX else {}
    updates[LAST_BUMP] = last  # current while read with the versions: only this write sets versions
    updates[CLOCK] = clock  # one write with the versions: Redis applies it at once
    return updates


def still_valid(deps: dict, stored_at: float, versions: dict, now: float) -> bool:
    """Whether something stored at ``stored_at`` with ``deps`` ({name: token})
    may still be served: a page, or a fragment of one."""
    for name, token in deps.items():
        version = versions.get(name, _UNKNOWN)
        if version[0] != token:
            return False
        dues = version[1]
        if dues and any(stored_at < t <= now for t in dues):
            return False
    return True


def withdrawn_token(version: tuple) -> int:
    """The token of the bump that last took a name off the site (0: none kept)."""
    return version[2] if len(version) > 2 else 0


def withdrawn_since(deps: dict, versions: dict) -> bool:
    """Whether a name that something stored with ``deps`` ({name: token})
    depends on was taken off the site after it was made, ``versions`` being
    the current versions of every one of them. A copy is stored only with
    versions bumped before its request began (``middleware.py``), so one
    made from a name's version older than its withdrawal was rendered
    before the name was taken off."""
    return any(token < withdrawn_token(versions.get(name, _UNKNOWN)) for name, token in deps.items())


_UNKNOWN = (0, ())
